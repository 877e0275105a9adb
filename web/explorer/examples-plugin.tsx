/**
 * A sidebar plugin listing the example operations of schema/examples (served at examples.json),
 * each with the role it needs. Choosing one opens it in a new tab with its variables, keeping the
 * headers (and so the API key) of the tab it was opened from.
 */
import { useEffect, useState } from 'react';
import { useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';

/** As the server sends it (src/explorer/examples.ts). */
export interface Example {
  file: string;
  title: string;
  name: string;
  role: 'anonymous' | 'analyst' | 'editor' | 'admin';
  query: string;
  variables: Record<string, unknown>;
}

async function loadExamples(): Promise<Example[]> {
  const response = await fetch(new URL('examples.json', document.baseURI));
  if (!response.ok) throw new Error(`examples.json: HTTP ${response.status}`);
  return (await response.json()) as Example[];
}

function RoleBadge({ role }: { role: Example['role'] }) {
  const text = role === 'anonymous' ? 'no key' : `${role} key`;
  return <span className={`example-role example-role-${role}`} title={`role: ${role}`}>{text}</span>;
}

function ExampleList() {
  const [examples, setExamples] = useState<Example[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const { addTab } = useGraphiQLActions();

  useEffect(() => {
    loadExamples().then(setExamples, (err: Error) => setProblem(err.message));
  }, []);

  function open(example: Example) {
    const headers = headerEditor?.getValue() ?? '';
    addTab();
    // The new tab's editors are the same Monaco instances: filling them updates the tab's state.
    queryEditor?.setValue(example.query);
    variableEditor?.setValue(Object.keys(example.variables).length ? JSON.stringify(example.variables, null, 2) : '');
    headerEditor?.setValue(headers);
  }

  if (problem) return <p className="example-problem">Could not load the examples: {problem}</p>;
  if (!examples) return <p>Loading…</p>;
  return (
    <div className="examples">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p>
        Record-level data needs an API key (<code>npm run keys -- create --role analyst</code>): put it in the
        Headers editor below as <code>{'{"Authorization": "Bearer <key>"}'}</code>.
      </p>
      <ul>
        {examples.map((example) => (
          <li key={example.file}>
            <button type="button" className="example" data-file={example.file} onClick={() => open(example)}>
              <span className="example-title">{example.title}</span>
              <RoleBadge role={example.role} />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M4 5h16M4 12h16M4 19h10" strokeLinecap="round" />
    </svg>
  );
}

export const examplesPlugin: GraphiQLPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExampleList };
