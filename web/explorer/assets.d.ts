/** Stylesheets are bundled by esbuild (src/explorer/bundle.ts); importing one yields nothing. */
declare module '*.css';
