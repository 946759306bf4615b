/** Channel notes and travel-portal helpers for the stack: other channels' rates (SPEC 9.3) and cards booking via a portal (SPEC 9.4). */
import { compareIds } from './ids.js';
import { cashBack, describeRate, validRates } from './rates.js';
import type { StackInput } from './stack-types.js';
import type { Card, Channel } from './types.js';

const CHANNELS: ReadonlyArray<{ channel: Channel; label: string; flag: string }> = [
  { channel: 'online', label: 'online', flag: '--online' },
  { channel: 'in_store', label: 'in-store', flag: '--in-store' },
  { channel: 'dining', label: 'dining', flag: '--dining' },
];

/**
 * Notes naming the retailer's rates valid on the date in channels other than the stack's, with the best
 * rate of each and the flag that uses it (SPEC 9.3).
 */
export function otherChannelNotes(input: Pick<StackInput, 'rates' | 'date' | 'channel' | 'portals' | 'retailer' | 'amount_cents'>): string[] {
  const names = new Map(input.portals.map((p) => [p.id, p.name]));
  const notes: string[] = [];
  for (const { channel, label, flag } of CHANNELS) {
    if (channel === input.channel) continue;
    const rates = validRates(input.rates, input.date, channel).filter((r) => names.has(r.portal));
    const best = rates
      .map((rate) => ({ rate, cash: cashBack(rate, input.amount_cents) }))
      .sort((a, b) => b.cash - a.cash || compareIds(a.rate.portal, b.rate.portal))[0];
    if (!best) continue;
    const article = /^[aeiou]/.test(label) ? 'an' : 'a';
    notes.push(`${input.retailer.name} also has ${article} ${label} rate: ${names.get(best.rate.portal)} ${describeRate(best.rate)} (add ${flag} to use it).`);
  }
  return notes;
}

/** The cards that can book through an issuer travel portal: an earn rule whose `via` is it (SPEC 9.4). */
export function cardsBookingVia(cards: readonly Card[], via: string): Card[] {
  return cards.filter((c) => c.earn.some((r) => r.via === via));
}
