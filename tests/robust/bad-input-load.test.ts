/**
 * Bad input to `perk load`, in process (helpers/reject.ts): for every data kind (JSON) and every CSV kind, malformed files —
 * truncated JSON, wrong types, unknown keys and fields, impossible dates, negative or absurd amounts,
 * unknown references, rows with missing or extra columns, bad quoting, invalid UTF-8 — exit 2 with one
 * sentence naming the file, line and field, print nothing on stdout, and leave the database exactly as
 * it was (its logical content, schema and every row, fingerprinted before and after).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dbDigest } from '../helpers/db.js';
import { VALID_RECORDS } from '../helpers/fixtures.js';
import { perkIn } from '../helpers/in-process.js';
import { rejects, userDatabaseSetup } from '../helpers/reject.js';

const { tmp, setup } = userDatabaseSetup('perk-bad-load-');
const { db, env } = setup;

const VALID = VALID_RECORDS;

type Patch = Record<string, unknown>;
/** [kind, what is wrong, patch applied to the valid record (undefined removes a field) or a whole value, field the message names] */
const RECORD_CASES: Array<[string, string, Patch | { replace: unknown }, string]> = [
  ['categories', 'bad id', { id: 'Robust Cat' }, 'id'],
  ['categories', 'unknown parent', { parent: 'no_such' }, 'parent'],
  ['categories', 'unknown field', { colour: 'red' }, 'colour'],
  ['categories', 'wrong type', { parent: 7 }, 'parent'],
  ['currencies', 'lower-case code', { code: 'rbt' }, 'code'],
  ['currencies', 'default path not a path', { default_path: 'nope' }, 'default_path'],
  ['currencies', 'negative cpp', { paths: { cash: -1 } }, 'paths'],
  ['currencies', 'absurd cpp', { paths: { cash: 1e9 } }, 'paths'],
  ['currencies', 'redefines USD', { code: 'USD' }, 'code'],
  ['portals', 'month 13', { payout: { months: [13], day: 15, minimum_cents: 500 } }, 'payout.months'],
  ['portals', 'day 32', { payout: { months: [1], day: 32, minimum_cents: 500 } }, 'payout.day'],
  ['portals', 'negative minimum', { payout: { months: [1], day: 1, minimum_cents: -5 } }, 'payout.minimum_cents'],
  ['portals', 'unknown payout currency', { payout_options: { ZZZ: 1 }, default_payout: 'ZZZ' }, 'payout_options'],
  ['portals', 'confirm days reversed', { confirm_days: [90, 30] }, 'confirm_days'],
  ['portals', 'default payout not offered', { default_payout: 'MR' }, 'default_payout'],
  ['retailers', 'empty name', { name: '' }, 'name'],
  ['retailers', 'unknown category', { category: 'no_such' }, 'category'],
  ['retailers', 'aliases not a list', { aliases: 'robust.com' }, 'aliases'],
  ['retailers', 'absurdly long name', { name: 'x'.repeat(5000) }, 'name'],
  ['retailers', 'unknown field', { url: 'https://example.com' }, 'url'],
  ['rates', 'percent over 100', { percent: 101 }, 'percent'],
  ['rates', 'negative percent', { percent: -5 }, 'percent'],
  ['rates', 'percent and flat', { flat_cents: 500 }, 'percent'],
  ['rates', 'neither percent nor flat', { percent: undefined }, 'percent'],
  ['rates', 'impossible date', { from: '2026-02-30' }, 'from'],
  ['rates', 'to before from', { from: '2026-12-31', to: '2026-12-01' }, 'to'],
  ['rates', 'unknown retailer', { retailer: 'no-such-shop' }, 'retailer'],
  ['rates', 'unknown portal', { portal: 'noportal' }, 'portal'],
  ['rates', 'unknown channel', { channel: 'mail' }, 'channel'],
  ['rates', 'percent as text', { percent: '5' }, 'percent'],
  ['rates', 'fractional flat cents', { percent: undefined, flat_cents: 1.5 }, 'flat_cents'],
  ['rates', 'absurd flat cents', { percent: undefined, flat_cents: 1e15 }, 'flat_cents'],
  ['rates', 'as_of not a date', { as_of: '20261120' }, 'as_of'],
  ['cards', 'unknown currency', { currency: 'ZZZ' }, 'currency'],
  ['cards', 'earn not a list', { earn: 'dining' }, 'earn'],
  ['cards', 'negative multiplier', { earn: [{ category: 'dining', multiplier: -1 }] }, 'earn.0.multiplier'],
  ['cards', 'cap period without cap', { earn: [{ multiplier: 2, cap_period: 'year' }] }, 'earn.0.cap_period'],
  ['cards', 'fee as text', { annual_fee_cents: '95' }, 'annual_fee_cents'],
  ['cards', 'unknown earn category', { earn: [{ category: 'no_such', multiplier: 2 }] }, 'earn.0.category'],
  ['cards', 'unknown pays_via portal', { pays_via: 'noportal' }, 'pays_via'],
  ['cards', 'unknown via portal', { earn: [{ multiplier: 2, via: 'noportal' }] }, 'earn.0.via'],
  ['cards', 'impossible rule date', { earn: [{ multiplier: 2, from: '2026-02-30' }] }, 'earn.0.from'],
  ['offers', 'unknown kind', { kind: 'cashback' }, 'kind'],
  ['offers', 'credit offer without credit', { credit_cents: undefined }, 'credit_cents'],
  ['offers', 'unknown card', { card: 'no-card' }, 'card'],
  ['offers', 'unknown retailer', { retailer: 'no-shop' }, 'retailer'],
  ['offers', 'zero uses', { max_uses: 0 }, 'max_uses'],
  ['offers', 'month 13', { to: '2026-13-01' }, 'to'],
  ['offers', 'negative minimum', { min_spend_cents: -100 }, 'min_spend_cents'],
  ['promos', 'code with spaces', { code: 'bad code!' }, 'code'],
  ['promos', 'percent promo without percent', { kind: 'percent' }, 'percent'],
  ['promos', 'unknown retailer', { retailer: 'no-shop' }, 'retailer'],
  ['promos', 'negative amount', { amount_cents: -100 }, 'amount_cents'],
  ['promos', 'absurd amount', { amount_cents: 1e13 }, 'amount_cents'],
  ['giftcards', 'claim code too short', { code: 'ABC' }, 'code'],
  ['giftcards', 'negative balance', { balance_cents: -1 }, 'balance_cents'],
  ['giftcards', 'unknown retailer', { retailer: 'no-shop' }, 'retailer'],
  ['giftcards', 'code already stored under another id', { code: 'aq7n lbbg39 75mu' }, 'code'],
  ['wallet', 'unknown card', { replace: 'no-such-card' }, 'wallet'],
  ['wallet', 'not a card id', { replace: 42 }, ''],
  ['orders', 'impossible date', { date: '2026-02-30' }, 'date'],
  ['orders', 'negative amount', { amount_cents: -1 }, 'amount_cents'],
  ['orders', 'unknown status', { status: 'paid' }, 'status'],
  ['orders', 'id 0', { id: 0 }, 'id'],
  ['orders', 'unknown card', { card: 'no-card' }, 'card'],
  ['orders', 'unknown retailer', { retailer: 'no-shop' }, 'retailer'],
  ['orders', 'absurdly long note', { note: 'x'.repeat(3000) }, 'note'],
  ['orders', 'fractional cents', { charged_cents: 10.5 }, 'charged_cents'],
  ['bonuses', 'unknown portal', { portal: 'noportal' }, 'portal'],
  ['bonuses', 'amount as text', { amount_cents: '10' }, 'amount_cents'],
  ['bonuses', 'date without zero padding', { date: '2026-2-3' }, 'date'],
];

function badRecord(kind: string, patch: Patch | { replace: unknown }): unknown {
  if ('replace' in patch) return patch.replace;
  const record: Record<string, unknown> = { ...(VALID[kind] as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete record[k];
    else record[k] = v;
  }
  return record;
}

let caseNo = 0;
/** Write `content` to a fresh file in the temp dir and return its name (relative to the dir). */
function write(name: string, content: string | Buffer): string {
  const file = `${String(++caseNo).padStart(3, '0')}-${name}`;
  fs.writeFileSync(tmp.file(file), content);
  return file;
}

/** Run perk in the temp dir and check the whole contract of a rejected input. */
async function expectRejected(args: string[], message: RegExp): Promise<void> {
  await rejects(setup, args, message);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('perk load rejects a bad record of every data kind and changes nothing', () => {
  it.each(RECORD_CASES)('%s: %s', async (kind, what, patch, field) => {
    // A valid record first and the bad one second: nothing of the file may be written.
    const text = JSON.stringify({ [kind]: [VALID[kind], badRecord(kind, patch)] }, null, 2);
    const file = write(`${kind}-${what.replace(/\W+/g, '-')}.json`, text);
    // Elements of the array start at four spaces of indentation; the bad one is the second.
    const starts = text.split('\n').flatMap((l, i) => (/^ {4}[^ }\]]/.test(l) ? [i + 1] : []));
    const line = starts[1];
    expect(line).toBeGreaterThan(2);
    const fieldPart = field ? `.*"${esc(field)}` : '';
    await expectRejected(['load', file], new RegExp(`${esc(file)} line ${line} \\(${kind}\\)${fieldPart}`));
  });
});

describe('perk load rejects malformed JSON documents', () => {
  const CASES: Array<[string, string | Buffer, RegExp]> = [
    ['truncated', '{\n  "retailers": [\n    { "id": "x", "name": "X", "cat', /line 3 is not valid JSON/],
    ['trailing comma', '{\n  "wallet": ["amex-gold",]\n}\n', /line 2 is not valid JSON/],
    ['empty file', '', /is not valid JSON/],
    ['top-level array', '[{"id": "x"}]', /must be a JSON object/],
    ['top-level string', '"retailers"', /must be a JSON object/],
    ['unknown key', '{"retailers": [], "retailer": []}', /unknown key "retailer"/],
    ['kind not an array', '{"rates": {"portal": "rakuten"}}', /"rates" must be an array/],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{\n  "retailers": [\n    { "id": "x", "name": "Caf'), Buffer.from([0xc3, 0x28]), Buffer.from('", "category": "dining" }\n  ]\n}\n')]), /line 3 is not valid UTF-8/],
    ['lone surrogate byte sequence', Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x5b, 0x5d, 0x7d]), /line 1 is not valid UTF-8/],
    ['NUL bytes', Buffer.from([0x00, 0x00, 0x00]), /is not valid JSON/],
    ['unpaired surrogate escape', '{\n  "retailers": [\n    { "id": "x", "name": "half \\ud83d of an emoji", "category": "dining" }\n  ]\n}\n', /line 3 \(retailers\), field "name": the text contains an unpaired surrogate/],
  ];
  it.each(CASES)('%s', async (name, content, message) => {
    const file = write(`${name.replace(/\W+/g, '-')}.json`, content);
    await expectRejected(['load', file], new RegExp(`${esc(file)}.*${message.source}`));
  });
});

describe('perk load rejects malformed CSV files', () => {
  const RATES_HEAD = 'portal,retailer,rate,from,to';
  const CASES: Array<[string, string | Buffer, RegExp, string[]?]> = [
    ['row with a missing column', `${RATES_HEAD}\nrakuten,macys,6%,2026-12-01,2026-12-31\nrakuten,target,5%,2026-12-01\n`, /line 3 has 4 columns but the header has 5/],
    ['row with an extra column', `${RATES_HEAD}\nrakuten,macys,6%,2026-12-01,2026-12-31,oops\n`, /line 2 has 6 columns but the header has 5/],
    ['unterminated quote', `${RATES_HEAD}\nrakuten,macys,6%,2026-12-01,2026-12-31\n"rakuten,target,5%,2026-12-01,2026-12-31\n`, /line \d+ is not valid CSV/],
    ['quote inside an unquoted field', `${RATES_HEAD}\nrakuten,ma"cys,6%,2026-12-01,2026-12-31\n`, /line 2 is not valid CSV/],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`${RATES_HEAD}\nrakuten,macys,6%,2026-12-01,2026-12-31\nrakuten,tar`), Buffer.from([0xff, 0xfe]), Buffer.from('get,5%,2026-12-01,2026-12-31\n')]), /line 3 is not valid UTF-8/],
    ['impossible date', `${RATES_HEAD}\nrakuten,macys,6%,2026-02-30,2026-12-31\n`, /line 2 \(rates\).*"from"/],
    ['rate that is not a rate', `${RATES_HEAD}\nrakuten,macys,six percent,2026-12-01,2026-12-31\n`, /line 2, field "rate"/],
    ['rate over 100%', `${RATES_HEAD}\nrakuten,macys,150%,2026-12-01,2026-12-31\n`, /line 2.*"rate"|line 2.*"percent"/],
    ['negative flat rate', `${RATES_HEAD}\nrakuten,macys,$-5,2026-12-01,2026-12-31\n`, /line 2, field "rate"/],
    ['unknown retailer', `${RATES_HEAD}\nrakuten,no-such-shop,6%,2026-12-01,2026-12-31\n`, /line 2 \(rates\).*"retailer".*"no-such-shop"/],
    ['unknown column', 'portal,retailer,rate,from,bonus\nrakuten,macys,6%,2026-12-01,1\n', /line 1: unknown column "bonus"/],
    ['duplicate column', 'portal,retailer,rate,from,from\nrakuten,macys,6%,2026-12-01,2026-12-02\n', /line 1: column "from" appears twice/],
    ['header of no kind', 'a,b,c\n1,2,3\n', /line 1: the header does not match one kind/],
    ['empty file', '', /is empty/],
    ['orders: whole cents with a decimal point', 'id,date,retailer,amount_cents,category,charged_cents\n7,2026-11-01,macys,12.50,department_store,1250\n', /line 2, field "amount_cents": expected a whole number/],
    ['orders: unknown card', 'id,date,retailer,amount_cents,category,card,charged_cents\n7,2026-11-01,macys,1250,department_store,no-card,1250\n', /line 2 \(orders\).*"card"/],
    ['promos: not a boolean', 'code,retailer,kind,amount_cents,portal_safe\nX10,macys,amount,1000,maybe\n', /line 2, field "portal_safe": expected true or false/],
    ['offers: bad kind', 'id,issuer,card,retailer,kind,credit_cents\no1,amex,amex-gold,macys,cashback,100\n', /line 2 \(offers\).*"kind"/],
    ['retailers: unknown category', 'id,name,category\nrobust-shop,Robust Shop,no_such\n', /line 2 \(retailers\).*"category"/],
    ['multi-line quoted cell then a bad row', `${RATES_HEAD}\nrakuten,"mac\nys",6%,2026-12-01,2026-12-31\nrakuten,macys,6%,2026-12-01\n`, /line (3|4)/],
    ['--kind that is not a CSV kind', 'id,balance_cents\ngc-1,100\n', /"giftcards" cannot be read from CSV/, ['--kind', 'giftcards']],
    ['--kind that is not a kind', `${RATES_HEAD}\n`, /--kind must be one of/, ['--kind', 'bogus']],
  ];
  it.each(CASES)('%s', async (name, content, message, extra) => {
    const file = write(`${name.replace(/\W+/g, '-')}.csv`, content);
    await expectRejected(['load', file, ...(extra ?? [])], message);
  });
});

describe('perk load is all-or-nothing across files and names the bad one', () => {
  it('a valid file followed by a bad one writes neither', async () => {
    const good = write('good.json', JSON.stringify({ retailers: [VALID.retailers], rates: [VALID.rates] }));
    const bad = write('bad.csv', 'portal,retailer,rate,from\nrakuten,robust-shop,6%,2026-12-01\nrakuten,robust-shop,6%,2026-02-29\n');
    await expectRejected(['load', good, bad], new RegExp(`${esc(bad)} line 3 \\(rates\\).*"from"`));
  });
  it('a missing file', async () => {
    await expectRejected(['load', 'no-such-file.json'], /Cannot read no-such-file\.json: no such file/);
  });
  it('a directory', async () => {
    fs.mkdirSync(tmp.file('a-directory.json'));
    await expectRejected(['load', 'a-directory.json'], /a-directory\.json/);
  });
  it('--kind on a JSON file', async () => {
    const file = write('kind.json', JSON.stringify({ wallet: ['amex-gold'] }));
    await expectRejected(['load', file, '--kind', 'rates'], /--kind applies only to CSV files/);
  });
  it('--dry-run of a bad file is the same error', async () => {
    const file = write('dry.json', JSON.stringify({ rates: [{ ...(VALID.rates as object), percent: 101 }] }));
    await expectRejected(['load', '--dry-run', file], new RegExp(`${esc(file)} line \\d+ \\(rates\\).*"percent"`));
  });
  it('the good files of these cases do load (the corpus is not rejecting everything)', async () => {
    const good = write('good-all.json', JSON.stringify(Object.fromEntries(Object.entries(VALID).map(([k, v]) => [k, [v]]))));
    const r = await perkIn(['--db', db, 'load', '--dry-run', good], { env, cwd: tmp.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(dbDigest(db)).toBe(setup.baseline());
  });
});
