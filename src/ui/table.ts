/**
 * Tables for people: cli-table3 with borders on a terminal, plain aligned columns (no borders, no
 * color) when stdout is a pipe or file.
 */
import Table from 'cli-table3';

export type Align = 'left' | 'right';

export interface TableOptions {
  tty: boolean;
  align?: Align[];
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
      style: { head: [], border: [] },
    });
    for (const row of rows) table.push(row);
    return table.toString();
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
