/**
 * The dashboard's calls to this server's /graphql, through the typed client frontend teams use
 * (clients/typescript/client.ts), with the API key typed into the page, if any.
 */
import type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';
import { request } from '../../clients/typescript/client';
import { apiKey } from './api-key';

const url = new URL('graphql', document.baseURI).href;

export function query<D extends TadaDocumentNode<any, any>>(document: D, variables?: VariablesOf<D>): Promise<ResultOf<D>> {
  return request({ url, apiKey: apiKey() ?? undefined }, document, variables);
}
