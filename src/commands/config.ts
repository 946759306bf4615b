import type { Ctx } from '../context.js';
import { canonicalSettingKey, checkSetting, checkSettingKey, type SettingProblem } from '../core/settings.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { printJson } from './shared.js';

export interface ConfigOptions {
  action: 'get' | 'set' | 'unset';
  key?: string | undefined;
  value?: string | undefined;
}

/** `problem` as the usage error the command line shows (exit 2). */
function refuse<T extends object>(checked: T | SettingProblem): T {
  if ('problem' in checked) throw new UsageError(checked.problem, checked.hint);
  return checked;
}

export async function runConfig(options: ConfigOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  const key = options.key === undefined ? undefined : canonicalSettingKey(options.key);
  if (options.action === 'set' && key !== undefined) {
    const { value } = refuse(checkSetting(store, key, options.value ?? ''));
    store.write(() => store.configSet(key, value));
    if (ctx.json) printJson(ctx, { key, value });
    else ctx.out(`${safeText(key)} = ${safeText(value)}`);
    return;
  }
  if (options.action === 'unset' && key !== undefined) {
    const removed = store.write(() => store.configUnset(key));
    if (!removed) {
      refuse(checkSettingKey(store, key)); // a mistyped key says so
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
    if (value === undefined) refuse(checkSettingKey(store, key));
    if (ctx.json) printJson(ctx, { key, value: value ?? null });
    else ctx.out((await import('../ui/catalog-view.js')).renderSetting(key, value));
    return;
  }
  if (ctx.json) printJson(ctx, { config: all });
  else ctx.out((await import('../ui/catalog-view.js')).renderSettings(all));
}
