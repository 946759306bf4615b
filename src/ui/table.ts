/**
 * Tables for people (SPEC 13). A terminal always gets the table in borders (cli-table3, one line per
 * row); a pipe or a file gets every column whole, plain aligned columns with no borders and no color.
 *
 * A bordered table wider than the terminal is made to fit, never wrapped inside a cell, in this order:
 *   1. the columns the table marks as `cut` (free text — names, notes — never the ids a person types
 *      next) are shortened, the widest first, to no less than MIN_CUT_WIDTH or their header, each cut
 *      cell ending in "…";
 *   2. if that is not enough, the columns the table marks as `drop` are left out, one at a time in the
 *      order given (after each, step 1 again from the full widths); a line under the table names them;
 *   3. if even that is not enough, the `cut` columns go down to MIN_LAST_WIDTH, then every line is cut
 *      at the terminal's width (a last resort no table of perk's reaches at 60 columns).
 * Widths are measured as a terminal shows them (string-width: color codes take no room, wide
 * characters take two).
 */
import Table from 'cli-table3';
import stringWidth from 'string-width';
import { wrapText } from './wrap.js';

export type Align = 'left' | 'right';

export interface TableOptions {
  tty: boolean;
  align?: Align[];
  /** Terminal width in columns (default: stdout's). */
  width?: number | undefined;
  /** Columns (indexes) that may be shortened on a terminal too narrow for the table: free text, not ids. */
  cut?: number[];
  /** Columns (indexes) that may be left out on a terminal too narrow for the table, first dropped first. */
  drop?: number[];
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-9;]*m/g;

export { safeText } from './safe-text.js';

function visibleLength(s: string): number {
  return stringWidth(s);
}

/** A column is never cut below this width (or its header's)… */
const MIN_CUT_WIDTH = 12;
/** …unless dropping every droppable column still does not make the table fit. */
const MIN_LAST_WIDTH = 6;

/** `s` cut to `width` terminal columns, the last one "…" (a cut cell loses its color). */
export function cut(s: string, width: number): string {
  if (visibleLength(s) <= width) return s;
  let out = '';
  for (const ch of s.replace(ANSI_RE, '')) {
    if (stringWidth(out + ch) > Math.max(0, width - 1)) break;
    out += ch;
  }
  return `${out}…`;
}

/** The width of a table with these column widths: bordered (│ x │ y │) or plain (x  y). */
function tableWidth(widths: readonly number[], bordered: boolean): number {
  const sum = widths.reduce((s, w) => s + w, 0);
  return bordered ? sum + 3 * widths.length + 1 : sum + 2 * Math.max(0, widths.length - 1);
}

/**
 * Column widths that fit `width` by narrowing the `cut` columns, the widest first and to no less than
 * the next widest (so the widest share the cut), never below `min` or the header; undefined when even
 * that does not fit.
 */
function fitWidths(
  head: readonly string[],
  widths: readonly number[],
  cutCols: readonly number[],
  width: number,
  bordered: boolean,
  min: number,
): number[] | undefined {
  const out = [...widths];
  const floor = (i: number) => Math.min(widths[i]!, Math.max(min, visibleLength(head[i] ?? '')));
  for (;;) {
    const excess = tableWidth(out, bordered) - width;
    if (excess <= 0) return out;
    const cuttable = cutCols.filter((i) => out[i] !== undefined && out[i] > floor(i)).sort((x, y) => out[y]! - out[x]!);
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

/** The width prose is wrapped to: the terminal's, or 80 columns in a pipe or a file. */
export function proseWidth(options: { tty: boolean; width?: number | undefined }): number {
  const width = options.tty ? terminalWidth(options) : 80;
  return Number.isFinite(width) ? Math.max(20, width) : 80;
}

interface Layout {
  /** The columns kept, in order. */
  keep: number[];
  /** Width of each kept column. */
  widths: number[];
  /** Whether the lines must still be cut at the terminal's width (the last resort). */
  crop: boolean;
}

function layout(head: string[], full: number[], options: TableOptions, width: number, bordered: boolean): Layout {
  const all = head.map((_, i) => i);
  const cutCols = options.cut ?? [];
  const attempt = (keep: number[], min: number) => {
    const widths = fitWidths(
      keep.map((i) => head[i]!),
      keep.map((i) => full[i]!),
      cutCols.map((i) => keep.indexOf(i)).filter((i) => i >= 0),
      width,
      bordered,
      min,
    );
    return widths ? { keep, widths, crop: false } : undefined;
  };
  let keep = all;
  const first = attempt(keep, MIN_CUT_WIDTH);
  if (first) return first;
  for (const d of options.drop ?? []) {
    keep = keep.filter((i) => i !== d);
    const fitted = attempt(keep, MIN_CUT_WIDTH);
    if (fitted) return fitted;
  }
  return attempt(keep, MIN_LAST_WIDTH) ?? { keep, widths: keep.map((i) => full[i]!), crop: true };
}

export function renderTable(head: string[], rows: string[][], options: TableOptions): string {
  const align = options.align ?? [];
  const full = head.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  if (!options.tty) {
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => {
          const pad = ' '.repeat(Math.max(0, full[i]! - visibleLength(cell)));
          return align[i] === 'right' ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd();
    return [line(head), ...rows.map(line)].join('\n');
  }
  const width = terminalWidth(options);
  const { keep, widths, crop } = layout(head, full, options, width, true);
  const pick = (cells: string[]) => keep.map((i, k) => ((widths[k] ?? 0) < (full[i] ?? 0) ? cut(cells[i] ?? '', widths[k]!) : (cells[i] ?? '')));
  const table = new Table({
    head: pick(head),
    colAligns: keep.map((i) => align[i] ?? 'left'),
    // compact: no rule between rows, so a table is one line per row plus three.
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const row of rows) table.push(pick(row));
  let text = table.toString();
  if (crop) text = text.split('\n').map((l) => cut(l, width)).join('\n');
  const dropped = (options.drop ?? []).filter((i) => !keep.includes(i)).map((i) => head[i]);
  if (dropped.length) {
    text += `\n${wrapText(`(left out at ${width} columns: ${dropped.join(', ')}; a wider terminal or a pipe shows them)`, width)}`;
  }
  return text;
}
