// `npm run bench`: start-up and load budgets on a large, deterministic dataset (not part of `npm test`).
//
//   node tests/bench/bench.mjs [--runs 31] [--load-runs 5] [--spend-runs 15] [--rss-runs 5] [--quick] [--keep] [--build-only]
//
//   --quick       a tenth of the data and fewer runs, to try the bench out (figures not comparable)
//   --keep        reuse the databases of the last run when the data and dist/ are unchanged
//   --build-only  build the databases under tests/bench/.work and stop (for profiling by hand)
//   --app <dir>   measure another build: a directory with bin/, dist/ and data/ (default: this checkout)
//   --mcp-runs N  batches of MCP_CALLS calls (and processes) for the perk mcp ratio (default 3)
//
// Spending (SPEC 10): `perk spend import` of 100,000 rows (tests/bench/spend.mjs) ÷ sqlite3 .import of the
// same file (budget 4), and `perk advise` and `perk spend summary` on them (each under 2 s).
//
// 1. builds a snapshot of the CLI (bin/, dist/, data/) under tests/bench/.work/app, so a rebuild of dist/
//    by someone else during the run cannot swap chunks under a running measurement;
// 2. writes the dataset (tests/bench/generate.mjs) and builds the databases through the real CLI:
//    `perk load` (JSON and CSV) and `perk order import`;
// 3. measures, alternating the commands run by run (a round runs each once), and prints each ratio — the
//    median of the rounds' ratios, see `paired` — with the medians of the times, against
//    its budget (the last one: MCP_CALLS `stack` calls through one `perk mcp` server, made with the MCP
//    SDK's Client by mcp-calls.mjs, against as many `perk stack … --json` processes). Exit code 1 when a budget is missed, 2 when the bench itself could not run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_TODAY, DEFAULT_SIZES, writeDataset } from './generate.mjs';
import { writeSpendExport } from './spend.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const work = path.join(here, '.work');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const num = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const quick = flag('--quick');
const RUNS = num('--runs', quick ? 7 : 31);
const LOAD_RUNS = num('--load-runs', quick ? 3 : 5);
const SPEND_RUNS = num('--spend-runs', quick ? 3 : 15);
const RSS_RUNS = num('--rss-runs', 5);
const MCP_RUNS = num('--mcp-runs', quick ? 1 : 3);
const MCP_CALLS = 200;
const KEEP = flag('--keep');
const appIndex = args.indexOf('--app');
const APP_SOURCE = appIndex >= 0 && args[appIndex + 1] ? path.resolve(args[appIndex + 1]) : root;
const SIZES = quick ? { ...DEFAULT_SIZES, retailers: 2_000, offers: 500, orders: 10_000 } : DEFAULT_SIZES;
/** The default dataset's files but its wallet, for the flat case's empty wallet. */
const DEFAULT_FILES = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('wallet')).sort().map((f) => path.join(dir, f));

const BUDGETS = { startup: 1.5, size: 1.1, load: 3, rssMiB: 100, mcp: 1, spendImport: 4, spendSeconds: 2 };
const SPEND_ROWS = quick ? 10_000 : 100_000;
const STACK_RETAILER = 'macys';

const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

const app = path.join(work, 'app');
const perkBin = path.join(app, 'bin', 'perk.js');
const env = { ...process.env, PERK_TODAY: BENCH_TODAY, NO_COLOR: '1' };
delete env.PERK_DB;
delete env.FORCE_COLOR;
delete env.NODE_OPTIONS;

/** Run a command; throws with its stderr when it fails. Returns stdout and the wall time in ms. */
function run(cmd, argv, options = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env: options.env ?? env, cwd: options.cwd ?? work, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0 && !options.allowFail) {
    throw new Error(`${path.basename(cmd)} ${argv.join(' ')} exited ${r.status}:\n${String(r.stderr).slice(0, 2000)}`);
  }
  return { ms, stdout: String(r.stdout), stderr: String(r.stderr), status: r.status };
}
const perk = (db, argv, options) => run(process.execPath, [perkBin, '--db', db, ...argv], options);

function snapshotApp() {
  fs.rmSync(app, { recursive: true, force: true });
  fs.mkdirSync(app, { recursive: true });
  for (const dir of ['bin', 'dist', 'data']) fs.cpSync(path.join(APP_SOURCE, dir), path.join(app, dir), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(app, 'package.json'));
}

function copyDb(from, to) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(to + suffix, { force: true });
  fs.copyFileSync(from, to);
}

/** Whether the CLI has a (sub)command, from the command list of its parent's --help. */
function hasCommand(db, names) {
  const parent = perk(db, [...names.slice(0, -1), '--help'], { allowFail: true });
  const name = names[names.length - 1];
  return parent.status === 0 && parent.stdout.split('\n').some((l) => new RegExp(`^  ${name}( |$)`).test(l));
}

/** The columns `perk order import` reads (README "Orders and payouts"): one order per row. */
function ordersCsv(orders) {
  const lines = ['date,retailer,amount,card,portal'];
  for (const o of orders) lines.push(`${o.date},${o.retailer},${o.amount},${o.card},${o.portal}`);
  return `${lines.join('\n')}\n`;
}

/** The ids of the default dataset's cards (in the app snapshot). */
const defaultCardIds = () => JSON.parse(fs.readFileSync(path.join(app, 'data', '06-cards.json'), 'utf8')).cards.map((c) => c.id);

function buildDatabases() {
  const dataDir = path.join(work, 'data');
  const files = writeDataset(dataDir, SIZES, ordersCsv, defaultCardIds());
  const db = {
    tiny: path.join(work, 'tiny.db'),
    base: path.join(work, 'base.db'),
    large: path.join(work, 'large.db'),
    flatTiny: path.join(work, 'flat-tiny.db'),
    flatLarge: path.join(work, 'flat-large.db'),
    scratch: path.join(work, 'scratch.db'),
  };
  const stamp = path.join(work, 'dbs.json');
  const fingerprint = JSON.stringify({ SIZES, dist: fs.readdirSync(path.join(app, 'dist', 'chunks')).sort() });
  if (KEEP && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fingerprint && fs.existsSync(db.large)) {
    log('reusing the databases of the last run (--keep)');
    return { files, db };
  }
  for (const f of Object.values(db)) for (const s of ['', '-wal', '-shm']) fs.rmSync(f + s, { force: true });
  fs.rmSync(stamp, { force: true });

  log('building databases through the CLI …');
  let t = perk(db.tiny, ['init']).ms;
  log(`  tiny (default dataset, perk init)              ${fmtMs(t)}`);
  perk(db.base, ['init', '--empty']);
  t = perk(db.base, ['load', files['categories.json'], files['currencies.json'], files['portals.json'], files['retailers.csv']]).ms;
  log(`  base: categories, currencies, ${SIZES.portals} portals, ${SIZES.retailers} retailers  ${fmtMs(t)}`);
  copyDb(db.base, db.large);
  t = perk(db.large, ['load', files['cards.json'], files['rates.csv'], files['offers.json']]).ms;
  log(`  large: + ${SIZES.cards} cards, ${SIZES.portals * SIZES.retailers} rates, ${SIZES.offers} offers  ${fmtMs(t)}`);
  if (hasCommand(db.large, ['order', 'import'])) {
    t = perk(db.large, ['order', 'import', files['orders.csv']]).ms;
    log(`  large: + ${SIZES.orders} orders (perk order import)   ${fmtMs(t)}`);
  } else {
    log(`  NOTE: "perk order import" is not available yet: the large database has no orders.`);
  }
  // The flat case: the default dataset without its wallet plus the bench's cards (69 in all, every one
  // compared) and portals, and rates at the five retailers both datasets share (tiny); the same plus
  // 20,000 retailers, their 200,000 rates and 100,000 orders this year (large). perk stack macys ranks
  // the same options on both, so their ratio is what the size of the data costs.
  perk(db.flatTiny, ['init', '--empty']);
  const flatCatalog = [files['categories.json'], files['currencies.json'], files['portals.json'], files['cards-catalog.json']];
  // Two loads: one load may not hold the same id twice, and the bench's catalog shares ids with the
  // default dataset (its categories, say), which it replaces.
  t = perk(db.flatTiny, ['load', ...DEFAULT_FILES(path.join(app, 'data'))]).ms;
  t += perk(db.flatTiny, ['load', ...flatCatalog, files['rates-flat-small.csv']]).ms;
  log(`  flat tiny: default dataset + ${SIZES.cards} cards, empty wallet    ${fmtMs(t)}`);
  copyDb(db.flatTiny, db.flatLarge);
  t = perk(db.flatLarge, ['load', files['retailers.csv'], files['rates-flat.csv']]).ms;
  log(`  flat large: + ${SIZES.retailers} retailers, ${SIZES.flatRatePortals * SIZES.retailers} rates  ${fmtMs(t)}`);
  t = perk(db.flatLarge, ['order', 'import', files['orders-flat.csv']]).ms;
  log(`  flat large: + ${SIZES.orders} orders this year (perk order import)   ${fmtMs(t)}`);
  fs.writeFileSync(stamp, fingerprint);
  return { files, db };
}

/** Alternate the commands run by run (so drift in machine load hits all alike); medians in ms. */
function alternate(commands, runs) {
  const times = commands.map(() => []);
  for (const c of commands) {
    c.before?.();
    c.fn(); // warm-up: file cache, page cache
  }
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, j) => {
      c.before?.();
      times[j].push(c.fn().ms);
    });
  }
  return times.map((ts) => ({ median: median(ts), min: Math.min(...ts), max: Math.max(...ts), times: ts }));
}

/**
 * The ratio of two commands timed by the same `alternate` call: the median of the per-round ratios (each
 * round runs both, one after the other). This machine's speed drifts by tens of percent from second to
 * second; a round's two runs share its speed, so their ratio is what the budget is about, where a ratio
 * of two medians can take one command's median from a slow stretch and the other's from a fast one.
 */
const paired = (a, b) => median(a.times.map((t, i) => t / b.times[i]));

function main() {
  const loadBefore = os.loadavg()[0];
  fs.mkdirSync(work, { recursive: true });
  if (!fs.existsSync(path.join(APP_SOURCE, 'dist', 'main.js'))) throw new Error(`${APP_SOURCE}/dist/main.js is missing: run "npm run build" first.`);
  snapshotApp();
  const { files, db } = buildDatabases();
  if (flag('--build-only')) return;

  const stackArgs = hasCommand(db.tiny, ['stack'])
    ? ['stack', STACK_RETAILER, '100', '--json']
    : ['retailers', STACK_RETAILER, '--json'];
  const stackLabel = `perk ${stackArgs.join(' ')}`;
  if (stackArgs[0] !== 'stack') log(`NOTE: "perk stack" is not available yet; measuring "${stackLabel}" in its place.`);
  // Sanity: the command works and prints one JSON document on every database.
  for (const d of [db.large, db.tiny, db.flatLarge, db.flatTiny]) JSON.parse(perk(d, stackArgs).stdout);

  // ---- 1 and 2: start-up --------------------------------------------------------------------------------
  log(`timing start-up: ${RUNS} alternating runs each …`);
  // The floor, for context (no budget): about the least any program doing this job can cost — a
  // CommonJS script that loads better-sqlite3, opens the large database, reads one retailer's rates and
  // prints them as JSON.
  const floorScript = path.join(work, 'floor.cjs');
  fs.writeFileSync(
    floorScript,
    `const Database = require(${JSON.stringify(path.join(root, 'node_modules', 'better-sqlite3'))});
const db = new Database(process.argv[2], { fileMustExist: true });
db.pragma('journal_mode = WAL');
process.stdout.write(JSON.stringify(db.prepare('SELECT * FROM rates WHERE retailer = ?').all(process.argv[3])) + '\\n');
`,
  );
  const [nodeT, largeT, tinyT, flatLargeT, flatTinyT, floorT] = alternate(
    [
      { fn: () => run(process.execPath, ['-e', '']) },
      { fn: () => perk(db.large, stackArgs) },
      { fn: () => perk(db.tiny, stackArgs) },
      { fn: () => perk(db.flatLarge, stackArgs) },
      { fn: () => perk(db.flatTiny, stackArgs) },
      { fn: () => run(process.execPath, [floorScript, db.large, STACK_RETAILER]) },
    ],
    RUNS,
  );

  // ---- 3: load of 400,000 rates (CSV) vs sqlite3's .import of the same file ----------------------------
  // Two CSVs: a portal's list as it comes (portal,retailer,rate,as_of) and the full columns
  // (portal,retailer,rate,from,to,as_of,channel); each into a database that has the portals and retailers.
  const rows = SIZES.portals * SIZES.retailers;
  const sqlite3 = spawnSync('sh', ['-c', 'command -v sqlite3'], { encoding: 'utf8' }).stdout.trim();
  const loads = [
    {
      label: `perk load of ${rows.toLocaleString('en-US')} rates (CSV: portal,retailer,rate,as_of) ÷ sqlite3 .import`,
      file: files['rates-load.csv'],
      table: `CREATE TABLE rates_csv (portal TEXT NOT NULL, retailer TEXT NOT NULL, rate TEXT, as_of TEXT,
        PRIMARY KEY (retailer, portal)) STRICT, WITHOUT ROWID;`,
    },
    {
      label: `perk load of ${rows.toLocaleString('en-US')} rates (CSV: portal,…,from,to,as_of,channel) ÷ sqlite3 .import`,
      file: files['rates.csv'],
      table: `CREATE TABLE rates_csv (portal TEXT NOT NULL, retailer TEXT NOT NULL, rate TEXT, "from" TEXT NOT NULL,
        "to" TEXT, as_of TEXT, channel TEXT NOT NULL, PRIMARY KEY (retailer, portal, channel, "from")) STRICT, WITHOUT ROWID;`,
    },
  ];
  if (sqlite3) {
    const importDb = path.join(work, 'import.db');
    for (const l of loads) {
      log(`timing ${l.label}: ${LOAD_RUNS} alternating runs each …`);
      [l.loadT, l.importT] = alternate(
        [
          { before: () => copyDb(db.base, db.scratch), fn: () => perk(db.scratch, ['load', l.file]) },
          {
            before: () => {
              copyDb(db.base, importDb);
              run(sqlite3, [importDb, l.table]);
            },
            fn: () => run(sqlite3, [importDb, `.import --csv --skip 1 ${l.file} rates_csv`]),
          },
        ],
        LOAD_RUNS,
      );
      const check = run(sqlite3, [importDb, 'SELECT count(*) FROM rates_csv']).stdout.trim();
      if (Number(check) !== rows) throw new Error(`sqlite3 .import loaded ${check} rows, expected ${rows}.`);
    }
  } else {
    log('NOTE: no sqlite3 command-line shell on this machine: the load ratios are skipped.');
  }

  // ---- 3b: imported spending (SPEC 10): spend import of SPEND_ROWS rows ÷ sqlite3 .import of the same
  // file; then perk advise and perk spend summary on those transactions (each under 2 s) -----------------
  const spendCsv = path.join(work, 'data', 'spend.csv');
  const spendRows = writeSpendExport(spendCsv, SPEND_ROWS);
  const spendDb = path.join(work, 'spend.db');
  let spendImportT;
  let spendSqliteT;
  let adviseT;
  let summaryT;
  const spendArgs = ['spend', 'import', spendCsv, '--card', 'chase-freedom-flex'];
  if (hasCommand(db.tiny, ['spend'])) {
    log(`timing perk spend import of ${spendRows.toLocaleString('en-US')} rows: ${SPEND_RUNS} alternating runs each …`);
    const importDb = path.join(work, 'spend-import.db');
    [spendImportT, spendSqliteT] = alternate(
      [
        { before: () => copyDb(db.tiny, spendDb), fn: () => perk(spendDb, spendArgs) },
        sqlite3
          ? {
              before: () => {
                for (const suffix of ['', '-wal', '-shm']) fs.rmSync(importDb + suffix, { force: true });
                run(sqlite3, [importDb, 'CREATE TABLE chase (tdate TEXT, pdate TEXT, description TEXT, category TEXT, type TEXT, amount TEXT, memo TEXT);']);
              },
              fn: () => run(sqlite3, [importDb, `.import --csv --skip 1 ${spendCsv} chase`]),
            }
          : { fn: () => ({ ms: NaN }) },
      ],
      SPEND_RUNS,
    );
    // spendDb now holds the transactions (the last timed run's import).
    const count = JSON.parse(perk(spendDb, ['spend', 'summary', '--json']).stdout).by_card.reduce((s, c) => s + c.count, 0);
    if (count < spendRows * 0.9) throw new Error(`perk spend import left ${count} transactions, expected about ${spendRows}.`);
    log(`timing perk advise and perk spend summary on ${count.toLocaleString('en-US')} transactions: ${RUNS} alternating runs each …`);
    [adviseT, summaryT] = alternate([{ fn: () => perk(spendDb, ['advise']) }, { fn: () => perk(spendDb, ['spend', 'summary']) }], Math.min(RUNS, 9));
  } else {
    log('NOTE: "perk spend" is not available: the spending measures are skipped.');
  }

  // ---- 4: peak RSS of the stack on the large databases ------------------------------------------------
  const rssFile = path.join(work, 'rss.txt');
  const hook = path.join(here, 'rss-hook.mjs');
  const rss = [];
  for (let i = 0; i < RSS_RUNS; i++) {
    for (const d of [db.large, db.flatLarge]) {
      fs.rmSync(rssFile, { force: true });
      run(process.execPath, ['--import', `file://${hook}`, perkBin, '--db', d, ...stackArgs], {
        env: { ...env, PERK_BENCH_RSS_FILE: rssFile },
      });
      rss.push(Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
    }
  }
  const rssMiB = Math.max(...rss);

  // ---- 5: MCP_CALLS stack calls through one `perk mcp` ÷ MCP_CALLS `perk stack --json` processes --------
  let mcpT;
  let processesT;
  const mcpArgs = stackArgs[0] === 'stack' ? [STACK_RETAILER, '100'] : undefined;
  if (mcpArgs && hasCommand(db.tiny, ['mcp'])) {
    log(`timing ${MCP_CALLS} stack calls through perk mcp vs ${MCP_CALLS} processes: ${MCP_RUNS} alternating runs each …`);
    const mcpCalls = path.join(here, 'mcp-calls.mjs');
    [mcpT, processesT] = alternate(
      [
        { fn: () => ({ ms: JSON.parse(run(process.execPath, [mcpCalls, perkBin, db.large, String(MCP_CALLS), ...mcpArgs]).stdout).ms }) },
        {
          fn: () => {
            let ms = 0;
            for (let i = 0; i < MCP_CALLS; i++) ms += perk(db.large, stackArgs).ms;
            return { ms };
          },
        },
      ],
      MCP_RUNS,
    );
  } else {
    log('NOTE: "perk mcp" is not available: the MCP ratio is skipped.');
  }

  // ---- report ----------------------------------------------------------------------------------------
  const flatNote = `${SIZES.cards + defaultCardIds().length} cards, empty wallet, ${SIZES.orders.toLocaleString('en-US')} orders this year`;
  const results = [
    {
      what: `${stackLabel} (large db) ÷ node -e ""`,
      detail: `${fmtMs(largeT.median)} ÷ ${fmtMs(nodeT.median)}`,
      value: paired(largeT, nodeT),
      budget: BUDGETS.startup,
    },
    {
      what: 'the same on the large db ÷ on the tiny (default) db',
      detail: `${fmtMs(largeT.median)} ÷ ${fmtMs(tinyT.median)}`,
      value: paired(largeT, tinyT),
      budget: BUDGETS.size,
    },
    {
      what: `flat case (${flatNote}) ÷ node -e ""`,
      detail: `${fmtMs(flatLargeT.median)} ÷ ${fmtMs(nodeT.median)}`,
      value: paired(flatLargeT, nodeT),
      budget: BUDGETS.startup,
    },
    {
      what: 'flat case, large db ÷ the same catalog on a tiny db',
      detail: `${fmtMs(flatLargeT.median)} ÷ ${fmtMs(flatTinyT.median)}`,
      value: paired(flatLargeT, flatTinyT),
      budget: BUDGETS.size,
    },
    ...loads.map((l) =>
      l.loadT
        ? { what: l.label, detail: `${fmtMs(l.loadT.median)} ÷ ${fmtMs(l.importT.median)}`, value: paired(l.loadT, l.importT), budget: BUDGETS.load }
        : { what: l.label, detail: 'skipped: no sqlite3 shell', value: undefined, budget: BUDGETS.load },
    ),
    spendImportT && sqlite3
      ? {
          what: `perk spend import of ${spendRows.toLocaleString('en-US')} rows (Chase CSV) ÷ sqlite3 .import`,
          detail: `${fmtMs(spendImportT.median)} ÷ ${fmtMs(spendSqliteT.median)}`,
          value: paired(spendImportT, spendSqliteT),
          budget: BUDGETS.spendImport,
        }
      : { what: 'perk spend import ÷ sqlite3 .import', detail: spendImportT ? 'skipped: no sqlite3 shell' : 'skipped: no perk spend', value: undefined, budget: BUDGETS.spendImport },
    ...[
      ['perk advise', adviseT],
      ['perk spend summary', summaryT],
    ].map(([what, t]) =>
      t
        ? { what: `${what} on ${spendRows.toLocaleString('en-US')} transactions, seconds`, detail: `median ${fmtMs(t.median)}`, value: t.median / 1000, budget: BUDGETS.spendSeconds, unit: 's', strict: true }
        : { what: `${what}, seconds`, detail: 'skipped: no perk spend', value: undefined, budget: BUDGETS.spendSeconds, strict: true },
    ),
    {
      what: `peak RSS of ${stackLabel} (both large dbs), MiB`,
      detail: `max of ${RSS_RUNS} runs each`,
      value: rssMiB,
      budget: BUDGETS.rssMiB,
      unit: 'MiB',
    },
    mcpT
      ? {
          what: `${MCP_CALLS} stack calls through one perk mcp (large db) ÷ ${MCP_CALLS} × ${stackLabel}`,
          detail: `${fmtMs(mcpT.median)} ÷ ${fmtMs(processesT.median)}`,
          value: paired(mcpT, processesT),
          budget: BUDGETS.mcp,
          strict: true,
        }
      : { what: 'perk mcp stack calls ÷ perk stack processes', detail: 'skipped: no perk mcp', value: undefined, budget: BUDGETS.mcp, strict: true },
  ];
  const cpus = os.cpus();
  const load = [loadBefore, os.loadavg()[0]];
  console.log(
    `\nperk bench — ${SIZES.portals} portals × ${SIZES.retailers.toLocaleString('en-US')} retailers, ${SIZES.cards} cards, ` +
      `${SIZES.offers.toLocaleString('en-US')} offers, ${SIZES.orders.toLocaleString('en-US')} orders` +
      `\nnode ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${os.platform()}; ${RUNS} start-up, ${LOAD_RUNS} load and ${SPEND_RUNS} spend import rounds` +
      `\nratio: the median of the rounds' ratios (both commands run in each round); times: the medians\n`,
  );
  const met = (r) => (r.strict ? r.value < r.budget : r.value <= r.budget);
  const rowsOut = results.map((r) => [
    r.what,
    r.detail,
    r.value === undefined ? 'n/a' : r.unit === 'MiB' ? r.value.toFixed(1) : r.value.toFixed(2),
    `${r.strict ? '<' : '≤'} ${r.budget}`,
    r.value === undefined ? 'SKIP' : met(r) ? 'PASS' : 'FAIL',
  ]);
  const head = ['measure', 'times', 'ratio', 'budget', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rowsOut.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rowsOut) console.log(line(r));
  console.log(
    `\nstart-up spread (min–max): node ${fmtMs(nodeT.min)}–${fmtMs(nodeT.max)}, large ${fmtMs(largeT.min)}–${fmtMs(largeT.max)}, ` +
      `tiny ${fmtMs(tinyT.min)}–${fmtMs(tinyT.max)}, flat large ${fmtMs(flatLargeT.min)}–${fmtMs(flatLargeT.max)}, ` +
      `flat tiny ${fmtMs(flatTinyT.min)}–${fmtMs(flatTinyT.max)}`,
  );
  console.log(
    `floor (a minimal CommonJS script: better-sqlite3, open, one indexed query, JSON) ÷ node -e "": ` +
      `${fmtMs(floorT.median)} ÷ ${fmtMs(nodeT.median)} = ${paired(floorT, nodeT).toFixed(2)} (context, no budget)`,
  );
  console.log(`load average (1 min) at start ${load[0].toFixed(2)}, at end ${load[1].toFixed(2)}, on ${cpus.length} CPUs`);
  if (Math.max(...load) > cpus.length * 0.75) {
    console.log('NOTE: the machine was busy with other work; timings (and so the ratios) are less reliable. Run again when it is idle.');
  }
  const failed = results.filter((r) => r.value !== undefined && !met(r));
  if (failed.length) {
    console.log(`\n${failed.length} budget${failed.length > 1 ? 's' : ''} missed.`);
    process.exitCode = 1;
  } else console.log('\nAll budgets met.');
}

try {
  main();
} catch (error) {
  log(`bench: ${error.message}`);
  process.exitCode = 2;
}
