import 'reflect-metadata';
/** Config for the MikroORM CLI (`npx mikro-orm ...`); needs DATABASE_URL. The app itself uses src/db/orm.ts. */
import { ormConfig } from './db/orm';

export default ormConfig({ url: process.env.DATABASE_URL ?? 'postgres://localhost/rule_of_law' });
