/** Reading a JSON document of data format v1: its items, the line of each, and its refusals (duplicate keys, unpaired surrogates). */
import { jsonSyntaxLine, jsonSyntaxReason, LoadError, where } from './read-errors.js';
import type { RawItem } from './read.js';
import { KINDS, type Kind } from './schemas.js';

/**
 * The line on which each element of each top-level array starts, found by a small scan that skips
 * strings; used only to name lines, after JSON.parse has accepted the text.
 */
export function jsonElementLines(text: string): Map<string, number[]> {
  return scanJson(text).lines;
}

/** A key that appears twice in one object (JSON.parse silently keeps the last), with its line. */
export interface DuplicateKey {
  key: string;
  line: number;
}

/**
 * One pass over text that JSON.parse has accepted (so strings hold no raw newline): the line of each
 * element of each top-level array, and the first key that appears twice in one object.
 */
export function scanJson(text: string): { lines: Map<string, number[]>; duplicate: DuplicateKey | undefined } {
  const out = new Map<string, number[]>();
  let duplicate: DuplicateKey | undefined;
  let line = 1;
  let lastKey: string | undefined;
  let current: number[] | undefined;
  let expectValue = false;
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: Array<Set<string> | null> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    const depth = open.length;
    if (depth === 2 && current && expectValue && c !== 93 && c !== 44) {
      current.push(line);
      expectValue = false;
    }
    if (c === 34) {
      // The closing quote: the next one not escaped by an odd run of backslashes.
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      const keys = open[depth - 1];
      if (keys) {
        let next = j + 1;
        while (next < text.length && ' \t\r\n'.includes(text[next] as string)) {
          if (text.charCodeAt(next) === 10) line++;
          next++;
        }
        if (text.charCodeAt(next) === 58) {
          const raw = text.slice(i + 1, j);
          const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          if (keys.has(key)) duplicate ??= { key, line };
          keys.add(key);
          if (depth === 1) lastKey = key;
        }
        i = next - 1;
      } else i = j;
      continue;
    }
    if (c === 123 || c === 91) {
      open.push(c === 123 ? new Set() : null);
      if (open.length === 2 && c === 91 && lastKey !== undefined) {
        current = [];
        out.set(lastKey, current);
        expectValue = true;
      }
    } else if (c === 125 || c === 93) {
      open.pop();
      if (open.length === 1) current = undefined;
    } else if (c === 44 && depth === 2) {
      expectValue = true;
    }
  }
  return { lines: out, duplicate };
}

/** Read a JSON document of data format v1 into raw items. */
export function readJson(text: string, file: string): RawItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const line = jsonSyntaxLine(text, error as Error);
    throw new LoadError(`${where(file, line)} is not valid JSON (${jsonSyntaxReason(error as Error)}).`, 'Fix the JSON syntax.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new LoadError(`${file} must be a JSON object with keys such as "retailers" or "rates".`);
  }
  const { lines, duplicate } = scanJson(text);
  if (duplicate) {
    throw new LoadError(
      `${where(file, duplicate.line)}: the key "${duplicate.key.slice(0, 40)}" appears twice in one object (JSON keeps only the last).`,
      'Keep one of the two.',
    );
  }
  const items: RawItem[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (!(KINDS as string[]).includes(key)) {
      throw new LoadError(`${file}: unknown key "${key}".`, `Expected one of: ${KINDS.join(', ')}.`);
    }
    if (!Array.isArray(value)) throw new LoadError(`${file}: "${key}" must be an array.`);
    const kindLines = lines.get(key) ?? [];
    value.forEach((v, index) => {
      items.push({ kind: key as Kind, value: v, file, line: kindLines[index] ?? 1, index });
    });
  }
  // A "\ud800" escape decodes to half a character, which SQLite cannot store as written: refuse it
  // rather than change the text. (Only escapes can produce one; the scan runs only if one is present.)
  if (/\\u[dD][89a-fA-F]/.test(text)) {
    for (const item of items) {
      const field = unpairedSurrogatePath(item.value);
      if (field !== undefined) {
        throw new LoadError(
          `${where(file, item.line)} (${item.kind})${field ? `, field "${field}"` : ''}: the text contains an unpaired surrogate escape (half of a character).`,
          'Write the character itself, or both halves of its \\u escape.',
        );
      }
    }
  }
  return items;
}

const UNPAIRED_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string (value or key) in `value` holding an unpaired surrogate; '' for the value itself. */
function unpairedSurrogatePath(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') return UNPAIRED_SURROGATE_RE.test(value) ? at : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const here = at ? `${at}.${k}` : k;
    if (UNPAIRED_SURROGATE_RE.test(k)) return here;
    const found = unpairedSurrogatePath(v, here);
    if (found !== undefined) return found;
  }
  return undefined;
}
