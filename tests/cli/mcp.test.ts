// `perk mcp` in-process: the server of commands/mcp.ts and the SDK's Client over the SDK's in-memory
// transport, on a seeded :memory: database. (tests/e2e/mcp.e2e.test.ts runs the real process over stdio.)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/commands/mcp.js';
import type { Ctx } from '../../src/context.js';
import { openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';
import { memoryCtx, seededStore } from '../helpers/context.js';

let store: Store;
let stdout: string[];
let stderr: string[];

function ctx(): Ctx {
  return memoryCtx(() => store, { json: false, out: (s) => void stdout.push(s), err: (s) => void stderr.push(s) });
}

async function connect(today: () => string, allowWrites = false): Promise<Client> {
  const server = buildServer({ allowWrites, today, version: '0.0.0' }, ctx());
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'perk-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

type Result = { content: Array<{ text?: string }>; isError?: boolean };
const textOf = (r: unknown) => (r as Result).content[0]?.text ?? '';

beforeEach(() => {
  store = seededStore();
  stdout = [];
  stderr = [];
});
afterEach(() => store.close());

describe('perk mcp server', () => {
  it('reads today at each call when no --today was given (a server can run past midnight)', async () => {
    const days = ['2026-11-21', '2026-11-22'];
    const client = await connect(() => days.shift() ?? 'none');
    const first = JSON.parse(textOf(await client.callTool({ name: 'retailers', arguments: { search: 'macys' } }))) as { date: string };
    const second = JSON.parse(textOf(await client.callTool({ name: 'retailers', arguments: { search: 'macys' } }))) as { date: string };
    expect([first.date, second.date]).toEqual(['2026-11-21', '2026-11-22']);
    await client.close();
  });

  it('a failure that is not the input is a tool error ("internal error: …") logged on stderr, not a crash', async () => {
    const client = await connect(() => '2026-11-21');
    store.close();
    const r = (await client.callTool({ name: 'value', arguments: { currency: 'MR' } })) as Result;
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^internal error: .*database connection is not open/);
    expect(stderr.join('\n')).toMatch(/^perk mcp: internal error/);
    expect(stdout).toEqual([]);
    store = new Store(openDatabase(':memory:').db);
    await client.close();
  });

  it('offers order_add and rate_set only with allowWrites, marked as writing', async () => {
    const names = async (allow: boolean) => {
      const client = await connect(() => '2026-11-21', allow);
      const { tools } = await client.listTools();
      await client.close();
      return tools;
    };
    expect((await names(false)).map((t) => t.name)).not.toContain('order_add');
    const writing = (await names(true)).filter((t) => t.annotations?.readOnlyHint === false).map((t) => t.name);
    expect(writing.sort()).toEqual(['order_add', 'rate_set']);
  });
});
