/**
 * The settings of `perk config` (SPEC 9.1–9.2, README "Settings"): the grammar of their keys, what each
 * value may be, and the typed reads the rules use — nothing else reads a setting's raw string.
 *
 *   portal.<portal>.payout <currency>             the payout currency of a portal
 *   portal.<portal>.units.<currency> <n>          units it pays per cent of cash back (above 0, at most 1000)
 *   path.<currency> <path>                        the redemption path that values a currency
 *   cpp.<currency>.<path> <cents per point>       the user's own cpp of a path (0 to 100)
 */
import type { Currency, Portal } from './types.js';

/** The settings as stored: key → value. */
export type Config = Readonly<Record<string, string>>;

/** What a setting key names (currency codes upper-case). */
export type Setting =
  | { kind: 'payout'; portal: string }
  | { kind: 'units'; portal: string; currency: string }
  | { kind: 'path'; currency: string }
  | { kind: 'cpp'; currency: string; path: string };

/** A setting that cannot be: one sentence naming what was expected, and a hint. */
export interface SettingProblem {
  problem: string;
  hint?: string | undefined;
}

export const SETTING_KEYS_HELP =
  'Keys: portal.<portal>.payout <currency>, portal.<portal>.units.<currency> <units per cent>, path.<currency> <path>, cpp.<currency>.<path> <cents per point>.';

const PORTAL = '[a-z0-9][a-z0-9._-]*';
const PAYOUT_KEY = new RegExp(`^portal\\.(${PORTAL})\\.payout$`);
const UNITS_KEY = new RegExp(`^portal\\.(${PORTAL})\\.units\\.([A-Za-z0-9]+)$`);
const PATH_KEY = /^path\.([A-Za-z0-9]+)$/;
const CPP_KEY = new RegExp(`^cpp\\.([A-Za-z0-9]+)\\.(${PORTAL})$`);

/** The key of a setting, as stored. */
export function settingKey(setting: Setting): string {
  switch (setting.kind) {
    case 'payout':
      return `portal.${setting.portal}.payout`;
    case 'units':
      return `portal.${setting.portal}.units.${setting.currency}`;
    case 'path':
      return `path.${setting.currency}`;
    case 'cpp':
      return `cpp.${setting.currency}.${setting.path}`;
  }
}

/** A key as typed in its stored spelling: currency codes upper-case (`path.mr` → `path.MR`). */
export function canonicalSettingKey(key: string): string {
  return key
    .replace(/^(path|cpp)\.([A-Za-z0-9]+)/, (_, p: string, c: string) => `${p}.${c.toUpperCase()}`)
    .replace(/^(portal\.[a-z0-9][a-z0-9._-]*\.units)\.([A-Za-z0-9]+)$/, (_, p: string, c: string) => `${p}.${c.toUpperCase()}`);
}

/** The setting a key names by its grammar alone, or undefined. */
export function parseSettingKey(key: string): Setting | undefined {
  let m = PAYOUT_KEY.exec(key);
  if (m) return { kind: 'payout', portal: m[1] as string };
  m = UNITS_KEY.exec(key);
  if (m) return { kind: 'units', portal: m[1] as string, currency: (m[2] as string).toUpperCase() };
  m = PATH_KEY.exec(key);
  if (m) return { kind: 'path', currency: (m[1] as string).toUpperCase() };
  m = CPP_KEY.exec(key);
  if (m) return { kind: 'cpp', currency: (m[1] as string).toUpperCase(), path: m[2] as string };
  return undefined;
}

// ---- Typed reads (what the rules use) ----

/** A positive number setting, or undefined when unset or not usable. */
function numberSetting(raw: string | undefined, usable: (n: number) => boolean): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && usable(n) ? n : undefined;
}

/** `portal.<id>.payout`: the payout currency asked for (not checked against the portal). */
export function payoutSetting(config: Config, portal: string): string | undefined {
  return config[settingKey({ kind: 'payout', portal })];
}

/** `portal.<id>.units.<CUR>`: units per cent of cash back, when set to a number above 0. */
export function unitsSetting(config: Config, portal: string, currency: string): number | undefined {
  return numberSetting(config[settingKey({ kind: 'units', portal, currency })], (n) => n > 0);
}

/** `path.<CUR>`: the path asked for (not checked against the currency). */
export function pathSetting(config: Config, currency: string): string | undefined {
  return config[settingKey({ kind: 'path', currency })];
}

/** `cpp.<CUR>.<path>`: the user's cpp for a path, when set to a usable number (0 or more). */
export function cppSetting(config: Config, currency: string, path: string): number | undefined {
  return numberSetting(config[settingKey({ kind: 'cpp', currency, path })], (n) => n >= 0);
}

// ---- Checks (what `perk config set` and a restored backup accept) ----

/** The portals and currencies a setting may name. */
export interface SettingsCatalog {
  portal(id: string): Portal | undefined;
  portals(): Portal[];
  currency(code: string): Currency | undefined;
}

/** A setting whose key names a known portal, currency and path, with what its value is checked against. */
export type CheckedKey =
  | { kind: 'payout'; portal: Portal }
  | { kind: 'units'; portal: Portal; currency: string }
  | { kind: 'path'; currency: string; paths: Readonly<Record<string, unknown>> }
  | { kind: 'cpp'; currency: string; path: string };

const NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;

function unknownPortal(catalog: SettingsCatalog, id: string, key: string): SettingProblem {
  return { problem: `Unknown portal "${id}" in "${key}".`, hint: `Portals: ${catalog.portals().map((p) => p.id).join(', ') || 'none'}.` };
}

/** What a (canonical) setting key is about, or the problem: an unknown setting, portal, currency or path. */
export function checkSettingKey(catalog: SettingsCatalog, key: string): CheckedKey | SettingProblem {
  const setting = parseSettingKey(key);
  if (setting === undefined) return { problem: `Unknown setting "${key}".`, hint: SETTING_KEYS_HELP };
  if (setting.kind === 'payout' || setting.kind === 'units') {
    const portal = catalog.portal(setting.portal);
    if (!portal) return unknownPortal(catalog, setting.portal, key);
    if (setting.kind === 'payout') return { kind: 'payout', portal };
    if (!(setting.currency in portal.payout_options)) {
      return { problem: `${portal.name} pays in ${Object.keys(portal.payout_options).join(', ')}, not "${setting.currency}" (in "${key}").` };
    }
    return { kind: 'units', portal, currency: setting.currency };
  }
  if (setting.kind === 'path') {
    const paths = setting.currency === 'USD' ? { cash: 1 } : catalog.currency(setting.currency)?.paths;
    if (!paths) return { problem: `Unknown currency "${setting.currency}" in "${key}".`, hint: SETTING_KEYS_HELP };
    return { kind: 'path', currency: setting.currency, paths };
  }
  if (setting.currency === 'USD') return { problem: 'A US dollar cent is always worth 1 cent, so USD has no cpp to set.', hint: SETTING_KEYS_HELP };
  const paths = catalog.currency(setting.currency)?.paths;
  if (!paths) return { problem: `Unknown currency "${setting.currency}" in "${key}".`, hint: SETTING_KEYS_HELP };
  if (!Object.hasOwn(paths, setting.path)) return { problem: `${setting.currency} has no path "${setting.path}".`, hint: `Paths: ${Object.keys(paths).join(', ')}.` };
  return { kind: 'cpp', currency: setting.currency, path: setting.path };
}

/** A (canonical) key and its value as stored (`mr` → `MR`, `1.50` → `1.5`), or the problem. */
export function checkSetting(catalog: SettingsCatalog, key: string, value: string): { key: string; value: string } | SettingProblem {
  const checked = checkSettingKey(catalog, key);
  if ('problem' in checked) return checked;
  const normal = checkValue(checked, value);
  return typeof normal === 'string' ? { key, value: normal } : normal;
}

function checkValue(setting: CheckedKey, value: string): string | SettingProblem {
  switch (setting.kind) {
    case 'payout': {
      const currency = value.toUpperCase();
      if (!Object.hasOwn(setting.portal.payout_options, currency)) {
        return { problem: `${setting.portal.name} pays in ${Object.keys(setting.portal.payout_options).join(', ')}, not "${value}".` };
      }
      return currency;
    }
    case 'units': {
      const units = Number(value);
      if (!NUMBER.test(value) || !(units > 0 && units <= 1000)) {
        return { problem: `Units per cent must be a number above 0 and at most 1000, e.g. 0.5 for 50 points per $1 (got "${value}").` };
      }
      return String(units);
    }
    case 'path':
      if (!Object.hasOwn(setting.paths, value)) return { problem: `${setting.currency} has no path "${value}".`, hint: `Paths: ${Object.keys(setting.paths).join(', ')}.` };
      return value;
    case 'cpp': {
      const cpp = Number(value);
      if (!NUMBER.test(value) || !(cpp >= 0 && cpp <= 100)) return { problem: `A cpp must be a number of cents per point from 0 to 100 (got "${value}").` };
      return String(cpp);
    }
  }
}
