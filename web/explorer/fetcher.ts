/**
 * The explorer's fetcher: a plain POST to this server's /graphql with the headers of the headers
 * editor (that is where the API key goes: "Authorization": "Bearer …"). A network failure rejects,
 * and GraphiQL shows it in the response pane.
 */
import type { GraphiQLProps } from 'graphiql';

type Fetcher = GraphiQLProps['fetcher'];

export const graphqlUrl = new URL('graphql', document.baseURI).href;

export const fetcher: Fetcher = async (params, options) => {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    // Not GraphQL's JSON (a proxy's error page, say): show what came back rather than a parse error.
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
  }
};
