// Build dist/ with esbuild. Files from earlier builds are removed afterwards (not before), so a run of
// bin/perk.js that starts during a rebuild never finds dist/ empty.
//
// Start-up is a feature (STYLE 14), so there are two builds:
// - dist/perk.cjs (src/launch.ts), dist/stack.cjs (src/fast-stack.ts) and dist/stack-view.cjs: the
//   `perk stack` fast path as plain CommonJS files. On Node 20 the ESM loader costs several
//   milliseconds to start and about one more per module; `perk stack … --json` loads two files.
//   stack.cjs must hold only the stack command, the store and the core: the build fails if commander,
//   zod, the prompts or the loaders get into it (they would be parsed on every `perk stack`).
// - dist/main.js (src/main.ts): the full command line as ESM with code splitting, so each command (and
//   the prompt and table code) is its own chunk loaded on demand.
// In both, better-sqlite3's JavaScript is bundled; only its native addon is loaded from node_modules (by
// path, see src/db/open.ts). Importing the package from node_modules costs ~10 ms of CommonJS loading on
// every run; bundled it is ~1 ms. `bindings` (its addon finder, a fallback only) stays external.
// commander's `require('node:child_process')` (only used for executable subcommands, which perk does not
// have) is loaded on first use instead of on every start (~1 ms).
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

/** What both builds share. */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  external: ['bindings'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

const options = {
  ...common,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  entryNames: '[name]',
  banner: {
    // CommonJS dependencies bundled into ESM (cli-table3, …) need require.
    js: "import { createRequire as __perkRequire } from 'node:module'; const require = __perkRequire(import.meta.url);",
  },
};

/** CommonJS has no import.meta: `import.meta.url` is the file's own URL, computed once at its top. */
const cjs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__perkFileUrl' },
  banner: { js: "const __perkFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** Imports that leave a CommonJS build for a file of dist/ (given as written in src → file in dist/). */
const linkTo = (targets) => ({
  name: 'link-to-dist',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = path.relative('src', path.resolve(args.resolveDir, args.path));
      return targets[file] ? { path: targets[file], external: true } : undefined;
    });
  },
});

/**
 * Packages that must never be in the stack fast path (each would be parsed on every `perk stack`), and
 * date-fns' index (its ~250 module stubs): the fast path takes date-fns one function module at a time.
 */
const NOT_ON_FAST_PATH = /node_modules[\\/](commander|zod|@inquirer|csv-parse|csv-stringify|cli-table3|chalk)[\\/]|node_modules[\\/]date-fns[\\/]index\.js|src[\\/](cli|load[\\/]|commands[\\/](?!stack\.ts|shared\.ts))/;

const full = await build({ ...options, plugins: [lazyChildProcess] });
// The launcher: argv check, then `require('./stack.cjs')` or `import('./main.js')` (a real ESM import).
const launcher = await build({
  ...cjs,
  entryPoints: { perk: 'src/launch.ts' },
  outdir: 'dist',
  plugins: [linkTo({ 'main.js': './main.js' })],
});
// The fast path: dynamic imports become require() (the table view is its own file, loaded for people).
const fast = await build({
  ...cjs,
  entryPoints: { stack: 'src/fast-stack.ts', 'stack-view': 'src/ui/stack-view.ts' },
  outdir: 'dist',
  supported: { 'dynamic-import': false },
  plugins: [linkTo({ 'ui/stack-view.js': './stack-view.cjs' })],
});
// The spend import's fast path likewise, with the prose wrapper as its own file (loaded on a terminal).
const fastSpend = await build({
  ...cjs,
  entryPoints: { 'spend-import': 'src/fast-spend-import.ts', wrap: 'src/ui/wrap.ts' },
  outdir: 'dist',
  supported: { 'dynamic-import': false },
  plugins: [linkTo({ 'ui/wrap.js': './wrap.cjs' })],
});
// dist/spend-import.cjs likewise: the import command, the export readers, the store, the core — not the
// command line, the data schemas, the prompts or the tables of the other views.
const spendInputs = Object.keys(fastSpend.metafile.outputs[path.join('dist', 'spend-import.cjs')]?.inputs ?? {});
const notInSpend = spendInputs.filter((f) => /node_modules[\\/](commander|zod|@inquirer|cli-table3|chalk|string-width|wrap-ansi)[\\/]|src[\\/](cli\.ts|load[\\/](schemas|read-csv)|commands[\\/]register)/.test(f));
if (!spendInputs.length || notInSpend.length) {
  throw new Error(`dist/spend-import.cjs must hold only the spend import path; it has: ${notInSpend.join(', ') || 'nothing'}`);
}
const stackInputs = Object.keys(fast.metafile.outputs[path.join('dist', 'stack.cjs')]?.inputs ?? {});
const intruders = stackInputs.filter((f) => NOT_ON_FAST_PATH.test(f));
if (!stackInputs.length || intruders.length) {
  throw new Error(`dist/stack.cjs must hold only the stack path; it has: ${intruders.join(', ') || 'nothing'}`);
}

// The MCP SDK is for `perk mcp` only: nothing that dist/main.js loads at start (its static imports,
// followed through) may hold it; it lives in the chunk that `perk mcp` imports on demand.
const startFiles = new Set();
const visitStatic = (file) => {
  if (startFiles.has(file)) return;
  startFiles.add(file);
  for (const i of full.metafile.outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visitStatic(i.path);
};
visitStatic('dist/main.js'); // esbuild's metafile paths use / everywhere
const sdkAtStart = [...startFiles].filter((f) =>
  Object.keys(full.metafile.outputs[f]?.inputs ?? {}).some((input) => /node_modules[\\/]@modelcontextprotocol[\\/]/.test(input)),
);
if (startFiles.size < 2 || sdkAtStart.length) {
  throw new Error(`the MCP SDK must load only for perk mcp; dist/main.js loads it at start through: ${sdkAtStart.join(', ') || 'nothing (no start files found)'}`);
}

// `perk spend` reads issuer exports without the data schemas: the chunks of its commands (import, and
// list/summary/set) and everything they import statically must not hold zod (~460 kB, ~20 ms to load;
// src/load/csv-split.ts).
const visitFrom = (file, seen) => {
  if (seen.has(file)) return;
  seen.add(file);
  for (const i of full.metafile.outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visitFrom(i.path, seen);
};
for (const entry of ['src/commands/spend.ts', 'src/commands/spend-import.ts']) {
  const chunk = Object.entries(full.metafile.outputs).find(([, o]) => o.entryPoint === entry)?.[0];
  const files = new Set();
  if (chunk) visitFrom(chunk, files);
  const zodIn = [...files].filter((f) => Object.keys(full.metafile.outputs[f]?.inputs ?? {}).some((input) => /node_modules[\\/]zod[\\/]/.test(input)));
  if (!chunk || zodIn.length) {
    throw new Error(`perk spend must not load zod; it does through: ${zodIn.join(', ') || `nothing (no chunk for ${entry})`}`);
  }
}

const fresh = new Set(
  [full, launcher, fast, fastSpend].flatMap((r) => Object.keys(r.metafile.outputs)).map((f) => path.resolve(f)),
);
for (const dir of ['dist', 'dist/chunks']) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    continue;
  }
  for (const name of names) {
    const file = path.resolve(dir, name);
    if (/\.c?js$/.test(name) && !fresh.has(file)) rmSync(file, { force: true });
  }
}
