/**
 * Apollo Server behind Express: the request handed to `executeHTTPGraphQLRequest`, its answer
 * written back. In place of @as-integrations/express5 so that an answer leaves as the bytes
 * `graphqlAnswerBytes` made (Apollo's `stringifyResult`), instead of a string that Express
 * encodes again (see json-body.ts for what that cost).
 */
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, Response } from 'express';
import { jsonBytes } from '../common/json-body';
import { csvBody } from './csv';

/**
 * For ApolloServer's `stringifyResult`. Apollo passes the value on untouched to `body.string`
 * (it only joins strings for batched requests, which server.ts refuses first), so bytes reach
 * `graphqlEndpoint` and the CSV answers (csv.ts) as a Buffer.
 */
export function graphqlAnswerBytes(value: unknown): string {
  return jsonBytes(value) as unknown as string;
}

export function graphqlEndpoint<C extends BaseContext>(server: ApolloServer<C>, context: (args: { req: Request; res: Response }) => Promise<C>) {
  server.assertStarted('graphqlEndpoint()');
  return async (req: Request, res: Response) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const answer = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: new URL(req.originalUrl, 'http://localhost').search,
        body: (req as { body?: unknown }).body,
      },
      context: () => context({ req, res }),
    });
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === 'complete') {
      // A Buffer (graphqlAnswerBytes) or Apollo's own text (its landing page); CSV if the client asked for it.
      const body = csvBody(res, answer.body.string as string | Buffer);
      if (req.method === 'GET') {
        // Express adds the length and an ETag, which a client may send back (If-None-Match) for a 304.
        res.send(body);
        return;
      }
      // A POST's answer is never revalidated: its bytes are not hashed for an ETag (0.1 ms for W2's 150 kB).
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      res.setHeader('content-length', bytes.length);
      res.end(bytes);
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
