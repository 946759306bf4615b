// End to end: `perk mcp` started as a child process (the built bin/perk.js), spoken to with the MCP SDK's
// own Client over StdioClientTransport. Each tool's result is held equal to the `--json` of the command
// it serves, for the same input; bad input is a tool error with the command's exit-2 sentence and the
// server keeps going; without --allow-writes nothing can change the database.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbDigest, seededCopy, tempDir } from '../helpers/db.js';
import { BIN, perk, perkEnv, ROOT } from '../helpers/spawn.js';

const TODAY = '2026-11-21';
const tmp = tempDir('perk-mcp-e2e-');
const db = tmp.file('perk.db');
const env = perkEnv(tmp.dir, { NO_COLOR: '1' });

interface ToolResult {
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** `perk --db <file> --today <TODAY> …args`, which must succeed. */
function cli(file: string, args: string[]): string {
  const r = perk(['--db', file, '--today', TODAY, ...args], { env });
  if (r.code !== 0) throw new Error(`perk ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** A connected client of `perk mcp` on `file`. */
async function connect(file: string, flags: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--db', file, '--today', TODAY, ...flags],
    env: { ...env, ...extraEnv } as Record<string, string>,
    cwd: ROOT,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'perk-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

/** The JSON document of a successful call, checked to be the same as text and as structured content. */
function documentOf(result: ToolResult): unknown {
  expect(result.isError ?? false, result.content[0]?.text).toBe(false);
  const text = result.content[0]?.text ?? '';
  const doc = JSON.parse(text) as unknown;
  expect(result.structuredContent).toEqual(doc);
  return doc;
}

beforeAll(() => {
  seededCopy(db);
  cli(db, ['offer', 'add', 'amex-macys-25', '--card', 'amex-gold', '--retailer', 'macys', '--kind', 'credit', '--min', '75', '--credit', '25', '--to', '2026-12-31']);
  cli(db, ['order', 'add', 'macys', '200', '--card', 'amex-gold', '--portal', 'rakuten', '--date', '2026-11-02']);
  cli(db, ['config', 'set', 'cpp.MR.transfer', '1.7']);
});
afterAll(() => tmp.cleanup());

describe('perk mcp (read-only)', () => {
  let client: Client;
  let before: string;
  beforeAll(async () => {
    before = dbDigest(db);
    client = await connect(db);
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the read tools, each with an input schema whose fields are described', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['advise', 'compare', 'offers', 'payout_forecast', 'payout_next', 'retailers', 'stack', 'value', 'welcome']);
    for (const t of tools) {
      expect(t.description).toMatch(/cents/);
      expect(t.annotations?.readOnlyHint).toBe(true);
      for (const [field, schema] of Object.entries(t.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${t.name}.${field}`).toBeTruthy();
      }
    }
    const stack = tools.find((t) => t.name === 'stack');
    expect(stack?.inputSchema.required).toEqual(['retailer', 'amount']);
  });

  // [tool, arguments (dollars in), the same question on the command line]
  const same: Array<[string, Record<string, unknown>, string[]]> = [
    ['stack', { retailer: 'macys', amount: 200 }, ['stack', 'macys', '200']],
    ['stack', { retailer: "Macy's", amount: '$1,234.56', top: 3, cards: ['amex-gold', 'chase-freedom-flex'] }, ['stack', "Macy's", '$1,234.56', '--top', '3', '--card', 'amex-gold', '--card', 'chase-freedom-flex']],
    ['stack', { retailer: 'amazon', amount: 120.5, portal: false, paths: { MR: 'statement_credit' } }, ['stack', 'amazon', '120.5', '--no-portal', '--path', 'MR=statement_credit']],
    ['stack', { retailer: 'macys', amount: 200, portal: 'rakuten', payout: 'MR' }, ['stack', 'macys', '200', '--portal', 'rakuten', '--payout', 'MR']],
    ['retailers', { search: 'mac' }, ['retailers', 'mac']],
    ['retailers', {}, ['retailers']],
    ['offers', {}, ['offers']],
    ['offers', { expiring_days: 60, card: 'amex-gold', all: true }, ['offers', '--expiring', '60', '--card', 'amex-gold', '--all']],
    ['payout_next', {}, ['payout', 'next']],
    ['payout_next', { portal: 'rakuten' }, ['payout', 'next', '--portal', 'rakuten']],
    ['payout_forecast', { quarters: 2 }, ['payout', 'forecast', '--quarters', '2']],
    ['payout_forecast', { quarters: '8', portal: 'rakuten' }, ['payout', 'forecast', '--quarters', '8', '--portal', 'rakuten']],
    ['value', { currency: 'MR', points: 50000 }, ['value', 'MR', '50000']],
    ['value', { currency: 'ur' }, ['value', 'ur']],
    ['compare', { cash: 42.17 }, ['compare', '42.17']],
    ['compare', { cash: '$120', portal: 'rakuten' }, ['compare', '$120', '--portal', 'rakuten']],
  ];
  it.each(same)('%s %j returns what perk %j --json prints', async (tool, args, cliArgs) => {
    const stdout = cli(db, [...cliArgs, '--json']);
    const result = await call(client, tool, args);
    expect(documentOf(result)).toEqual(JSON.parse(stdout));
    expect(result.content[0]?.text).toBe(stdout.trimEnd());
  });

  it('answers a real question: the best stack at Macy’s uses the Amex offer', async () => {
    const doc = documentOf(await call(client, 'stack', { retailer: 'macys', amount: 200, top: 1 })) as {
      amount_cents: number;
      options: Array<{ offer: string | null; total_value_cents: number }>;
    };
    expect(doc.amount_cents).toBe(20_000);
    expect(doc.options).toHaveLength(1);
    expect(doc.options[0]?.offer).toBe('amex-macys-25');
  });

  // [tool, bad arguments, the command line that is refused with exit 2]
  const bad: Array<[string, Record<string, unknown>, string[]]> = [
    ['stack', { retailer: 'nosuchshop', amount: 200 }, ['stack', 'nosuchshop', '200']],
    ['stack', { retailer: 'macys', amount: 'abc' }, ['stack', 'macys', 'abc']],
    ['stack', { retailer: 'macys', amount: 200, paths: { MR: 'moon' } }, ['stack', 'macys', '200', '--path', 'MR=moon']],
    ['value', { currency: 'XYZ' }, ['value', 'XYZ']],
    ['value', { currency: 'MR', points: -5 }, ['value', 'MR', '--', '-5']],
    ['compare', { cash: 10, portal: 'nope' }, ['compare', '10', '--portal', 'nope']],
    ['payout_forecast', { quarters: 0 }, ['payout', 'forecast', '--quarters', '0']],
    ['offers', { card: 'no-card' }, ['offers', '--card', 'no-card']],
  ];
  it.each(bad)('%s %j is a tool error with the sentence of perk %j, and the next call works', async (tool, args, cliArgs) => {
    const r = perk(['--db', db, '--today', TODAY, ...cliArgs], { env });
    expect(r.code).toBe(2);
    const result = await call(client, tool, args);
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toBe(r.stderr.replace(/^perk: /, '').trimEnd());
    expect(documentOf(await call(client, 'value', { currency: 'MR' }))).toMatchObject({ currency: 'MR', units: 10_000 });
  });

  it('a missing or mistyped field is a tool error naming it, not a crash', async () => {
    const missing = await call(client, 'stack', { amount: 200 });
    expect(missing.isError).toBe(true);
    expect(missing.content[0]?.text).toMatch(/retailer/);
    const mistyped = await call(client, 'stack', { retailer: 'macys', amount: true });
    expect(mistyped.isError).toBe(true);
    expect(mistyped.content[0]?.text).toMatch(/amount/);
    expect(documentOf(await call(client, 'retailers', { search: 'amaz' }))).toMatchObject({ date: TODAY });
  });

  it('refuses order_add and rate_set: they are not offered, and the database is unchanged', async () => {
    for (const [name, args] of [
      ['order_add', { retailer: 'macys', amount: 50, card: 'amex-gold' }],
      ['rate_set', { retailer: 'macys', rate: 12, portal: 'rakuten' }],
    ] as const) {
      const result = await call(client, name, args);
      expect(result.isError).toBe(true);
      expect(result.content[0]?.text).toMatch(new RegExp(name));
    }
    expect(dbDigest(db)).toBe(before);
  });

  it('holds no lock between calls: the command line writes meanwhile, and the next call sees it', async () => {
    const copy = tmp.file('concurrent.db');
    fs.copyFileSync(db, copy);
    const other = await connect(copy);
    try {
      type Next = { payouts: Array<{ expected_cents: number }> };
      const first = documentOf(await call(other, 'payout_next', { portal: 'rakuten' })) as Next;
      cli(copy, ['order', 'add', 'macys', '100', '--card', 'amex-gold', '--portal', 'rakuten', '--date', '2026-10-01']);
      const after = documentOf(await call(other, 'payout_next', { portal: 'rakuten' })) as Next;
      expect(after).toEqual(JSON.parse(cli(copy, ['payout', 'next', '--portal', 'rakuten', '--json'])));
      // Rakuten pays 6% at Macy's: $6.00 more expected in the same payout.
      expect(after.payouts[0]!.expected_cents - first.payouts[0]!.expected_cents).toBe(600);
    } finally {
      await other.close();
    }
  });
});

describe('perk mcp advise and welcome (on imported spending)', () => {
  const spendDb = tmp.file('spend.db');
  let client: Client;
  let before: string;
  beforeAll(async () => {
    fs.copyFileSync(db, spendDb);
    cli(spendDb, ['spend', 'import', path.join(ROOT, 'tests', 'fixtures', 'spend', 'chase.csv'), '--card', 'chase-freedom-flex']);
    cli(spendDb, ['wallet', 'add', 'chase-sapphire-preferred', '--opened', '2026-11-01']);
    cli(spendDb, ['order', 'add', 'macys', '200', '--card', 'chase-sapphire-preferred', '--date', '2026-11-05']);
    before = dbDigest(spendDb);
    client = await connect(spendDb);
  });
  afterAll(async () => {
    await client.close();
  });

  it('describes months for the assistant, and welcome takes no input', async () => {
    const { tools } = await client.listTools();
    const advise = tools.find((t) => t.name === 'advise');
    expect(advise?.annotations?.readOnlyHint).toBe(true);
    expect(Object.keys(advise?.inputSchema.properties ?? {})).toEqual(['months']);
    expect(advise?.inputSchema.required ?? []).toEqual([]);
    expect(tools.find((t) => t.name === 'welcome')?.inputSchema.properties ?? {}).toEqual({});
  });

  // [tool, arguments, the same question on the command line]
  const same: Array<[string, Record<string, unknown>, string[]]> = [
    ['advise', {}, ['advise']],
    ['advise', { months: 6 }, ['advise', '--months', '6']],
    ['advise', { months: '3' }, ['advise', '--months', '3']],
    ['welcome', {}, ['welcome']],
  ];
  it.each(same)('%s %j returns what perk %j --json prints', async (tool, args, cliArgs) => {
    const stdout = cli(spendDb, [...cliArgs, '--json']);
    const result = await call(client, tool, args);
    expect(documentOf(result)).toEqual(JSON.parse(stdout));
    expect(result.content[0]?.text).toBe(stdout.trimEnd());
  });

  it('answers from the imported spending: advise replays it, welcome counts the order on the new card', async () => {
    const advice = documentOf(await call(client, 'advise', { months: 6 })) as {
      months: number;
      since: string;
      until: string;
      spend_cents: number;
      held: Array<{ card: string; net_cents: number; value_cents: number; fee_cents: number }>;
      candidates: Array<{ net_cents: number }>;
    };
    expect(advice).toMatchObject({ months: 6, until: TODAY });
    expect(advice.spend_cents).toBeGreaterThan(0);
    expect(advice.held.map((h) => h.card)).toContain('chase-sapphire-preferred');
    for (const h of advice.held) expect(h.net_cents).toBe(h.value_cents - h.fee_cents);
    expect(advice.candidates.length).toBeGreaterThan(0);
    // Sapphire Preferred opened 2026-11-01: 75,000 points for $5,000 in 3 months (to 2027-01-29).
    // $200 spent (the Macy's order), $4,800 left, 70 days left: $4,800 / 70 = $68.5714… → $68.58 a day (rounded up).
    expect(documentOf(await call(client, 'welcome', {}))).toEqual({
      welcome: [
        { card: 'chase-sapphire-preferred', opened: '2026-11-01', ends: '2027-01-29', units: 75000, min_spend_cents: 500000, spent_cents: 20000, left_cents: 480000, days_left: 70, pace_cents_per_day: 6858, on_track: false },
      ],
    });
  });

  const bad: Array<[Record<string, unknown>, string[]]> = [
    [{ months: 0 }, ['advise', '--months', '0']],
    [{ months: 121 }, ['advise', '--months', '121']],
    [{ months: 'a year' }, ['advise', '--months', 'a year']],
  ];
  it.each(bad)('advise %j is a tool error with the sentence of perk %j, and the next call works', async (args, cliArgs) => {
    const r = perk(['--db', spendDb, '--today', TODAY, ...cliArgs], { env });
    expect(r.code).toBe(2);
    const result = await call(client, 'advise', args);
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toBe(r.stderr.replace(/^perk: /, '').trimEnd());
    expect(documentOf(await call(client, 'advise', { months: 12 }))).toMatchObject({ months: 12 });
    expect(documentOf(await call(client, 'welcome', {}))).toMatchObject({ welcome: [{ card: 'chase-sapphire-preferred' }] });
  });

  it('changes nothing in the database', () => {
    expect(dbDigest(spendDb)).toBe(before);
  });
});

describe('perk mcp --allow-writes', () => {
  it('offers order_add and rate_set, which write exactly what the command line writes', async () => {
    const viaMcp = tmp.file('writes-mcp.db');
    const viaCli = tmp.file('writes-cli.db');
    fs.copyFileSync(db, viaMcp);
    fs.copyFileSync(db, viaCli);
    const client = await connect(viaMcp, ['--allow-writes']);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['order_add', 'rate_set', 'stack']));
      expect(tools.find((t) => t.name === 'order_add')?.annotations?.readOnlyHint).toBe(false);

      const order = documentOf(
        await call(client, 'order_add', { retailer: 'macys', amount: 80, card: 'amex-gold', portal: 'rakuten', offer: 'amex-macys-25', note: 'shoes' }),
      );
      expect(order).toEqual(
        JSON.parse(cli(viaCli, ['order', 'add', 'macys', '80', '--card', 'amex-gold', '--portal', 'rakuten', '--offer', 'amex-macys-25', '--note', 'shoes', '--json'])),
      );
      const rate = documentOf(await call(client, 'rate_set', { retailer: 'macys', rate: '12%', portal: 'rakuten', to: '2026-11-30' }));
      expect(rate).toEqual(JSON.parse(cli(viaCli, ['rate', 'set', 'macys', '12%', '--portal', 'rakuten', '--to', '2026-11-30', '--json'])));
      // A refused write is the command's sentence, and changes nothing.
      const digest = dbDigest(viaMcp);
      const refused = await call(client, 'order_add', { retailer: 'macys', amount: 80, card: 'no-such-card' });
      expect(refused.isError).toBe(true);
      const r = perk(['--db', viaCli, '--today', TODAY, 'order', 'add', 'macys', '80', '--card', 'no-such-card'], { env });
      expect(r.code).toBe(2);
      expect(refused.content[0]?.text).toBe(r.stderr.replace(/^perk: /, '').trimEnd());
      expect(dbDigest(viaMcp)).toBe(digest);
    } finally {
      await client.close();
    }
    expect(dbDigest(viaMcp)).toBe(dbDigest(viaCli));
  });
});

describe('perk mcp offline', () => {
  it('answers with every network call of Node made to fail', async () => {
    const log = tmp.file('network.log');
    const preload = tmp.file('no-network.mjs');
    fs.writeFileSync(
      preload,
      `import fs from 'node:fs'; import net from 'node:net'; import tls from 'node:tls'; import dns from 'node:dns';
       const trip = (what) => { fs.appendFileSync(${JSON.stringify(log)}, what + '\\n'); throw new Error('network: ' + what); };
       net.Socket.prototype.connect = function () { trip('net.Socket.connect'); };
       net.connect = net.createConnection = () => trip('net.connect');
       tls.connect = () => trip('tls.connect');
       for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6']) dns[k] = () => trip('dns.' + k);
       globalThis.fetch = () => trip('fetch');`,
    );
    const client = await connect(db, [], { NODE_OPTIONS: `--import=${preload}` });
    try {
      expect(documentOf(await call(client, 'stack', { retailer: 'macys', amount: 200 }))).toMatchObject({ amount_cents: 20_000 });
      expect(documentOf(await call(client, 'compare', { cash: 10 }))).toMatchObject({ cash_cents: 1_000 });
    } finally {
      await client.close();
    }
    expect(fs.existsSync(log)).toBe(false);
  });
});
