/**
 * The HTTP server an Express app serves, with requests and responses made with the prototypes
 * Express gives them (the app's `request` and `response`). Express sets each one's prototype with
 * Object.setPrototypeOf; on objects made by http's own classes that changed their shape, and every
 * request's objects outlived the next young-generation collection: 2-6 MB promoted at each (bare
 * Express 5 serving `/healthz` at c=1, `--trace-gc-nvp`; 15-30 KB without), left for the full
 * collections (W2's server CPU: 5.3 -> 4.7 ms a request without it). With the prototype already in
 * place, Express's call changes nothing.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

export interface ExpressServer {
  server: http.Server;
  /** Serves `app`; requests made from now on have its prototypes. */
  serve(app: Express): void;
}

export function createExpressServer(): ExpressServer {
  // Plain constructors (http's are functions too), so that their prototype can be the app's, known later.
  function Request(this: http.IncomingMessage, socket: Socket): void {
    (http.IncomingMessage as unknown as (this: http.IncomingMessage, socket: Socket) => void).call(this, socket);
  }
  function Response(this: http.ServerResponse, req: http.IncomingMessage, options?: object): void {
    (http.ServerResponse as unknown as (this: http.ServerResponse, req: http.IncomingMessage, options?: object) => void).call(this, req, options);
  }
  const server = http.createServer({
    IncomingMessage: Request as unknown as typeof http.IncomingMessage,
    ServerResponse: Response as unknown as typeof http.ServerResponse,
  });
  return {
    server,
    serve(app) {
      Request.prototype = app.request;
      Response.prototype = app.response;
      server.on('request', app);
    },
  };
}
