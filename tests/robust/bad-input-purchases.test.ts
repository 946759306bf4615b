/**
 * Bad input to the purchase and bookkeeping commands (stack, order, bonus, payout, value, compare,
 * giftcard, promo): exit 2, one sentence naming the flag or argument, nothing on stdout, and the
 * database unchanged. Run in process (helpers/reject.ts), through commander's `perk stack` (the fast
 * path fails the same way: tests/cli/fast-stack.test.ts); one stack case runs through a real bin/perk.js.
 */
import fs from 'node:fs';
import { beforeAll, describe, it } from 'vitest';
import { rejects, rejectsSpawned, userDatabaseSetup, type RejectOptions } from '../helpers/reject.js';

const { tmp, setup } = userDatabaseSetup('perk-bad-purchases-', { PERK_TODAY: '2026-11-21' });

beforeAll(() => {
  const csv = (name: string, content: string | Buffer) => fs.writeFileSync(tmp.file(name), content);
  csv('missing-column.csv', 'retailer,amount,date,card\nmacys,120,2026-11-01,amex-gold\ntarget,50,2026-11-02\n');
  csv('extra-column.csv', 'retailer,amount,date\nmacys,120,2026-11-01,oops\n');
  csv('bad-quoting.csv', 'retailer,amount,date\nmacys,120,2026-11-01\n"target,50,2026-11-02\n');
  csv('bad-utf8.csv', Buffer.concat([Buffer.from('retailer,amount,note\nmacys,120,ok\ntarget,50,caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
  csv('bad-date.csv', 'retailer,amount,date\nmacys,120,2026-11-01\ntarget,50,2026-02-30\n');
  csv('bad-amount.csv', 'retailer,amount,date\nmacys,120,2026-11-01\ntarget,-50,2026-11-02\n');
  csv('absurd-amount.csv', 'retailer,amount,date\nmacys,999999999999999,2026-11-01\n');
  csv('unknown-retailer.csv', 'retailer,amount,date\nmacys,120,2026-11-01\nno-such-shop,50,2026-11-02\n');
  csv('unknown-card.csv', 'retailer,amount,card\nmacys,120,amex-gold\ntarget,50,no-card\n');
  csv('unknown-column.csv', 'retailer,amount,colour\nmacys,120,red\n');
  csv('no-amount-column.csv', 'retailer,date\nmacys,2026-11-01\n');
  csv('empty.csv', '');
});

const C: RejectOptions = { commander: true };
type Case = [string, string[], RegExp, RejectOptions?];

function table(noun: string, cases: Case[]) {
  describe(`perk ${noun}`, () => {
    it.each(cases)('%s', async (_name, args, message, options) => {
      await rejects(setup, args, message, options);
    });
  });
}

table('stack', [
  ['unknown retailer', ['stack', 'no-such-shop', '100'], /Unknown retailer "no-such-shop"/],
  ['amount that is not an amount', ['stack', 'macys', 'abc'], /amount.*"abc"/],
  ['zero amount', ['stack', 'macys', '0'], /amount.*"0"/],
  ['exponent amount', ['stack', 'macys', '1e99'], /amount.*"1e99"/],
  ['absurd amount', ['stack', 'macys', '99999999999'], /amount.*"99999999999"/],
  ['negative amount', ['stack', 'macys', '-5'], /amount.*"-5"/],
  ['unknown card', ['stack', 'macys', '100', '--card', 'no-card'], /Unknown card "no-card" \(--card\)/],
  ['unknown portal', ['stack', 'macys', '100', '--portal', 'noportal'], /Unknown portal "noportal" \(--portal\)/],
  ['unknown payout currency', ['stack', 'macys', '100', '--payout', 'XYZ'], /"XYZ".*--payout/],
  ['unknown path', ['stack', 'macys', '100', '--path', 'MR=nope'], /MR has no path "nope"/],
  ['path without =', ['stack', 'macys', '100', '--path', 'garbage'], /--path must be written CUR=path.*"garbage"/],
  ['--top 0', ['stack', 'macys', '100', '--top', '0'], /--top must be a whole number.*"0"/],
  ['--top not a number', ['stack', 'macys', '100', '--top', 'abc'], /--top must be a whole number.*"abc"/],
  ['unknown category', ['stack', 'macys', '100', '--category', 'no_such'], /Unknown category "no_such" \(--category\)/],
  ['unknown travel portal', ['stack', 'macys', '100', '--via', 'bogus'], /--via.*"bogus"|"bogus".*--via/],
  ['two channels', ['stack', 'macys', '100', '--in-store', '--dining'], /--in-store and --dining/],
  ['no arguments off a terminal', ['stack'], /retailer and amount are missing/],
  ['no amount off a terminal', ['stack', 'macys'], /The amount is missing/],
  ['escape sequence as the retailer', ['stack', '\u001b[2J\u001b[31mmacys', '100'], /Unknown retailer "\\x1b\[2J\\x1b\[31mmacys"/],
]);

table('order', [
  ['add: unknown retailer', ['order', 'add', 'no-such-shop', '100'], /Unknown retailer "no-such-shop"/],
  ['add: amount that is not an amount', ['order', 'add', 'macys', 'abc'], /amount.*"abc"/],
  ['add: impossible date', ['order', 'add', 'macys', '100', '--date', '2026-02-30'], /--date must be a real date.*2026-02-30/],
  ['add: unknown card', ['order', 'add', 'macys', '100', '--card', 'no-card'], /Unknown card "no-card" \(--card\)/],
  ['add: unknown portal', ['order', 'add', 'macys', '100', '--portal', 'noportal'], /Unknown portal "noportal" \(--portal\)/],
  ['add: unknown offer', ['order', 'add', 'macys', '100', '--offer', 'no-offer'], /Unknown offer "no-offer" \(--offer\)/],
  ['add: unknown category', ['order', 'add', 'macys', '100', '--category', 'no_such'], /Unknown category "no_such" \(--category\)/],
  ['add: absurdly long note', ['order', 'add', 'macys', '100', '--note', 'x'.repeat(5000)], /note.*(longer|2000)/],
  ['add: unknown promo code', ['order', 'add', 'macys', '100', '--promo', 'NOPE'], /NOPE.*--promo/],
  ['add: unknown travel portal', ['order', 'add', 'macys', '100', '--via', 'bogus'], /"bogus".*--via/],
  ['add: gift card without a balance', ['order', 'add', 'macys', '100', '--gift-card'], /gift-card/],
  ['list: unknown status', ['order', 'list', '--status', 'paid'], /--status must be .*"paid"/],
  ['list: impossible --since', ['order', 'list', '--since', '2026-02-30'], /--since must be a real date/],
  ['list: --until not a date', ['order', 'list', '--until', 'junk'], /--until must be a real date.*"junk"/],
  ['confirm: no such order', ['order', 'confirm', '999'], /no order 999/],
  ['confirm: id not a number', ['order', 'confirm', 'abc'], /order id must be a whole number.*"abc"/],
  ['confirm: impossible date', ['order', 'confirm', '1', '--date', '2026-02-30'], /--date must be a real date/],
  ['confirm: a date after today', ['order', 'confirm', '1', '--date', '2099-01-01'], /--date 2099-01-01 is after today/],
  ['set: a confirmation date after today', ['order', 'set', '2', '--date', '2099-01-01'], /--date 2099-01-01 is after today/],
  ['confirm: cash back not an amount', ['order', 'confirm', '1', '--cashback', 'lots'], /--cashback.*"lots"|"lots".*--cashback/],
  ['set: unknown status', ['order', 'set', '1', '--status', 'paid'], /argument 'paid' is invalid/, C],
  ['set: no such order', ['order', 'set', '999', '--status', 'confirmed'], /no order 999/],
  ['remove: no such order', ['order', 'remove', '999'], /no order 999/],
  ['remove: id not a number', ['order', 'remove', 'abc'], /order id must be a whole number.*"abc"/],
  ['import: missing file', ['order', 'import', 'no-such.csv'], /Cannot read no-such\.csv: no such file/],
  ['import: row with a missing column', ['order', 'import', 'missing-column.csv'], /missing-column\.csv line 3 has 3 columns but the header has 4/],
  ['import: row with an extra column', ['order', 'import', 'extra-column.csv'], /extra-column\.csv line 2 has 4 columns but the header has 3/],
  ['import: bad quoting', ['order', 'import', 'bad-quoting.csv'], /bad-quoting\.csv line \d+ is not valid CSV/],
  ['import: invalid UTF-8', ['order', 'import', 'bad-utf8.csv'], /bad-utf8\.csv line 3 is not valid UTF-8/],
  ['import: impossible date', ['order', 'import', 'bad-date.csv'], /bad-date\.csv line 3.*"date"/],
  ['import: negative amount', ['order', 'import', 'bad-amount.csv'], /bad-amount\.csv line 3.*"amount"/],
  ['import: absurd amount', ['order', 'import', 'absurd-amount.csv'], /absurd-amount\.csv line 2.*"amount"/],
  ['import: unknown retailer', ['order', 'import', 'unknown-retailer.csv'], /unknown-retailer\.csv line 3.*no-such-shop/],
  ['import: unknown card', ['order', 'import', 'unknown-card.csv'], /unknown-card\.csv line 3.*no-card/],
  ['import: unknown column', ['order', 'import', 'unknown-column.csv'], /unknown-column\.csv line 1: unknown column "colour"/],
  ['import: no amount column', ['order', 'import', 'no-amount-column.csv'], /no-amount-column\.csv line 1: the header has no "amount" column/],
  ['import: empty file', ['order', 'import', 'empty.csv'], /empty\.csv is empty/],
]);

table('bonus', [
  ['add: unknown portal', ['bonus', 'add', 'noportal', '30'], /Unknown portal "noportal"/],
  ['add: amount that is not an amount', ['bonus', 'add', 'rakuten', 'abc'], /amount.*"abc"/],
  ['add: impossible date', ['bonus', 'add', 'rakuten', '30', '--date', '2026-02-30'], /--date must be a real date/],
  ['confirm: no such bonus', ['bonus', 'confirm', '999'], /no bonus 999/],
  ['confirm: a date after today', ['bonus', 'confirm', '1', '--date', '2099-01-01'], /--date 2099-01-01 is after today/],
  ['add: confirmed on a date after today', ['bonus', 'add', 'rakuten', '30', '--date', '2099-01-01', '--confirmed'], /--date 2099-01-01 is after today/],
  ['set: amount that is not an amount', ['bonus', 'set', '1', '--amount', 'abc'], /--amount.*"abc"/],
  ['remove: no such bonus', ['bonus', 'remove', '999'], /no bonus 999/],
  ['list: unknown status', ['bonus', 'list', '--status', 'paid'], /--status must be .*"paid"/],
  ['list: unknown portal', ['bonus', 'list', '--portal', 'noportal'], /Unknown portal "noportal" \(--portal\)/],
]);

table('payout', [
  ['next: unknown portal', ['payout', 'next', '--portal', 'noportal'], /Unknown portal "noportal" \(--portal\)/],
  ['forecast: zero quarters', ['payout', 'forecast', '--quarters', '0'], /--quarters must be a whole number.*"0"/],
  ['forecast: quarters not a number', ['payout', 'forecast', '--quarters', 'abc'], /--quarters must be a whole number.*"abc"/],
  ['forecast: absurd quarters', ['payout', 'forecast', '--quarters', '100000'], /--quarters must be a whole number.*"100000"/],
  ['history: unknown portal', ['payout', 'history', '--portal', 'noportal'], /Unknown portal "noportal" \(--portal\)/],
]);

table('value', [
  ['unknown currency', ['value', 'ZZZ'], /Unknown currency "ZZZ"/],
  ['points that are not a number', ['value', 'MR', 'abc'], /The points must be a whole number.*"abc"/],
  ['exponent points', ['value', 'MR', '1e99'], /The points must be a whole number.*"1e99"/],
  ['absurd points', ['value', 'MR', '99999999999999999999'], /The points must be a whole number.*"99999999999999999999"/],
]);

table('compare', [
  ['cash that is not an amount', ['compare', 'abc'], /cash back must be an amount.*"abc"/],
  ['zero cash', ['compare', '0'], /cash back must be an amount.*"0"/],
  ['unknown portal', ['compare', '42', '--portal', 'noportal'], /Unknown portal "noportal" \(--portal\)/],
]);

table('giftcard', [
  ['add: claim code too short', ['giftcard', 'add', 'amazon', '--code', 'ABC', '--balance', '50'], /--code is not a gift-card claim code/],
  ['add: code already stored', ['giftcard', 'add', 'amazon', '--code', 'AQ7N-LBBG39-75MU', '--balance', '5'], /--code|already/],
  ['add: unknown retailer', ['giftcard', 'add', 'no-shop', '--code', 'ZZ9P-QR7T-88KLMN', '--balance', '5'], /Unknown retailer "no-shop"/],
  ['add: balance that is not an amount', ['giftcard', 'add', 'amazon', '--code', 'ZZ9P-QR7T-88KLMN', '--balance', 'abc'], /--balance must be an amount.*"abc"/],
  ['add: no balance', ['giftcard', 'add', 'amazon', '--code', 'ZZ9P-QR7T-88KLMN'], /--balance is required/],
  ['add: no code', ['giftcard', 'add', 'amazon', '--balance', '5'], /--code is required/],
  ['set-balance: unknown gift card', ['giftcard', 'set-balance', 'no-such', '5'], /No stored gift card has that id, claim code or last four characters/],
  ['set-balance: amount that is not an amount', ['giftcard', 'set-balance', 'gc-amazon', 'abc'], /"abc"/],
  ['list: unknown retailer', ['giftcard', 'list', '--retailer', 'no-shop'], /Unknown retailer "no-shop"/],
]);

table('promo', [
  ['add: code with spaces', ['promo', 'add', 'macys', 'bad code!', '--amount', '10'], /promo code must be .*"bad code!"/],
  ['add: amount that is not an amount', ['promo', 'add', 'macys', 'X1', '--amount', 'abc'], /--amount must be an amount.*"abc"/],
  ['add: neither amount nor percent', ['promo', 'add', 'macys', 'X1'], /exactly one of --amount and --percent/],
  ['add: both amount and percent', ['promo', 'add', 'macys', 'X1', '--amount', '10', '--percent', '10'], /exactly one of --amount and --percent/],
  ['add: percent over 100', ['promo', 'add', 'macys', 'X1', '--percent', '150'], /--percent must be .*"150"/],
  ['add: impossible --from', ['promo', 'add', 'macys', 'X1', '--amount', '10', '--from', '2026-02-30'], /--from must be a real date/],
  ['add: --to before --from', ['promo', 'add', 'macys', 'X1', '--amount', '10', '--from', '2026-12-01', '--to', '2026-11-01'], /--to \(2026-11-01\) is before --from/],
  ['add: zero uses', ['promo', 'add', 'macys', 'X1', '--amount', '10', '--uses', '0'], /--uses must be a whole number.*"0"/],
  ['add: unknown retailer', ['promo', 'add', 'no-shop', 'X1', '--amount', '10'], /Unknown retailer "no-shop"/],
  ['list: unknown retailer', ['promo', 'list', '--retailer', 'no-shop'], /Unknown retailer "no-shop"/],
]);

describe('end to end', () => {
  it('the perk stack fast path of a real bin/perk.js exits 2 on bad input, with the database unchanged', () => {
    rejectsSpawned(setup, ['stack', 'macys', 'abc'], /amount.*"abc"/);
  });
});
