/** Portal bonuses (welcome, referral, promotion): logged pending or confirmed, paid with the portal's orders (SPEC 6). */
import type { IsoDate } from './dates.js';
import type { Cents } from './money.js';
import type { Bonus } from './types.js';

/**
 * A new bonus: pending, or — already confirmed by the portal — confirmed on its date, which then cannot
 * be after today (a bonus is logged as confirmed once the portal has confirmed it).
 */
export function newBonus(
  input: { portal: string; amount_cents: Cents; date: IsoDate; note?: string | undefined; confirmed: boolean },
  today: IsoDate,
): { bonus: Omit<Bonus, 'id'> } | { problem: 'confirmed_after_today' } {
  if (input.confirmed && input.date > today) return { problem: 'confirmed_after_today' };
  return {
    bonus: {
      portal: input.portal,
      amount_cents: input.amount_cents,
      date: input.date,
      status: input.confirmed ? 'confirmed' : 'pending',
      confirmed_on: input.confirmed ? input.date : null,
      note: input.note || null,
    },
  };
}
