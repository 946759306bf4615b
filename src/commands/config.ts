import type { Ctx } from '../context.js';
import type { Portal } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { printJson } from './shared.js';

export interface ConfigOptions {
  action: 'get' | 'set' | 'unset';
  key?: string | undefined;
  value?: string | undefined;
}

const KEY_HELP =
  'Keys: portal.<portal>.payout <currency>, portal.<portal>.units.<currency> <units per cent>, path.<currency> <path>, cpp.<currency>.<path> <cents per point>.';

type SettingKey =
  | { kind: 'payout'; portal: Portal }
  | { kind: 'units'; portal: Portal; code: string }
  | { kind: 'path'; code: string; paths: Record<string, unknown> }
  | { kind: 'cpp'; code: string };

/** What a setting key is about; throws a UsageError for an unknown setting, portal, currency or path. */
export function checkSettingKey(store: Store, key: string): SettingKey {
  let m = /^portal\.([a-z0-9][a-z0-9._-]*)\.payout$/.exec(key);
  if (m) {
    const portal = store.portal(m[1] as string);
    if (!portal) throw new UsageError(`Unknown portal "${m[1]}" in "${key}".`, `Portals: ${store.portals().map((p) => p.id).join(', ') || 'none'}.`);
    return { kind: 'payout', portal };
  }
  m = /^portal\.([a-z0-9][a-z0-9._-]*)\.units\.([A-Za-z0-9]+)$/.exec(key);
  if (m) {
    const portal = store.portal(m[1] as string);
    if (!portal) throw new UsageError(`Unknown portal "${m[1]}" in "${key}".`, `Portals: ${store.portals().map((p) => p.id).join(', ') || 'none'}.`);
    const code = (m[2] as string).toUpperCase();
    if (!(code in portal.payout_options)) {
      throw new UsageError(`${portal.name} pays in ${Object.keys(portal.payout_options).join(', ')}, not "${m[2]}" (in "${key}").`);
    }
    return { kind: 'units', portal, code };
  }
  m = /^path\.([A-Za-z0-9]+)$/.exec(key);
  if (m) {
    const code = (m[1] as string).toUpperCase();
    const paths = code === 'USD' ? { cash: 1 } : store.currency(code)?.paths;
    if (!paths) throw new UsageError(`Unknown currency "${m[1]}" in "${key}".`, KEY_HELP);
    return { kind: 'path', code, paths };
  }
  m = /^cpp\.([A-Za-z0-9]+)\.([a-z0-9][a-z0-9._-]*)$/.exec(key);
  if (m) {
    const code = (m[1] as string).toUpperCase();
    if (code === 'USD') throw new UsageError('A US dollar cent is always worth 1 cent, so USD has no cpp to set.', KEY_HELP);
    const paths = store.currency(code)?.paths;
    if (!paths) throw new UsageError(`Unknown currency "${m[1]}" in "${key}".`, KEY_HELP);
    if (!Object.hasOwn(paths, m[2] as string)) throw new UsageError(`${code} has no path "${m[2]}".`, `Paths: ${Object.keys(paths).join(', ')}.`);
    return { kind: 'cpp', code };
  }
  throw new UsageError(`Unknown setting "${key}".`, KEY_HELP);
}

/** Check a key and normalise its value; throws a UsageError naming what was expected. */
export function validateSetting(store: Store, key: string, value: string): string {
  const setting = checkSettingKey(store, key);
  if (setting.kind === 'payout') {
    const cur = value.toUpperCase();
    if (!Object.hasOwn(setting.portal.payout_options, cur)) {
      throw new UsageError(`${setting.portal.name} pays in ${Object.keys(setting.portal.payout_options).join(', ')}, not "${value}".`);
    }
    return cur;
  }
  if (setting.kind === 'units') {
    const units = Number(value);
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value) || !(units > 0 && units <= 1000)) {
      throw new UsageError(`Units per cent must be a number above 0 and at most 1000, e.g. 0.5 for 50 points per $1 (got "${value}").`);
    }
    return String(units);
  }
  if (setting.kind === 'path') {
    if (!Object.hasOwn(setting.paths, value)) throw new UsageError(`${setting.code} has no path "${value}".`, `Paths: ${Object.keys(setting.paths).join(', ')}.`);
    return value;
  }
  const cpp = Number(value);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value) || !(cpp >= 0 && cpp <= 100)) {
    throw new UsageError(`A cpp must be a number of cents per point from 0 to 100 (got "${value}").`);
  }
  return String(cpp);
}

/** Canonical key spelling (currency codes upper-case). */
function canonicalKey(key: string): string {
  return key
    .replace(/^(path|cpp)\.([A-Za-z0-9]+)/, (_, p: string, c: string) => `${p}.${c.toUpperCase()}`)
    .replace(/^(portal\.[a-z0-9][a-z0-9._-]*\.units)\.([A-Za-z0-9]+)$/, (_, p: string, c: string) => `${p}.${c.toUpperCase()}`);
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
    if (!removed) {
      checkSettingKey(store, key); // a mistyped key says so
      throw new UsageError(`"${key}" is not set.`);
    }
    if (ctx.json) printJson(ctx, { key, value: null });
    else ctx.out(`${safeText(key)} unset (back to the default).`);
    return;
  }
  const all = store.config();
  if (key !== undefined) {
    // Own keys only: "__proto__" is a key like any other (and not a setting).
    const value = Object.hasOwn(all, key) ? all[key] : undefined;
    if (value === undefined) checkSettingKey(store, key);
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
