/**
 * The human view of `perk stack`: a ranked table drawn from the same result object as `--json`, the
 * best row highlighted, a one-line explanation of the best option, then its warnings and notes. On a
 * terminal too narrow for the whole table, the component columns are left out (portal reward, offer,
 * promo, card earn, charged, then return; the portal is shortened) and each option's explanation
 * follows the table, wrapped to the terminal.
 */
import { formatCents, formatRatePercent, formatUnits } from '../core/money.js';
import { type StackComponent, type StackOption, type StackResult } from '../core/stack.js';
import { makeChalk } from './style.js';
import { proseWidth, renderTable, safeText, terminalWidth } from './table.js';
import { wrapText } from './wrap.js';

/** For the fast path's runInContext (fast-stack.ts): the wrapper, from the file that holds it already. */
export { fitToWidth } from './wrap.js';

export interface StackViewOptions {
  color: boolean;
  tty: boolean;
  /** Options left out of the table (shown as a hint). */
  hidden?: number;
  /** The terminal's width in columns (a terminal only; default: stdout's, see terminalWidth). */
  width?: number;
}


/** `$25.00` for USD, `1,200 MR $24.00` for points. */
function componentCell(c: StackComponent): string {
  return c.currency === 'USD' ? formatCents(c.value_cents) : `${formatUnits(c.units)} ${c.currency} ${formatCents(c.value_cents)}`;
}

function cells(option: StackOption, source: StackComponent['source']): string {
  return option.components
    .filter((c) => c.source === source)
    .map((c) => (source === 'promo' || source === 'offer' ? `${c.id} ${componentCell(c)}` : componentCell(c)))
    .join(' + ');
}

function portalCell(option: StackOption): string {
  if (option.portal) return `${option.portal} ${option.rate ?? ''}${option.payout && option.payout !== 'USD' ? ` → ${option.payout}` : ''}`.trim();
  if (option.click_through) return 'click-through offer';
  return '—';
}

const indent = (text: string) => text.split('\n').map((l) => `  ${l}`).join('\n');

export function renderStack(result: StackResult, options: StackViewOptions): string {
  const c = makeChalk(options.color);
  const lines: string[] = [];
  const where = [
    `${c.bold(safeText(result.retailer.name))} (${safeText(result.category)}${result.category !== result.retailer.category ? ', --category' : ''})`,
    formatCents(result.amount_cents),
    result.date,
  ];
  if (result.channel !== 'online') where.push(result.channel.replace('_', '-'));
  const prose = proseWidth({ tty: options.tty, width: options.width });
  lines.push(wrapText(where.join(' · '), prose));

  const best = result.options[0];
  if (!best) {
    lines.push(wrapText('No options: no card to compare. Add cards with: perk wallet add <card>…', prose));
    for (const note of result.notes) lines.push(c.dim(wrapText(safeText(note), prose)));
    return lines.join('\n');
  }

  const hasPromo = result.options.some((o) => o.components.some((x) => x.source === 'promo'));
  const hasOffer = result.options.some((o) => o.components.some((x) => x.source === 'offer'));
  const hasGift = result.options.some((o) => o.gift_card_cents > 0);
  const head: string[] = [];
  const align: Array<'left' | 'right'> = [];
  const column = (name: string, side: 'left' | 'right', when = true) => {
    if (!when) return;
    head.push(name);
    align.push(side);
  };
  column('#', 'right');
  column('card', 'left');
  column('portal', 'left');
  column('portal reward', 'right');
  column('offer', 'right', hasOffer);
  column('card earn', 'right');
  column('promo', 'right', hasPromo);
  column('charged', 'right', hasGift);
  column('total', 'right');
  column('return', 'right');

  const rows = result.options.map((o) => {
    const row = [
      `${o.rank}${o.warnings.length ? '!' : ''}`,
      o.card,
      portalCell(o),
      o.portal ? cells(o, 'portal') : '',
    ];
    if (hasOffer) row.push(cells(o, 'offer'));
    row.push(cells(o, 'card'));
    if (hasPromo) row.push(cells(o, 'promo'));
    if (hasGift) row.push(formatCents(o.charged_cents));
    row.push(formatCents(o.total_value_cents), formatRatePercent(o.total_value_cents, result.amount_cents));
    const safe = row.map(safeText);
    return o.rank === 1 ? safe.map((cell) => c.green.bold(cell)) : safe;
  });
  const width = options.tty ? terminalWidth(options) : Infinity;
  const drop = ['portal reward', 'offer', 'promo', 'card earn', 'charged', 'return'].map((h) => head.indexOf(h)).filter((i) => i >= 0);
  const table = renderTable(head, rows, { tty: options.tty, align, width, cut: [head.indexOf('portal')], drop });
  lines.push(table);
  if (/\n\(left out at /.test(table)) {
    // The components are not in the table: each option's explanation says what makes its total.
    for (const o of result.options) lines.push(c.dim(wrapText(`#${o.rank} ${safeText(o.explanation)}`, prose)));
  }

  const via = best.portal ? ` through ${best.portal}` : best.click_through ? ` with click-through offer ${best.click_through}` : '';
  lines.push('');
  lines.push(wrapText(`${c.green.bold('Best:')} ${c.bold(best.card)}${via}${best.promos.length ? ` with ${best.promos.join(', ')}` : ''}`, prose));
  lines.push(indent(wrapText(safeText(best.explanation), prose - 2)));
  if (best.gift_card_cents > 0) lines.push(indent(wrapText(`${formatCents(best.gift_card_cents)} from gift-card balance, ${formatCents(best.charged_cents)} charged to the card.`, prose - 2)));

  // Warnings of the shown options, each once, with the ranks it concerns.
  const warnings = new Map<string, number[]>();
  for (const o of result.options) for (const w of o.warnings) warnings.set(w, [...(warnings.get(w) ?? []), o.rank]);
  if (warnings.size) {
    lines.push('');
    for (const [text, ranks] of warnings) {
      const which = ranks.length === result.options.length ? 'all' : `#${ranks.join(', #')}`;
      const [first = '', ...rest] = wrapText(`! ${safeText(text)} (${which})`, prose).split('\n');
      lines.push(c.yellow(first), ...rest.map((l) => c.yellow(l)));
    }
  }
  const footer = [...result.notes];
  if (options.hidden) footer.push(`${options.hidden} more option${options.hidden === 1 ? '' : 's'} not shown: --top ${result.options.length + options.hidden} shows all.`);
  if (result.paths.length) {
    footer.push(`Points valued at ${result.paths.map((p) => `${p.currency} ${p.path} ${p.cpp}¢`).join(', ')} (change with --path CUR=path).`);
  }
  if (footer.length) {
    lines.push('');
    for (const note of footer) lines.push(c.dim(wrapText(safeText(note), prose)));
  }
  return lines.join('\n');
}
