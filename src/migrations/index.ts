/**
 * Migrations, listed explicitly so they run the same from dist/, ts-node and jest
 * (no file globbing, no dynamic import). `npm run migrate -- create` writes a new file; append it here.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128003742 } from './Migration20261128003742';
import { Migration20261128010342 } from './Migration20261128010342';
import { Migration20261128011631 } from './Migration20261128011631';
import { Migration20261128013544 } from './Migration20261128013544';
import { Migration20261128020724 } from './Migration20261128020724';
import { Migration20261129080000 } from './Migration20261129080000';
import { Migration20261129083000 } from './Migration20261129083000';
import { Migration20261129120000 } from './Migration20261129120000';
import { Migration20261129121000 } from './Migration20261129121000';
import { Migration20261129124723 } from './Migration20261129124723';
import { Migration20261129140000 } from './Migration20261129140000';
import { Migration20261129160000 } from './Migration20261129160000';
import { Migration20261129200000 } from './Migration20261129200000';
import { Migration20261129210000 } from './Migration20261129210000';
import { Migration20261129220000 } from './Migration20261129220000';
import { Migration20261130030000 } from './Migration20261130030000';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128003742', class: Migration20261128003742 },
  { name: 'Migration20261128010342', class: Migration20261128010342 },
  { name: 'Migration20261128011631', class: Migration20261128011631 },
  { name: 'Migration20261128013544', class: Migration20261128013544 },
  { name: 'Migration20261128020724', class: Migration20261128020724 },
  { name: 'Migration20261129080000', class: Migration20261129080000 },
  { name: 'Migration20261129083000', class: Migration20261129083000 },
  { name: 'Migration20261129120000', class: Migration20261129120000 },
  { name: 'Migration20261129121000', class: Migration20261129121000 },
  { name: 'Migration20261129124723', class: Migration20261129124723 },
  { name: 'Migration20261129140000', class: Migration20261129140000 },
  { name: 'Migration20261129160000', class: Migration20261129160000 },
  { name: 'Migration20261129200000', class: Migration20261129200000 },
  { name: 'Migration20261129210000', class: Migration20261129210000 },
  { name: 'Migration20261129220000', class: Migration20261129220000 },
  { name: 'Migration20261130030000', class: Migration20261130030000 },
];
