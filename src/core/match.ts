/** Fuzzy matching for "did you mean" suggestions. */

/**
 * Edit distance for typos: insert, delete, substitute, and swap two adjacent characters ("nkie" →
 * "nike" is one edit), i.e. the optimal string alignment distance.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      cur[j] = d;
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** A compact key for comparing names: lower case, letters and digits only. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** How many leading characters of a long query and key the edit distance looks at. */
const FUZZY_SPAN = 32;

export interface Candidate {
  id: string;
  keys: string[];
}

/**
 * Candidates ranked by closeness to `query`: a squashed key that contains the query (or is contained
 * in it) scores best, then small edit distances. Returns at most `limit` ids within the threshold.
 */
export function nearest(query: string, candidates: Candidate[], limit = 5): string[] {
  const q = squash(query);
  if (!q) return [];
  const scored: Array<{ id: string; score: number }> = [];
  const threshold = 1 + Math.max(1, Math.floor(Math.min(q.length, FUZZY_SPAN) / 3));
  for (const c of candidates) {
    let best = Infinity;
    for (const key of c.keys) {
      const k = squash(key);
      if (!k) continue;
      let score: number;
      if (k === q) score = 0;
      else if (k.startsWith(q) || q.startsWith(k)) score = 0.5;
      else if (k.includes(q)) score = 1;
      else {
        const cut = k.length > q.length + 3 ? k.slice(0, q.length + 1) : k;
        // The distance is at least the difference in length: past the threshold, not worth computing
        // (this bounds the work, so a 5,000-character query against 100,000 names stays quick).
        // Between long strings, only the first FUZZY_SPAN characters are compared: enough for a typo, and
        // 200-character names by the hundred thousand cost no more than short ones.
        score = Math.abs(cut.length - q.length) + 1 > threshold ? Infinity : 1 + editDistance(q.slice(0, FUZZY_SPAN), cut.slice(0, FUZZY_SPAN));
      }
      best = Math.min(best, score);
    }
    if (best <= threshold) scored.push({ id: c.id, score: best });
  }
  scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((s) => s.id);
}
