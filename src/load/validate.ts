/** Schema checks of a load: each raw item against its kind's schema, a failure described as one sentence naming file, line and field. */
import type { z } from 'zod';
import { FAST_CHECKS } from './fast-validate.js';
import { label, LoadError } from './read-errors.js';
import type { RawItem } from './read.js';
import { KIND_SCHEMAS, type Kind } from './schemas.js';

export interface ValidItem {
  kind: Kind;
  record: unknown;
  file: string;
  line: number;
  index: number;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
};

type Issue = z.core.$ZodIssue;

/** The value at `path` inside `value` (to show what was given). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function shown(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  const text = JSON.stringify(value);
  return ` (got ${text.length > 40 ? `${text.slice(0, 40)}…` : text})`;
}

/**
 * Of a union's branches, the one the record was most likely meant to be: not one whose very shape is
 * wrong (wrong type or unknown keys at its root), then the fewest problems.
 */
function likelyBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const score = (issues: readonly Issue[]) =>
    (issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys')) ? 1000 : 0) + issues.length;
  return [...branches].sort((a, b) => score(a) - score(b))[0];
}

function describeIssue(issue: Issue, value: unknown, kind: Kind): string {
  if (issue.code === 'invalid_union') {
    const first = likelyBranch(issue.errors)?.[0];
    if (first) return describeIssue({ ...first, path: [...issue.path, ...first.path] } as Issue, value, kind);
  }
  const name = issue.path.length ? issue.path.map(String).join('.') : kind === 'wallet' ? kind : undefined;
  const field = name === undefined ? '' : `field "${name}"`;
  const prefix = field ? `${field}: ` : '';
  const given = valueAt(value, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${name ? ` in "${name}"` : ''}`;
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (given === undefined && field) return `${field} is missing (expected ${expected})`;
      return `${prefix}expected ${expected}${shown(given)}`;
    }
    case 'invalid_value':
      return `${prefix}expected ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => JSON.stringify(v)).join(', ')}${shown(given)}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
      if (issue.origin === 'array' || issue.origin === 'set') return `${prefix}expected ${word} ${String(bound)} item${bound === 1 ? '' : 's'}`;
      if (issue.origin === 'string') {
        return issue.code === 'too_small' && Number(bound) === 1 ? `${prefix}must not be empty` : `${prefix}expected ${word} ${String(bound)} characters`;
      }
      return `${prefix}expected a number ${word} ${String(bound)}${shown(given)}`;
    }
    default: {
      // Custom messages from the schemas are already sentences; zod's own start with a capital.
      const message = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid string: /, '');
      return `${prefix}${message}${issue.code === 'invalid_format' || message.startsWith('expected') ? shown(given) : ''}`;
    }
  }
}

/** Schema-check each raw item; the first failure is a LoadError naming file, line and field. */
export function validateItems(items: RawItem[]): ValidItem[] {
  const out: ValidItem[] = new Array<ValidItem>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as RawItem;
    // Rates and retailers: a fast check that accepts only what zod accepts; anything else goes to zod.
    const fast = FAST_CHECKS[item.kind]?.(item.value);
    if (fast !== undefined) {
      out[i] = { kind: item.kind, record: fast, file: item.file, line: item.line, index: item.index };
      continue;
    }
    const schema = KIND_SCHEMAS[item.kind] as z.ZodType;
    const result = schema.safeParse(item.value);
    if (!result.success) {
      const issue = result.error.issues[0] as z.core.$ZodIssue;
      throw new LoadError(`${label(item)}: ${describeIssue(issue, item.value, item.kind)}.`, 'Fix that record and load again; nothing was loaded.');
    }
    out[i] = { kind: item.kind, record: result.data, file: item.file, line: item.line, index: item.index };
  }
  return out;
}
