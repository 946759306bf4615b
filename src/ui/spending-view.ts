/**
 * Human views of the spending nouns (SPEC 10): `perk spend import|list|set|summary`, `perk advise` and
 * `perk welcome`, each drawn from the result object its `--json` prints.
 */
import type { AdviceReport } from '../core/advise.js';
import { formatCents, formatUnits } from '../core/money.js';
import type { SpendTxn } from '../core/spend.js';
import type { SpendSummary } from '../core/spend-summary.js';
import type { WelcomeStatus } from '../core/welcome.js';
import { renderStackedBars } from './chart.js';
import { proseWidth, renderTable, safeText } from './table.js';
import type { ViewOptions } from './valuation-view.js';

export type { ViewOptions } from './valuation-view.js';

const IMPORT_HINT = 'Import an issuer export: perk spend import activity.csv --card <id>';


/** The transactions shown (the latest `shown.length` of `total`), a table. */
export function renderSpendList(shown: readonly SpendTxn[], total: number, options: ViewOptions): string {
  if (!shown.length) return `No imported transactions. ${IMPORT_HINT}`;
  const lines = [
    renderTable(
      ['id', 'date', 'card', 'description', 'amount', 'category'],
      shown.map((t) => [String(t.id), t.date, t.card, safeText(t.description), formatCents(t.amount_cents), t.category + (t.category_set ? ' *' : '')]),
      { tty: options.tty, width: options.width, align: ['right', 'left', 'left', 'left', 'right', 'left'], cut: [3] },
    ),
  ];
  if (shown.some((t) => t.category_set)) lines.push('* set with perk spend set (kept on re-import)');
  if (shown.length < total) lines.push(`The latest ${shown.length} of ${total}; --limit to see more.`);
  return lines.join('\n');
}

export function renderSpendSet(t: SpendTxn): string {
  return `Transaction ${t.id} (${safeText(t.description)}, ${formatCents(t.amount_cents)}) is now ${t.category}; a re-import keeps it.`;
}

/** The total, then by category and by card: a table and a bar chart each. */
export function renderSpendSummary(summary: SpendSummary, options: ViewOptions): string {
  const { months, since, until } = summary;
  if (!summary.by_category.length) return `No spending from ${since} to ${until}. ${IMPORT_HINT}`;
  const lines = [`Spending from ${since} to ${until} (${months} month${months === 1 ? '' : 's'}): ${formatCents(summary.spend_cents)}`];
  const share = (cents: number) => (summary.spend_cents > 0 ? `${((cents * 100) / summary.spend_cents).toFixed(1)}%` : '');
  for (const [title, rows] of [
    ['category', summary.by_category.map((r) => [r.category, r.spend_cents, r.count] as const)],
    ['card', summary.by_card.map((r) => [r.card ?? '(no card)', r.spend_cents, r.count] as const)],
  ] as const) {
    lines.push(
      '',
      renderTable([title, 'spend', 'share', 'transactions'], rows.map(([k, cents, n]) => [k, formatCents(cents), share(cents), String(n)]), {
        tty: options.tty,
        width: options.width,
        align: ['left', 'right', 'right', 'right'],
      }),
      renderStackedBars(
        rows.map(([k, cents]) => ({ label: k, values: [Math.max(0, cents)], note: formatCents(cents) })),
        { width: Math.min(80, proseWidth(options)), segments: [{ label: 'spend', fill: '█' }] },
      ),
    );
  }
  return lines.join('\n');
}

/** Cards held (value, fee, net, what dropping loses), then the ten best to add, then the explanation. */
export function renderAdvice(advice: AdviceReport, hasSpend: boolean, options: ViewOptions): string {
  const { since, until } = advice;
  if (!hasSpend) return `No spending from ${since} to ${until} to replay. Import an issuer export first: perk spend import activity.csv --card <id>`;
  const table = { tty: options.tty, width: options.width };
  const lines = [
    `Your spending from ${since} to ${until}, ${formatCents(advice.spend_cents)} a year, earns ${formatCents(advice.wallet_value_cents)} a year on your wallet (portals and offers not counted).`,
    '',
  ];
  if (advice.held.length) {
    lines.push(
      'Cards you hold (a year):',
      renderTable(
        ['card', 'value', 'fee', 'net', 'drop loses'],
        advice.held.map((h) => [h.card, formatCents(h.value_cents), formatCents(h.fee_cents), formatCents(h.net_cents), formatCents(h.drop_loses_cents)]),
        { ...table, align: ['left', 'right', 'right', 'right', 'right'] },
      ),
      '',
    );
  }
  const top = advice.candidates.slice(0, 10);
  lines.push(
    `Cards you could add, best first (a year; first year with the welcome bonus)${advice.candidates.length > top.length ? `, top ${top.length} of ${advice.candidates.length} (--json for all)` : ''}:`,
    renderTable(
      ['#', 'card', 'adds', 'fee', 'net', 'first year', 'unlocks'],
      top.map((c, i) => [
        String(i + 1),
        c.card,
        formatCents(c.added_cents),
        formatCents(c.fee_cents),
        formatCents(c.net_cents),
        formatCents(c.first_year_cents) + (c.welcome_reached === false ? ' !' : ''),
        c.lifts.map((l) => `${formatUnits(l.units)} ${l.currency} ${l.from_path}→${l.to_path}`).join(', '),
      ]),
      { ...table, align: ['right', 'left', 'right', 'right', 'right', 'right', 'left'], cut: [6] },
    ),
  );
  if (top.some((c) => c.welcome_reached === false)) lines.push('! your spending would not reach the welcome bonus minimum in time: not counted.');
  lines.push('', advice.explanation);
  return lines.join('\n');
}

/** Each card in its welcome window; none: how to start one (`undated`: cards with a bonus and no opening date). */
export function renderWelcome(statuses: readonly WelcomeStatus[], undated: readonly string[], options: ViewOptions): string {
  if (!statuses.length) {
    const lines = ['No card in your wallet is in its welcome-bonus window.'];
    if (undated.length) lines.push(`Tell perk when you opened one: perk wallet add ${undated[0]} --opened YYYY-MM-DD`);
    return lines.join('\n');
  }
  return renderTable(
    ['card', 'bonus', 'spent', 'left', 'days left', 'pace needed', 'on track'],
    statuses.map((s) => [
      s.card,
      formatUnits(s.units),
      `${formatCents(s.spent_cents)} of ${formatCents(s.min_spend_cents)}`,
      formatCents(s.left_cents),
      `${s.days_left} (to ${s.ends})`,
      s.left_cents === 0 ? 'done' : `${formatCents(s.pace_cents_per_day)}/day`,
      s.on_track ? 'yes' : 'no',
    ]),
    { tty: options.tty, width: options.width, align: ['left', 'right', 'right', 'right', 'right', 'right', 'left'] },
  );
}
