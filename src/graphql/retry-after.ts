/**
 * A field error that says when to retry (extensions.retryAfter, e.g. SERVICE_UNAVAILABLE when
 * every pool connection stayed busy) also sets the Retry-After header of the HTTP response.
 */
import type { ApolloServerPlugin } from '@apollo/server';

export function retryAfterPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || response.http.headers.has('retry-after')) return;
          const seconds = (response.body.singleResult.errors ?? [])
            .map((e) => e.extensions?.retryAfter)
            .filter((s): s is number => typeof s === 'number');
          if (seconds.length) response.http.headers.set('retry-after', String(Math.max(...seconds)));
        },
      };
    },
  };
}
