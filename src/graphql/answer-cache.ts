/**
 * Answers to anonymous `comparison` and `reconciliation` queries, kept in this process and keyed
 * by (data version, query, operation name, variables). These read published figures and whole
 * county-years of records: the same answer for every anonymous caller until an import commits.
 *
 * The data version (src/db/data-changes.ts) moves when any process's import commits, so an
 * answer computed before it is never served after it is heard; while changes could go unheard
 * (no LISTEN session) nothing is read from or written to the cache. A key is taken before the
 * answer is computed, so an answer that raced an import is filed under the old version.
 * Keyed callers are never served from here (an importer reads its own writes at once).
 */
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../context';

export interface DataVersion {
  version(): number | null;
}

export interface AnswerCacheOptions {
  /** Answers kept at most (least recently used go first). */
  entries: number;
  versions: DataVersion;
}

const CACHEABLE_ROOT_FIELDS = new Set(['comparison', 'reconciliation', '__typename']);
/** Larger answers are not kept: a few of them would crowd out the rest. */
const MAX_ANSWER_CHARS = 512 * 1024;
/** A backstop for writes that bypass the import paths (hand-written SQL): no answer is older than this. */
const MAX_AGE_MS = 10 * 60_000;

interface Entry {
  data: Record<string, unknown>;
  at: number;
}

function onlyCacheableFields(operation: OperationDefinitionNode): boolean {
  return operation.operation === 'query'
    && operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && CACHEABLE_ROOT_FIELDS.has(s.name.value) && !s.directives?.length);
}

export function answerCachePlugin(opts: AnswerCacheOptions): ApolloServerPlugin<Context> {
  const entries = new Map<string, Entry>();
  let versionSeen: number | null = null;

  return {
    async requestDidStart() {
      let key: string | undefined;
      let hit = false;
      let version: number | null = null;
      return {
        // Read in the same turn as the read routing (src/http/read-routing.ts) chooses a database at
        // least as new as this version's change, so an answer is never filed under a version it predates.
        async didResolveOperation() {
          version = opts.versions.version();
        },
        async responseForOperation({ operation, request, queryHash, contextValue }) {
          if (contextValue.viewer.role !== 'ANONYMOUS' || !onlyCacheableFields(operation)) return null;
          if (version === null) return null;
          // Answers of older versions can never be asked for again.
          if (version !== versionSeen) {
            entries.clear();
            versionSeen = version;
          }
          key = JSON.stringify([version, queryHash, request.operationName ?? null, request.variables ?? {}]);
          const entry = entries.get(key);
          if (!entry || Date.now() - entry.at > MAX_AGE_MS) return null;
          // Most recently used last.
          entries.delete(key);
          entries.set(key, entry);
          hit = true;
          const response: GraphQLResponse = { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: entry.data } } };
          return response;
        },
        async willSendResponse({ response }) {
          if (!key || hit || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (errors?.length || !data || opts.versions.version() === null) return;
          if (JSON.stringify(data).length > MAX_ANSWER_CHARS) return;
          entries.set(key, { data, at: Date.now() });
          while (entries.size > opts.entries) entries.delete(entries.keys().next().value!);
        },
      };
    },
  };
}
