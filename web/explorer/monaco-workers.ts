/**
 * Where Monaco finds its web workers. The build bundles each worker into its own file (with a
 * content hash in the name) and passes the names in as EXPLORER_WORKERS, so no worker is fetched
 * from a CDN or built from a blob.
 */
declare const EXPLORER_WORKERS: { editor: string; json: string; graphql: string };

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    const file = label === 'json' ? EXPLORER_WORKERS.json : label === 'graphql' ? EXPLORER_WORKERS.graphql : EXPLORER_WORKERS.editor;
    return new Worker(new URL(`explorer/${file}`, document.baseURI));
  },
};
