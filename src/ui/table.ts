/**
 * Tables for people: cli-table3 with borders on a terminal, plain aligned columns (no borders, no
 * color) when stdout is a pipe or file. A bordered table wider than the terminal would wrap into
 * unreadable fragments, so then the terminal gets the plain columns too (they are 1 column narrower
 * per cell and keep one line per row).
 */
import Table from 'cli-table3';

export type Align = 'left' | 'right';

export interface TableOptions {
  tty: boolean;
  align?: Align[];
  /** Terminal width in columns (default: stdout's). */
  width?: number;
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-9;]*m/g;

export { safeText } from './safe-text.js';

function visibleLength(s: string): number {
  return s.replace(ANSI_RE, '').length;
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
    // The real terminal's width; none when stdout is not one (a test harness posing as a terminal).
    const width = options.width ?? (process.stdout.isTTY ? process.stdout.columns || 80 : Infinity);
    if (Math.max(...text.split('\n').map(visibleLength)) <= width) return text;
  }
  const widths = head.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - visibleLength(c)));
        return align[i] === 'right' ? pad + c : c + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
