/**
 * One-way layers (issue 14), checked by `npm run check:layers`, which `npm test` runs first.
 * From the bottom:
 *   base (common, errors, config, logger, paths) < db < query < features < graphql (generic
 *   helpers, and each feature's *.resolver.ts and *.feature.ts) < analytics < imports (records,
 *   reports, and proposing figures from a text: src/modules/propose, resolver included) < composition root (schema, server, main, context, features, entities, ORM set-up,
 *   cli, http, explorer, dashboard, web (the browser pages' build and serving), migrations, the node field that resolves every type).
 * Features are ordered too: geography < auth < agency < record types; case-file reviews sample
 * enforcement cases, so they sit above them. A rule names what a layer may not import.
 * Type-only imports are not dependencies at run time and are exempt.
 */
const BASE = '^src/(common/|errors\\.ts$|config\\.ts$|logger\\.ts$|paths\\.ts$)';
const DB = '^src/db/(?!orm\\.ts$)';
const QUERY = '^src/query/';
const RESOLVER = '^src/modules/(?!import/|propose/)[^/]+/.*\\.(resolver|feature)\\.ts$';
const GRAPHQL = '^src/graphql/(?!node\\.resolver\\.ts$)';
const ANALYTICS = '^src/analytics/';
const IMPORT = '^src/modules/(import|propose)/';
const ROOT = '^src/(schema|server|main|context|entities|features|mikro-orm\\.config)\\.ts$|^src/db/orm\\.ts$|^src/graphql/node\\.resolver\\.ts$|^src/(cli|http|explorer|dashboard|web|migrations)/';

/** Domain files (entities, declarations, services) of a feature folder, not its resolvers. */
const feature = (names) => `^src/modules/(${names})/(?!.*\\.(resolver|feature)\\.ts$)`;
const GEOGRAPHY = feature('geography');
const AUTH = feature('auth');
const AGENCY = feature('agency');
const RECORDS = feature('enforcement|officer|legality-review|litigation|supervision|training|task-force|report');
const SAMPLES = feature('case-file-review');
const FEATURES = [GEOGRAPHY, AUTH, AGENCY, RECORDS, SAMPLES];

const layers = [
  ['base', BASE],
  ['db', DB],
  ['query', QUERY],
  ['geography', GEOGRAPHY],
  ['auth', AUTH],
  ['agency', AGENCY],
  ['records', RECORDS],
  ['samples', SAMPLES],
  ['graphql', `${GRAPHQL}|${RESOLVER}`],
  ['analytics', ANALYTICS],
  ['import', IMPORT],
  ['root', ROOT],
];

// Record types do not import each other (enforcement and officers are siblings, not layers).
const siblings = ['enforcement', 'officer', 'legality-review', 'litigation', 'supervision', 'training', 'task-force', 'report'];

module.exports = {
  forbidden: [
    ...layers.slice(0, -1).map(([name, path], i) => ({
      name: `${name}-imports-upwards`,
      severity: 'error',
      comment: `The ${name} layer may not depend on the layers above it.`,
      from: { path },
      to: { path: layers.slice(i + 1).map(([, p]) => p).join('|'), dependencyTypesNot: ['type-only'] },
    })),
    ...siblings.map((name) => ({
      name: `${name}-imports-a-sibling-record-type`,
      severity: 'error',
      from: { path: feature(name) },
      to: { path: feature(siblings.filter((s) => s !== name).join('|')), dependencyTypesNot: ['type-only'] },
    })),
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles (type-only imports excepted).',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'every-module-is-in-a-layer',
      severity: 'error',
      comment: 'A new file must fall into one of the layers above (add it to this file if it opens a new one).',
      from: { path: '^src/', pathNot: [BASE, DB, QUERY, ...FEATURES, GRAPHQL, RESOLVER, ANALYTICS, IMPORT, ROOT].join('|') },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|bench|seeds|dist)/' },
  },
};
