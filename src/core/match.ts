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
  for (const c of candidates) {
    let best = Infinity;
    for (const key of c.keys) {
      const k = squash(key);
      if (!k) continue;
      let score: number;
      if (k === q) score = 0;
      else if (k.startsWith(q) || q.startsWith(k)) score = 0.5;
      else if (k.includes(q)) score = 1;
      else score = 1 + editDistance(q, k.length > q.length + 3 ? k.slice(0, q.length + 1) : k);
      best = Math.min(best, score);
    }
    const threshold = 1 + Math.max(1, Math.floor(q.length / 3));
    if (best <= threshold) scored.push({ id: c.id, score: best });
  }
  scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((s) => s.id);
}
