/** Portal rates in the Store, with the batched upsert a big rate load runs. */
import type { Channel, PortalRate } from '../core/types.js';
import { CatalogStore } from './store-catalog.js';
import { orNull, type Row } from './store-core.js';

/** Rates per statement of `upsertRates` (9 parameters each, well under SQLite's limit of 32,766). */
const RATE_BATCH = 32;
const RATE_COLUMNS = 9;
/** An upsert of RATE_BATCH rows, each written as `row` (its placeholders and fixed values). */
const rateBatchSql = (row: string): string => `INSERT INTO rates (portal, retailer, channel, from_date, to_date, percent, flat_cents, units_per_dollar, as_of) VALUES ${Array(RATE_BATCH).fill(row).join(', ')}
  ON CONFLICT(retailer, portal, channel, from_date) DO UPDATE SET to_date = excluded.to_date, percent = excluded.percent,
    flat_cents = excluded.flat_cents, units_per_dollar = excluded.units_per_dollar, as_of = excluded.as_of`;
const RATE_BATCH_SQL = rateBatchSql('(?, ?, ?, ?, ?, ?, ?, ?, ?)');
/**
 * The same for the usual shape of a portal's list — a percent or a flat amount, online, no dates but
 * `as_of` — with the defaults written into the statement: 5 parameters a row instead of 9. Binding
 * parameters is most of what an upsert costs better-sqlite3 (half of a 400,000-rate load).
 */
const RATE_PLAIN_BATCH_SQL = rateBatchSql("(?, ?, 'online', '', NULL, ?, ?, NULL, ?)");
/**
 * A rate of that shape (RATE_PLAIN_BATCH_SQL writes it exactly as upsertRate would): no dates, online,
 * and not a miles rate (SPEC 11.4: its units_per_dollar needs the full statement).
 */
const isPlainRate = (r: PortalRate): boolean =>
  r.from === undefined && r.to === undefined && (r.channel === undefined || r.channel === 'online') && r.units_per_dollar === undefined;

export class RateStore extends CatalogStore {
  // ---- rates ------------------------------------------------------------------------------------

  upsertRate(r: PortalRate): void {
    this.stmt(
      `INSERT INTO rates (portal, retailer, channel, from_date, to_date, percent, flat_cents, units_per_dollar, as_of)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(retailer, portal, channel, from_date) DO UPDATE SET to_date = excluded.to_date, percent = excluded.percent,
         flat_cents = excluded.flat_cents, units_per_dollar = excluded.units_per_dollar, as_of = excluded.as_of`,
    ).run(
      r.portal,
      r.retailer,
      r.channel ?? 'online',
      r.from ?? '',
      orNull(r.to),
      orNull(r.percent),
      orNull(r.flat_cents),
      orNull(r.units_per_dollar),
      orNull(r.as_of),
    );
  }

  /**
   * `upsertRate` for each rate, in order, with one statement call per RATE_BATCH rates: a big load
   * spends most of its time crossing into SQLite row by row, and a multi-row upsert is the same rows
   * applied one after another (a later row of the batch updates an earlier one with the same key).
   */
  upsertRates(rates: readonly PortalRate[]): void {
    // In order, RATE_BATCH rows a statement: the plain one when every row of the batch is plain, else
    // the full one; the rows that do not fill a batch one at a time.
    const plainBatch = this.stmt(RATE_PLAIN_BATCH_SQL);
    const batch = this.stmt(RATE_BATCH_SQL);
    const plainArgs: unknown[] = new Array<unknown>(RATE_BATCH * 5);
    const args: unknown[] = new Array<unknown>(RATE_BATCH * RATE_COLUMNS);
    let i = 0;
    for (; i + RATE_BATCH <= rates.length; i += RATE_BATCH) {
      let plain = true;
      for (let k = 0; k < RATE_BATCH && plain; k++) plain = isPlainRate(rates[i + k] as PortalRate);
      for (let k = 0; k < RATE_BATCH; k++) {
        const r = rates[i + k] as PortalRate;
        if (plain) {
          const a = k * 5;
          plainArgs[a] = r.portal;
          plainArgs[a + 1] = r.retailer;
          plainArgs[a + 2] = orNull(r.percent);
          plainArgs[a + 3] = orNull(r.flat_cents);
          plainArgs[a + 4] = orNull(r.as_of);
          continue;
        }
        const a = k * RATE_COLUMNS;
        args[a] = r.portal;
        args[a + 1] = r.retailer;
        args[a + 2] = r.channel ?? 'online';
        args[a + 3] = r.from ?? '';
        args[a + 4] = orNull(r.to);
        args[a + 5] = orNull(r.percent);
        args[a + 6] = orNull(r.flat_cents);
        args[a + 7] = orNull(r.units_per_dollar);
        args[a + 8] = orNull(r.as_of);
      }
      if (plain) plainBatch.run(plainArgs);
      else batch.run(args);
    }
    for (; i < rates.length; i++) this.upsertRate(rates[i] as PortalRate);
  }

  private rateFromRow(r: Row): PortalRate {
    const rate: PortalRate = { portal: r.portal as string, retailer: r.retailer as string };
    if (r.percent !== null) rate.percent = r.percent as number;
    if (r.flat_cents !== null) rate.flat_cents = r.flat_cents as number;
    if (r.units_per_dollar !== null && r.units_per_dollar !== undefined) rate.units_per_dollar = r.units_per_dollar as number;
    if (r.from_date !== '') rate.from = r.from_date as string;
    if (r.to_date !== null) rate.to = r.to_date as string;
    if (r.as_of !== null) rate.as_of = r.as_of as string;
    if (r.channel !== 'online') rate.channel = r.channel as Channel;
    return rate;
  }

  /** Every rate of one retailer (all portals, channels and dates): an index range scan. */
  ratesForRetailer(retailer: string): PortalRate[] {
    return (this.stmt('SELECT * FROM rates WHERE retailer = ? ORDER BY portal, channel, from_date').all(retailer) as Row[]).map(
      (r) => this.rateFromRow(r),
    );
  }

  rates(): PortalRate[] {
    return (this.stmt('SELECT * FROM rates ORDER BY retailer, portal, channel, from_date').all() as Row[]).map((r) =>
      this.rateFromRow(r),
    );
  }
}
