// Bundle src/main.ts into dist/ with esbuild: ESM, code splitting so each command (and the prompt and
// table code) is its own chunk loaded on demand.
// Files from earlier builds are removed afterwards (not before), so a run of bin/perk.js that starts
// during a rebuild never finds dist/ empty.
//
// Start-up is a feature (STYLE 14), so two things differ from a plain bundle:
// - better-sqlite3's JavaScript is bundled; only its native addon is loaded from node_modules (by path,
//   see src/db/open.ts). Importing the package from node_modules costs ~10 ms of CommonJS loading on
//   every run; bundled it is ~1 ms. `bindings` (its addon finder, a fallback only) stays external.
// - commander's `require('node:child_process')` (only used for executable subcommands, which perk does
//   not have) is loaded on first use instead of on every start (~1 ms).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** commander → a lazy `child_process`: the real module is required when a property is first read. */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};

const options = {
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: ['bindings'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  entryNames: '[name]',
  metafile: true,
  banner: {
    // CommonJS dependencies bundled into ESM (cli-table3, …) need require.
    js: "import { createRequire as __perkRequire } from 'node:module'; const require = __perkRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

const result = await build({ ...options, plugins: [lazyChildProcess] });

const fresh = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
for (const dir of ['dist', 'dist/chunks']) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    continue;
  }
  for (const name of names) {
    const file = path.resolve(dir, name);
    if (name.endsWith('.js') && !fresh.has(file)) rmSync(file, { force: true });
  }
}
