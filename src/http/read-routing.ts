/**
 * Which database an operation reads (DATABASE_READ_URLS; README, "Read replicas").
 *
 * Queries read from a replica; mutations (imports), API-key checks, the rate limiter and every
 * other write stay on the primary, which is where the context starts. The choice is made once
 * per operation, when Apollo has resolved it (so persisted queries and a document of several
 * operations are routed by the one that runs), before anything has read: the context's
 * EntityManager, Db and loaders are then the replica's (readFromReplica), and ORM reads, loaders
 * and the analytics engine's SQL follow alike.
 *
 * Read-your-writes, carried by the client: a mutation's response has the header
 * `x-read-after-lsn`, the primary's WAL position once it committed. A client that sends it back
 * on its reads is served only by a replica that has replayed that far, else by the primary, so
 * it sees its own writes at once, whichever process or server answers (nothing is kept in a
 * process). The same floor applies to the whole process for changes it has heard of
 * (DataChanges.changedAt, src/db/data-changes.ts), so an answer cached after an import is never
 * read from a replica that has not replayed it.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { readFromReplica, type Context } from '../context';
import { parseLsn, type ReadReplicas } from '../db/read-replicas';
import { ErrorCode } from '../errors';

export const READ_AFTER_HEADER = 'x-read-after-lsn';

export interface ReadRoutingOptions {
  replicas: ReadReplicas;
  /** The WAL position of the latest data change this process heard of. */
  changes?: { changedAt(): string | null };
}

const later = (a: bigint | null, b: bigint | null): bigint | null => (a === null ? b : b === null || a >= b ? a : b);

export function readRoutingPlugin({ replicas, changes }: ReadRoutingOptions): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      const sent = request.http?.headers.get(READ_AFTER_HEADER);
      const after = sent ? parseLsn(sent) : null;
      return {
        // Synchronous up to the switch: it happens before the other plugins' hooks of this phase
        // (the heavy-operation lane binds to the Db chosen here) and in the same turn as the
        // answer cache reads its data version.
        async didResolveOperation({ operation, contextValue }) {
          if (sent && after === null) {
            throw new GraphQLError(`${READ_AFTER_HEADER} must be a WAL position such as 0/1A2B3C8, as a mutation's response gave it.`,
              { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } });
          }
          if (operation?.operation !== 'query') return;
          const changed = changes?.changedAt();
          const replica = replicas.choose(later(after, changed ? parseLsn(changed) : null));
          if (replica) readFromReplica(contextValue, replica);
        },
        async willSendResponse({ operation, response }) {
          if (operation?.operation !== 'mutation') return;
          try {
            response.http.headers.set(READ_AFTER_HEADER, await replicas.primaryLsn());
          } catch {
            // The primary did not answer: without the header the client's next reads may lag; the mutation's own answer stands.
          }
        },
      };
    },
  };
}
