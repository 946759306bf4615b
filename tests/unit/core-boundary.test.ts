// The ESLint boundary of src/core (eslint.config.js): core imports only core and date-fns.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const allowed = [
  "import { money } from './money.js';",
  "import type { IsoDate } from './dates.js';",
  "import { addDays } from 'date-fns/addDays';",
  "import { UTCDateMini } from '@date-fns/utc/date/mini';",
  "export { addMonths } from './dates.js';",
];
const refused = [
  "import { readFileSync } from 'node:fs';",
  "import { createHash } from 'crypto';",
  "import { UsageError } from '../errors.js';",
  "import type { Store } from '../db/store.js';",
  "import { makeContext } from '../context.js';",
  "import { KINDS } from '../load/schemas.js';",
  "import { renderStack } from '../ui/stack-view.js';",
  "import { runStack } from '../commands/stack.js';",
  "import { z } from 'zod';",
  "import { format } from 'date-fns';", // the index: one module per function keeps the fast path small
  "import { UTCDate } from '@date-fns/utc';",
  "export * from '../errors.js';",
  "const m = await import('./money.js');",
];

describe('src/core imports only core and date-fns (eslint.config.js)', () => {
  it('refuses every other import and accepts core, date-fns/<fn> and UTCDateMini', async () => {
    const source = [...allowed, ...refused].join('\n') + '\n';
    const [result] = await new ESLint().lintText(source, { filePath: 'src/core/boundary-check.ts' });
    const flagged = new Set(
      result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.line),
    );
    const lineOf = (text: string) => [...allowed, ...refused].indexOf(text) + 1;
    expect(allowed.filter((text) => flagged.has(lineOf(text)))).toEqual([]);
    expect(refused.filter((text) => !flagged.has(lineOf(text)))).toEqual([]);
  });
});
