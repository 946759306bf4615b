/**
 * `perk mcp`: a Model Context Protocol server on stdio (SPEC section 12), so an assistant can ask perk
 * before a purchase. The tools are in mcp-tools.ts; this module is the only one that imports the MCP SDK,
 * and cli.ts loads it only for `perk mcp` (its own chunk of dist/), so no other command pays for it.
 *
 * The database is opened once; between calls the server holds no lock (WAL, no open transaction), so the
 * command line can read and write it at the same time. Without `--allow-writes` the write tools are not
 * offered and the connection is read-only (`PRAGMA query_only`): nothing the server does can change the
 * database.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Ctx } from '../context.js';
import type { IsoDate } from '../core/dates.js';
import { explainError } from '../exit.js';
import { TOOLS, type PerkTool } from './mcp-tools.js';

export interface McpOptions {
  /** Also serve the tools that write (`order_add`, `rate_set`). */
  allowWrites?: boolean | undefined;
  /** Today's date for each call: `--today`/PERK_TODAY when given, else the clock at the time of the call. */
  today: () => IsoDate;
  version: string;
}

const INSTRUCTIONS =
  "perk answers, from the user's own local data (wallet, cap use, order log, offers, settings), which card, shopping portal, " +
  'card-linked offer and promo give the most for a purchase (`stack`), what portal payouts and points are worth, ' +
  'which card to add next from the spending the user imported (`advise`), and how each new card is doing on its welcome bonus (`welcome`). ' +
  'Amounts you pass are in dollars; amounts returned are integer cents, points integer units. ';

/** One call's context: the server's open database, today's date at the time of the call, no terminal. */
function callContext(base: Ctx, today: IsoDate): Ctx {
  return {
    ...base,
    today,
    json: true,
    color: false,
    tty: false,
    interactive: false,
    // stdout carries the protocol: a stray line from a command goes to stderr instead.
    out: (line) => base.err(line),
    close: () => {},
  };
}

/** A tool's answer: its JSON document as text (as `--json` prints it) and as structured content. */
function answer(doc: object): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(doc, null, 2) }], structuredContent: doc as Record<string, unknown> };
}

/** An error as a tool error: the sentence (and hint) the command line prints after `perk:`. */
function toolError(error: unknown, ctx: Ctx): CallToolResult {
  const { text, internal } = explainError(error);
  if (internal) ctx.err(`perk mcp: ${text ?? 'internal error'}${process.env.PERK_DEBUG ? `\n${(error as Error).stack ?? ''}` : ''}`);
  return { content: [{ type: 'text', text: text ?? 'internal error' }], isError: true };
}

/** Run one tool call against the open database; never throws (the server keeps running). */
export function callTool(tool: PerkTool, args: Record<string, unknown>, ctx: Ctx, today: IsoDate): CallToolResult {
  try {
    return answer(tool.run(args, callContext(ctx, today)));
  } catch (error) {
    return toolError(error, ctx);
  }
}

export function buildServer(options: McpOptions, ctx: Ctx): McpServer {
  const server = new McpServer(
    { name: 'perk', title: 'perk rewards optimizer', version: options.version },
    {
      instructions: INSTRUCTIONS + (options.allowWrites ? '' : 'This server is read-only: start it with `perk mcp --allow-writes` to log orders and record rates.'),
    },
  );
  for (const tool of TOOLS) {
    if (tool.writes && !options.allowWrites) continue;
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { readOnlyHint: !tool.writes, destructiveHint: false, idempotentHint: !tool.writes || tool.name === 'rate_set', openWorldHint: false },
      },
      (args: Record<string, unknown>) => callTool(tool, args, ctx, options.today()),
    );
  }
  server.server.onerror = (error) => ctx.err(`perk mcp: ${error.message}`);
  return server;
}

/** Serve until the client closes stdin. */
export async function runMcp(options: McpOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  if (!options.allowWrites) store.db.pragma('query_only = ON');
  const server = buildServer(options, ctx);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await server.connect(transport);
  if (process.stdin.isTTY) {
    ctx.err('perk mcp speaks the Model Context Protocol on stdin and stdout: register it in an MCP client (README: perk for assistants). Ctrl-D ends it.');
  }
  await closed;
  await server.close();
}
