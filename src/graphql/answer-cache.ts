/**
 * Answers to anonymous queries of published data (figures, reports, comparison, reconciliation, stats, a
 * county's page), kept in this process and keyed by (query, operation name, variables). The same
 * answer holds for every anonymous caller until data it contains changes.
 *
 * Each answer is stamped, before it is computed, with the data versions (src/db/data-changes.ts)
 * of the counties it may contain (answer-scope.ts), and served while they have not moved: an
 * import of one county drops that county's answers and those about any county, and leaves the
 * others. While changes could go unheard (no LISTEN session) nothing is read from or written to
 * the cache. An answer that raced a change carries the stamp from before it, so it is stale at once.
 * Keyed callers are never served from here (an importer reads its own writes at once).
 */
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Context } from '../context';
import type { CountyScope, DataStamp } from '../db/data-changes';
import { jsonBytes } from '../common/json-body';
import { keepRecent, useRecent } from '../common/recent-entries';
import { answerScope } from './answer-scope';

export interface DataVersions {
  stamp(scope: CountyScope): DataStamp | null;
  isCurrent(stamp: DataStamp): boolean;
}

export interface AnswerCacheOptions {
  /** Answers kept at most (least recently used go first). */
  entries: number;
  versions: DataVersions;
}

/** Larger answers are not kept: a few of them would crowd out the rest. */
const MAX_ANSWER_BYTES = 512 * 1024;

interface Entry {
  data: Record<string, unknown>;
  stamp: DataStamp;
}

export function answerCachePlugin(opts: AnswerCacheOptions): ApolloServerPlugin<Context> {
  const entries = new Map<string, Entry>();

  return {
    async requestDidStart() {
      let key: string | undefined;
      let hit = false;
      let stamp: DataStamp | null = null;
      return {
        // Stamped in the same turn as the read routing (src/http/read-routing.ts) chooses a database
        // at least as new as the last change heard, so an answer never carries a stamp it predates.
        async didResolveOperation({ contextValue, operation, schema, document, request }) {
          if (contextValue.viewer.role !== 'ANONYMOUS' || !operation) return;
          const scope = answerScope(schema, document, operation, request.variables);
          stamp = scope && opts.versions.stamp(scope);
        },
        async responseForOperation({ request, queryHash }) {
          if (!stamp) return null;
          key = JSON.stringify([queryHash, request.operationName ?? null, request.variables ?? {}]);
          const entry = entries.get(key);
          if (!entry) return null;
          if (!opts.versions.isCurrent(entry.stamp)) {
            entries.delete(key);
            return null;
          }
          useRecent(entries, key);
          hit = true;
          const response: GraphQLResponse = { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: entry.data } } };
          return response;
        },
        async willSendResponse({ response }) {
          if (!key || hit || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (errors?.length || !data || !stamp || !opts.versions.isCurrent(stamp)) return;
          if (jsonBytes(data).length > MAX_ANSWER_BYTES) return;
          keepRecent(entries, key, { data, stamp }, opts.entries);
        },
      };
    },
  };
}
