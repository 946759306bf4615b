/**
 * Bad input to the data and catalog commands (global flags, rate set, wallet, card, config, export,
 * init, backup, restore): exit 2, one sentence naming the flag or argument, nothing on stdout, and the
 * database unchanged. Run in process (helpers/reject.ts); one case runs through a real bin/perk.js.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbDigest } from '../helpers/db.js';
import { perkIn } from '../helpers/in-process.js';
import { rejects, rejectsSpawned, userDatabaseSetup, type RejectOptions } from '../helpers/reject.js';

const { tmp, setup } = userDatabaseSetup('perk-bad-catalog-');
const { db, env } = setup;

beforeAll(() => {
  // Files for backup and restore cases.
  fs.writeFileSync(tmp.file('existing.db'), 'not mine to overwrite');
  fs.mkdirSync(tmp.file('a-dir'));
  fs.writeFileSync(tmp.file('text.db'), 'hello, I am a text file\n');
  const foreign = new Database(tmp.file('foreign.db'));
  foreign.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (\'mine\');');
  foreign.close();
  // A perk database written by a newer perk (schema version 99).
  fs.copyFileSync(db, tmp.file('newer.db'));
  const newer = new Database(tmp.file('newer.db'));
  newer.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01')").run();
  newer.close();
  // A damaged copy: the first half of a real database.
  const bytes = fs.readFileSync(db);
  fs.writeFileSync(tmp.file('truncated.db'), bytes.subarray(0, Math.floor(bytes.length / 2)));
});

const C: RejectOptions = { commander: true };
type Case = [string, string[], RegExp, RejectOptions?];

function table(cases: Case[]) {
  it.each(cases)('%s', async (_name, args, message, options) => {
    await rejects(setup, args, message, options);
  });
}

describe('global flags', () => {
  table([
    ['--today is not a real date', ['--today', '2026-02-30', 'cards'], /--today must be a real date.*2026-02-30/],
    ['--today is not a date at all', ['--today', 'tomorrow', 'wallet'], /--today must be a real date.*tomorrow/],
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/, C],
    ['unknown option', ['cards', '--bogus'], /unknown option '--bogus'/, C],
    ['missing argument', ['card'], /missing required argument 'id'/, C],
    ['too many arguments', ['retailers', 'a', 'b'], /too many arguments/, C],
  ]);
  it('PERK_TODAY is not a real date', async () => {
    await rejects(setup, ['cards'], /PERK_TODAY must be a real date.*2026-13-01/, { env: { ...env, PERK_TODAY: '2026-13-01' } });
  });
});

describe('perk rate set', () => {
  const rs = (...a: string[]) => ['rate', 'set', ...a];
  table([
    ['rate that is not a rate', rs('macys', 'abc', '--portal', 'rakuten'), /rate must be a percent.*"abc"/],
    ['percent over 100', rs('macys', '101%', '--portal', 'rakuten'), /rate must be a percent.*"101%"/],
    ['negative flat rate', rs('macys', '$-5', '--portal', 'rakuten'), /rate must be a percent.*"\$-5"/],
    ['two decimal points', rs('macys', '6.5.5%', '--portal', 'rakuten'), /"6\.5\.5%"/],
    ['absurd flat rate', rs('macys', '$99999999999999999999', '--portal', 'rakuten'), /rate/],
    ['negative percent (looks like an option)', rs('macys', '-5%', '--portal', 'rakuten'), /unknown option '-5%'/, C],
    ['unknown retailer', rs('no-such-shop', '6%', '--portal', 'rakuten'), /Unknown retailer "no-such-shop"/],
    ['ambiguous retailer', rs('b', '6%', '--portal', 'rakuten'), /"b" matches \d+ retailers/],
    ['unknown portal', rs('macys', '6%', '--portal', 'noportal'), /Unknown portal "noportal" \(--portal\)/],
    ['impossible --from', rs('macys', '6%', '--portal', 'rakuten', '--from', '2026-02-30'), /--from must be a real date.*2026-02-30/],
    ['impossible --to', rs('macys', '6%', '--portal', 'rakuten', '--to', '2026-04-31'), /--to must be a real date.*2026-04-31/],
    ['--to before --from', rs('macys', '6%', '--portal', 'rakuten', '--from', '2026-11-30', '--to', '2026-11-01'), /--to \(2026-11-01\) is before --from/],
    ['unknown channel', rs('macys', '6%', '--portal', 'rakuten', '--channel', 'mail'), /option '--channel <channel>' argument 'mail' is invalid/, C],
    ['missing --portal', rs('macys', '6%'), /required option '--portal <id>' not specified/, C],
  ]);
});

describe('perk wallet, card, cards', () => {
  table([
    ['wallet add an unknown card', ['wallet', 'add', 'no-such-card'], /Unknown card "no-such-card"/],
    ['wallet add a good and an unknown card adds neither', ['wallet', 'add', 'amex-green', 'no-such-card'], /Unknown card "no-such-card"/],
    ['wallet remove a card not held', ['wallet', 'remove', 'amex-green'], /"amex-green" is not in your wallet/],
    ['wallet remove a held and a not-held card removes neither', ['wallet', 'remove', 'amex-gold', 'amex-green'], /"amex-green" is not in your wallet/],
    ['wallet add nothing', ['wallet', 'add'], /missing required argument 'cards'/, C],
    ['card unknown', ['card', 'no-such-card'], /Unknown card "no-such-card"/],
    ['card with an escape sequence in its id', ['card', '\u001b[2Jx'], /Unknown card "\\x1b\[2Jx"/],
  ]);
});

describe('perk config', () => {
  table([
    ['unknown key', ['config', 'set', 'bad.key', 'x'], /Unknown setting "bad\.key"/],
    ['cpp that is not a number', ['config', 'set', 'cpp.MR.transfer', 'abc'], /cpp must be a number.*"abc"/],
    ['absurd cpp', ['config', 'set', 'cpp.MR.transfer', '1000'], /cpp must be a number.*"1000"/],
    ['cpp of an unknown currency', ['config', 'set', 'cpp.ZZ.transfer', '1'], /Unknown currency "ZZ"/],
    ['cpp of an unknown path', ['config', 'set', 'cpp.MR.nope', '1'], /MR has no path "nope"/],
    ['unknown path', ['config', 'set', 'path.MR', 'nope'], /MR has no path "nope"/],
    ['payout of an unknown portal', ['config', 'set', 'portal.noportal.payout', 'USD'], /Unknown portal "noportal"/],
    ['payout in a currency the portal does not pay', ['config', 'set', 'portal.rakuten.payout', 'XYZ'], /pays in .*not "XYZ"/],
    ['unset what is not set', ['config', 'unset', 'path.MR'], /"path\.MR" is not set/],
    ['set without a value', ['config', 'set', 'cpp.MR.transfer'], /missing required argument 'value'/, C],
  ]);
});

describe('perk export', () => {
  table([
    ['unknown kind', ['export', '--kind', 'bogus'], /--kind must be one of .*"bogus"/],
    ['unknown format', ['export', '--format', 'xml'], /argument 'xml' is invalid/, C],
    ['csv without a kind', ['export', '--format', 'csv'], /--format csv needs --kind/],
    ['csv of a kind CSV cannot hold', ['export', '--format', 'csv', '--kind', 'cards'], /--format csv needs --kind/],
  ]);
});

describe('perk init', () => {
  table([
    ['init an existing database', ['init'], /is already set up/],
    ['init --empty over an existing database', ['init', '--empty'], /already exists/],
    ['init --force with an unknown wallet card', ['init', '--force', '--wallet', 'amex-gold,no-such-card'], /Unknown card "no-such-card" \(--wallet\)/],
    ['init --force with a payout Rakuten does not offer', ['init', '--force', '--payout', 'XYZ'], /--payout must be one of .*"XYZ"/],
  ]);
});

describe('perk backup', () => {
  table([
    ['over an existing file', ['backup', 'existing.db'], /existing\.db already exists/],
    ['into a directory that does not exist', ['backup', 'no-dir/backup.db'], /directory of no-dir\/backup\.db does not exist/],
    ['onto a directory', ['backup', 'a-dir'], /a-dir is a directory/],
    ['missing file argument', ['backup'], /missing required argument 'file'/, C],
    ['onto the database itself, even with --force', ['backup', db, '--force'], /is the database itself/],
  ]);
  it('leaves the existing file alone', () => {
    expect(fs.readFileSync(tmp.file('existing.db'), 'utf8')).toBe('not mine to overwrite');
  });
});

describe('perk restore refuses anything but a valid perk backup and changes nothing', () => {
  table([
    ['a missing file', ['restore', 'no-such.db'], /Cannot read no-such\.db: no such file/],
    ['a text file', ['restore', 'text.db'], /text\.db is not a SQLite database/],
    ['a directory', ['restore', 'a-dir'], /a-dir is not a file/],
    ["another program's SQLite file", ['restore', 'foreign.db'], /foreign\.db is a SQLite database but not a perk database/],
    ['a database from a newer perk', ['restore', 'newer.db'], /newer\.db has schema version 99 but this perk knows only up to \d+/],
    ['a damaged (truncated) database', ['restore', 'truncated.db'], /truncated\.db (is damaged|is not a SQLite database)/],
    ['the database itself', ['restore', db], /is the database itself/],
  ]);
  it('and leaves no side files behind', () => {
    expect(fs.readdirSync(tmp.dir).filter((f) => /\.tmp$|pre-restore/.test(f))).toEqual([]);
    expect(fs.existsSync(tmp.file('foreign.db-wal'))).toBe(false);
  });
});

describe('output of the corpus commands when the input is good (the corpus is not rejecting everything)', () => {
  it('rate set, config set and wallet add succeed with good input on a copy', async () => {
    const copy = tmp.file('copy.db');
    fs.copyFileSync(db, copy);
    for (const args of [
      ['rate', 'set', 'macys', '6%', '--portal', 'rakuten', '--from', '2026-11-01', '--to', '2026-11-30'],
      ['config', 'set', 'path.MR', 'transfer'],
      ['wallet', 'add', 'amex-green'],
    ]) {
      const r = await perkIn(['--db', copy, ...args], { env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(dbDigest(copy)).not.toBe(setup.baseline());
  });
});

describe('end to end', () => {
  it('a real bin/perk.js exits 2 on bad input, saying so on stderr, with the database unchanged', () => {
    rejectsSpawned(setup, ['config', 'set', 'cpp.MR.transfer', 'abc'], /cpp must be a number.*"abc"/);
  });
});
