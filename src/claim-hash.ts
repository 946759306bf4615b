/**
 * The stored form of a gift-card claim code: SHA-256 of the normalised code (core/giftcards.ts
 * normalises and validates it). Outside core because hashing takes node:crypto, and core imports only
 * core (src/core/README.md).
 */
import { createHash } from 'node:crypto';

/** SHA-256 of the normalised code, hex. */
export function hashClaimCode(normalized: string): string {
  return createHash('sha256').update(`perk-giftcard:${normalized}`).digest('hex');
}
