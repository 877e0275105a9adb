/** A minimal typed client over fetch: the result's type is the selection's, errors carry the API's codes. */
import type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
import { print } from 'graphql';

export class GraphQLRequestError extends Error {
  constructor(readonly errors: { message: string; extensions?: { code?: string } }[], readonly status: number) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
}

export interface ClientOptions {
  /** The API's URL, e.g. http://localhost:4000/graphql. */
  url: string;
  /** An API key, sent as `Authorization: Bearer <key>`; anonymous without one. */
  apiKey?: string;
}

export async function request<D extends TadaDocumentNode<any, any>>(options: ClientOptions, document: D, variables?: VariablesOf<D>): Promise<ResultOf<D>> {
  const response = await fetch(options.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: ResultOf<D> | null; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(body.errors ?? [{ message: `HTTP ${response.status} without data` }], response.status);
  return body.data;
}
