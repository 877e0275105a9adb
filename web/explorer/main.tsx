/**
 * The explorer at /: GraphiQL (docs, autocompletion, history, variables and headers editors)
 * against this server's /graphql, with the example operations in a sidebar. Everything it loads
 * comes from this server: the bundle, Monaco's workers, fonts and the schema (by introspection).
 */
import './monaco-workers';
import 'graphiql/style.css';
import './explorer.css';
import { createRoot } from 'react-dom/client';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { examplesPlugin } from './examples-plugin';
import { fetcher } from './fetcher';

// The header editor accepts comments (JSONC), so a new tab shows where the key goes without sending one.
const DEFAULT_HEADERS = `{
  // Record-level data (cases, certificates, meetings, reviews) needs an API key:
  // "Authorization": "Bearer <key>"
}`;

const DEFAULT_QUERY = `# Rule-of-law government figures (法治政府建设情况报告), as a GraphQL API.
# Examples: the list icon on the left. Docs: the book icon. Run: Ctrl+Enter.
query CountyTownships {
  county(code: "410726") {
    name
    nameEn
    townships(first: 20) { totalCount nodes { code name kind } }
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher}
    // Passing plugins replaces GraphiQL's default list, so history is named again.
    plugins={[examplesPlugin, HISTORY_PLUGIN]}
    visiblePlugin={examplesPlugin}
    defaultQuery={DEFAULT_QUERY}
    defaultHeaders={DEFAULT_HEADERS}
    // The key typed into the headers editor survives a reload (GraphiQL's own localStorage);
    // the settings dialog turns this off.
    shouldPersistHeaders
    defaultEditorToolsVisibility="headers"
    inputValueDeprecation
  >
    <GraphiQL.Logo>法治政府建设 · GraphQL</GraphiQL.Logo>
  </GraphiQL>,
);
