// Run by bench.mjs: `node mcp-calls.mjs <perk.js> <db> <calls> <retailer> <amount>` starts `perk mcp` on the
// database with the MCP SDK's own Client over stdio, makes <calls> sequential `stack` calls, closes it, and
// prints { "ms": … } — the wall time from starting the server to its exit, so the server's start-up counts
// (this script's own Node start does not: the command-line side of the ratio has no client either).
// Each answer is checked to be a stack (a tool error would make the server look fast).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [perkBin, db, callsText, retailer, amount] = process.argv.slice(2);
const calls = Number(callsText);
const env = Object.fromEntries(Object.entries(process.env).filter((e) => e[1] !== undefined));

const t0 = process.hrtime.bigint();
const transport = new StdioClientTransport({ command: process.execPath, args: [perkBin, '--db', db, 'mcp'], env, stderr: 'inherit' });
const client = new Client({ name: 'perk-bench', version: '1.0.0' });
await client.connect(transport);
for (let i = 0; i < calls; i++) {
  const r = await client.callTool({ name: 'stack', arguments: { retailer, amount: Number(amount) } });
  const text = r.content?.[0]?.text ?? '';
  if (r.isError || !Array.isArray(JSON.parse(text).options)) throw new Error(`stack call ${i + 1} failed: ${text.slice(0, 500)}`);
}
await client.close();
process.stdout.write(`${JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6 })}\n`);
