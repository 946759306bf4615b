/**
 * Gift-card claim codes: normalised, validated and reduced to a hash and the last four characters.
 * The full code never leaves this module.
 */
import { createHash } from 'node:crypto';

/** Spaces and dashes removed, upper-cased. */
export function normalizeClaimCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

/** A normalised code is 14–15 letters and digits. */
export function isValidClaimCode(normalized: string): boolean {
  return /^[A-Z0-9]{14,15}$/.test(normalized);
}

/** SHA-256 of the normalised code, hex. */
export function hashClaimCode(normalized: string): string {
  return createHash('sha256').update(`perk-giftcard:${normalized}`).digest('hex');
}

export function last4(normalized: string): string {
  return normalized.slice(-4);
}
