/** Human views of `perk value` and `perk compare`, drawn from the same result objects as their JSON. */
import type { CompareResult } from '../core/compare.js';
import { formatCents, formatUnits } from '../core/money.js';
import { formatCpp, skippedPathNote, type CurrencyValuation, type PathValuation } from '../core/valuation.js';
import { makeChalk } from './style.js';
import { proseWidth, renderTable, safeText } from './table.js';
import { wrapText } from './wrap.js';

export interface ViewOptions {
  tty: boolean;
  color: boolean;
  /** The terminal's width (a terminal only; default: stdout's). */
  width?: number | undefined;
}

function cppCell(p: PathValuation, c: ReturnType<typeof makeChalk>): string {
  return p.user ? c.cyan(`${formatCpp(p.cpp)} (yours)`) : formatCpp(p.cpp);
}

/** What is special about a path: in use, the user's cpp, its fee or tiers. */
function pathNotes(p: PathValuation, c: ReturnType<typeof makeChalk>): string {
  const notes: string[] = [];
  if (!p.available) notes.push(c.yellow(`needs ${(p.requires ?? []).join(' or ')}`));
  if (p.default) notes.push(c.bold('default'));
  if (p.user) notes.push(c.cyan(`your cpp, published ${formatCpp(p.published_cpp ?? p.cpp)}`));
  const effective = p.effective_cpp !== undefined && p.effective_cpp !== p.cpp ? ` → ${formatCpp(Number(p.effective_cpp.toFixed(2)))}¢ net` : '';
  if (p.kind === 'fee' && p.fee_cents !== undefined) {
    notes.push(`fee ${formatCents(p.fee_cents)}${p.rule ? ` (${p.rule.replace(/^fee /, '')})` : ''}${effective}`);
  }
  if (p.kind === 'tiers' && p.rule) notes.push(`${p.rule}${effective.replace(' net', ' on average')}`);
  return notes.join('; ');
}

function unitsName(code: string, units: number): string {
  return code === 'USD' ? `${formatUnits(units)} cents` : `${formatUnits(units)} ${code}`;
}

export function renderValuation(v: CurrencyValuation, options: ViewOptions): string {
  const c = makeChalk(options.color);
  const lines: string[] = [];
  const prose = proseWidth(options);
  lines.push(wrapText(`${c.bold(unitsName(v.currency, v.units))} (${safeText(v.name)}), by redemption path, best first:`, prose));
  lines.push('');
  lines.push(
    renderTable(
      ['path', 'cpp', 'value', 'note'],
      v.paths.map((p) => [p.path, cppCell(p, c), formatCents(p.value_cents), pathNotes(p, c)]),
      // Narrow terminals: the note is shortened, then left out.
      { tty: options.tty, width: options.width, align: ['left', 'right', 'right', 'left'], cut: [3], drop: [3] },
    ),
  );
  if (v.skipped) {
    lines.push('');
    lines.push(c.yellow(wrapText(skippedPathNote(v.skipped), prose)));
  }
  if (v.currency !== 'USD') {
    lines.push('');
    const own = `perk config set cpp.${v.currency}.<path> <cpp>`;
    const path = `perk config set path.${v.currency} <path>`;
    lines.push(
      c.dim(
        // One command a line, so neither is split when the terminal is narrow.
        prose >= 39 + own.length
          ? `cpp = cents per point. Your own value: ${own}\nThe path perk stack uses:             ${path}`
          : `cpp = cents per point. Your own value:\n  ${own}\nThe path perk stack uses:\n  ${path}`,
      ),
    );
  }
  return lines.join('\n');
}

function signed(cents: number): string {
  if (cents === 0) return '±$0.00';
  return cents > 0 ? `+${formatCents(cents)}` : formatCents(cents);
}

export function renderCompare(r: CompareResult, options: ViewOptions): string {
  const c = makeChalk(options.color);
  const lines: string[] = [];
  const prose = proseWidth(options);
  lines.push(wrapText(`${c.bold(formatCents(r.cash_cents))} of ${safeText(r.portal_name)} cash back, taken as each payout option:`, prose));
  lines.push('');
  const rows: string[][] = [];
  for (const o of r.options) {
    o.paths.forEach((p, i) => {
      const isBest = o.currency === r.best.currency && p.path === r.best.path;
      const diff = p.value_cents - r.cash_cents;
      const vs = o.currency === 'USD' ? '' : diff > 0 ? c.green(signed(diff)) : diff < 0 ? c.red(signed(diff)) : signed(diff);
      const notes = [isBest ? c.green.bold('best') : '', p.default && o.paths.length > 1 ? 'default' : '', p.user ? c.cyan('your cpp') : '', p.fee_cents ? `fee ${formatCents(p.fee_cents)}` : '']
        .filter(Boolean)
        .join(', ');
      const payout = i === 0 ? (o.available ? o.currency : c.dim(`${o.currency} (no card)`)) : '';
      rows.push([
        payout,
        i === 0 ? formatUnits(o.units) : '',
        i === 0 ? `${formatCpp(o.break_even_cpp)}¢` : '',
        p.path,
        p.user ? c.cyan(formatCpp(p.cpp)) : formatCpp(p.cpp),
        isBest ? c.green.bold(formatCents(p.value_cents)) : formatCents(p.value_cents),
        vs,
        notes,
      ]);
    });
  }
  lines.push(
    renderTable(['payout', 'units', 'break-even', 'path', 'cpp', 'value', 'vs cash', 'note'], rows, {
      tty: options.tty,
      width: options.width,
      align: ['left', 'right', 'right', 'left', 'right', 'right', 'right', 'left'],
      // Narrow terminals: the note and the payout are shortened, then the note, units, break-even and
      // vs cash are left out (the sentences below say the break-even and the best).
      cut: [7, 0],
      drop: [7, 1, 2, 6],
    }),
  );
  lines.push('');
  for (const sentence of r.sentences) lines.push(wrapText(sentence, prose));
  const next = r.runners_up.find((b) => b.currency !== 'USD');
  if (next && r.best.currency !== 'USD') {
    lines.push(wrapText(`Next best: ${next.currency} via ${next.path}, ${formatCents(next.value_cents)}.`, prose));
  }
  for (const note of r.notes) lines.push(c.yellow(wrapText(`Note: ${note}`, prose)));
  return lines.join('\n');
}
