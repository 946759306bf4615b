/**
 * Tables for people: cli-table3 with borders on a terminal, plain aligned columns (no borders, no
 * color) when stdout is a pipe or file. A bordered table wider than the terminal would wrap into
 * unreadable fragments, so then the terminal gets the plain columns too (they are 1 column narrower
 * per cell and keep one line per row); when even those are wider, the columns a table marks as
 * cuttable (names and notes, never the ids a person types next) are cut to fit, each cut cell ending
 * in "…" — if that makes the table fit; otherwise nothing is cut. A pipe or a file gets every cell whole.
 */
import Table from 'cli-table3';

export type Align = 'left' | 'right';

export interface TableOptions {
  tty: boolean;
  align?: Align[];
  /** Terminal width in columns (default: stdout's). */
  width?: number;
  /** Columns (indexes) that may be cut on a terminal too narrow for the table: free text, not ids. */
  cut?: number[];
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-9;]*m/g;

export { safeText } from './safe-text.js';

function visibleLength(s: string): number {
  return s.replace(ANSI_RE, '').length;
}

/** The width of the widest line of `text` as a terminal shows it (color codes take no room). */
export function visibleWidth(text: string): number {
  return Math.max(...text.split('\n').map(visibleLength));
}

/** A column is never cut below this width (or its header's). */
const MIN_CUT_WIDTH = 12;

/** `s` cut to `width` visible characters, the last one "…" (a cut cell loses its color). */
function cut(s: string, width: number): string {
  if (visibleLength(s) <= width) return s;
  return `${[...s.replace(ANSI_RE, '')].slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * Column widths that fit `width` (2 spaces between columns) by narrowing the `cut` columns, the widest
 * first and to no less than the next widest (so the widest share the cut), never below MIN_CUT_WIDTH
 * or the header; undefined when even that does not fit.
 */
function fitWidths(head: string[], widths: number[], cut: readonly number[], width: number): number[] | undefined {
  const out = [...widths];
  const floor = (i: number) => Math.max(MIN_CUT_WIDTH, visibleLength(head[i] ?? ''));
  for (;;) {
    const excess = out.reduce((s, w) => s + w, 0) + 2 * (out.length - 1) - width;
    if (excess <= 0) return out;
    const cuttable = cut.filter((i) => out[i] !== undefined && out[i] > floor(i)).sort((x, y) => out[y]! - out[x]!);
    const widest = cuttable[0];
    if (widest === undefined) return undefined;
    const w = out[widest]!;
    out[widest] = Math.max(floor(widest), w - excess, Math.min(out[cuttable[1] ?? widest]!, w - 1));
  }
}

/** The real terminal's width; none when stdout is not one (a test harness posing as a terminal). */
export function terminalWidth(options: { width?: number | undefined }): number {
  return options.width ?? (process.stdout.isTTY ? process.stdout.columns || 80 : Infinity);
}

export function renderTable(head: string[], rows: string[][], options: TableOptions): string {
  const align = options.align ?? [];
  if (options.tty) {
    const table = new Table({
      head,
      colAligns: head.map((_, i) => align[i] ?? 'left'),
      // compact: no rule between rows, so a table is one line per row plus three.
      style: { head: [], border: [], compact: true },
    });
    for (const row of rows) table.push(row);
    const text = table.toString();
    if (visibleWidth(text) <= terminalWidth(options)) return text;
  }
  const full = head.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const widths = (options.tty && options.cut?.length && fitWidths(head, full, options.cut, terminalWidth(options))) || full;
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const c = (widths[i] ?? 0) < (full[i] ?? 0) ? cut(cell, widths[i] ?? 0) : cell;
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(c)));
        return align[i] === 'right' ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
