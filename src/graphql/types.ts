/** Connection, filter and order types of a listable declaration, built once per declaration on first use. */
import type { EntityDecl } from '../query/declaration';
import { connectionTypes, type ConnectionTypes } from './connection-types';

const built = new Map<EntityDecl, ConnectionTypes>();

export function typesFor(decl: EntityDecl): ConnectionTypes {
  let types = built.get(decl);
  if (!types) {
    types = connectionTypes(decl, decl.entity);
    built.set(decl, types);
  }
  return types;
}
