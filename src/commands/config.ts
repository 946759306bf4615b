import type { Ctx } from '../context.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { printJson } from './shared.js';

export interface ConfigOptions {
  action: 'get' | 'set' | 'unset';
  key?: string | undefined;
  value?: string | undefined;
}

const KEY_HELP = 'Keys: portal.<portal>.payout <currency>, path.<currency> <path>, cpp.<currency>.<path> <cents per point>.';

/** Check a key and normalise its value; throws a UsageError naming what was expected. */
export function validateSetting(store: Store, key: string, value: string): string {
  let m = /^portal\.([a-z0-9][a-z0-9._-]*)\.payout$/.exec(key);
  if (m) {
    const portal = store.portal(m[1] as string);
    if (!portal) throw new UsageError(`Unknown portal "${m[1]}" in "${key}".`, KEY_HELP);
    const cur = value.toUpperCase();
    if (!(cur in portal.payout_options)) {
      throw new UsageError(`${portal.name} pays in ${Object.keys(portal.payout_options).join(', ')}, not "${value}".`);
    }
    return cur;
  }
  m = /^path\.([A-Za-z0-9]+)$/.exec(key);
  if (m) {
    const code = (m[1] as string).toUpperCase();
    const paths = code === 'USD' ? { cash: 1 } : store.currency(code)?.paths;
    if (!paths) throw new UsageError(`Unknown currency "${m[1]}" in "${key}".`, KEY_HELP);
    if (!(value in paths)) throw new UsageError(`${code} has no path "${value}".`, `Paths: ${Object.keys(paths).join(', ')}.`);
    return value;
  }
  m = /^cpp\.([A-Za-z0-9]+)\.([a-z0-9][a-z0-9._-]*)$/.exec(key);
  if (m) {
    const code = (m[1] as string).toUpperCase();
    const paths = store.currency(code)?.paths;
    if (!paths) throw new UsageError(`Unknown currency "${m[1]}" in "${key}".`, KEY_HELP);
    if (!((m[2] as string) in paths)) throw new UsageError(`${code} has no path "${m[2]}".`, `Paths: ${Object.keys(paths).join(', ')}.`);
    const cpp = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || !(cpp >= 0 && cpp <= 100)) {
      throw new UsageError(`A cpp must be a number of cents per point from 0 to 100 (got "${value}").`);
    }
    return value;
  }
  throw new UsageError(`Unknown setting "${key}".`, KEY_HELP);
}

/** Canonical key spelling (currency codes upper-case). */
function canonicalKey(key: string): string {
  return key.replace(/^(path|cpp)\.([A-Za-z0-9]+)/, (_, p: string, c: string) => `${p}.${c.toUpperCase()}`);
}

export async function runConfig(options: ConfigOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  const key = options.key === undefined ? undefined : canonicalKey(options.key);
  if (options.action === 'set' && key !== undefined) {
    const value = validateSetting(store, key, options.value ?? '');
    store.write(() => store.configSet(key, value));
    if (ctx.json) printJson(ctx, { key, value });
    else ctx.out(`${safeText(key)} = ${safeText(value)}`);
    return;
  }
  if (options.action === 'unset' && key !== undefined) {
    const removed = store.write(() => store.configUnset(key));
    if (!removed) throw new UsageError(`"${key}" is not set.`);
    if (ctx.json) printJson(ctx, { key, value: null });
    else ctx.out(`${safeText(key)} unset (back to the default).`);
    return;
  }
  const all = store.config();
  if (key !== undefined) {
    const value = all[key];
    if (value === undefined) {
      if (ctx.json) printJson(ctx, { key, value: null });
      else ctx.out(`${safeText(key)} is not set (the default applies).`);
      return;
    }
    if (ctx.json) printJson(ctx, { key, value });
    else ctx.out(safeText(value));
    return;
  }
  if (ctx.json) {
    printJson(ctx, { config: all });
    return;
  }
  const entries = Object.entries(all);
  if (!entries.length) {
    ctx.out('No settings (defaults apply).');
    ctx.out(KEY_HELP);
    return;
  }
  for (const [k, v] of entries) ctx.out(`${safeText(k)} = ${safeText(v)}`);
}
