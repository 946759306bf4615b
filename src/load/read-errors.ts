/** Naming where a data file is wrong: LoadError, a file and line (or a record) as text, strict UTF-8 decoding and the line of a JSON syntax error. */
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import type { Kind } from './schemas.js';

/**
 * Invalid input in a data file. The message quotes parts of the file (column names, cells), so it is
 * made one printable line here: a newline or control character in the file cannot split or drive it.
 */
export class LoadError extends UsageError {
  constructor(message: string, hint?: string) {
    super(safeText(message), hint);
  }
}

export function where(file: string, line?: number): string {
  return line ? `${file} line ${line}` : file;
}

/** A record's place, for messages: file, line and kind. */
export function label(item: { kind: Kind; file: string; line: number }): string {
  return `${where(item.file, item.line)} (${item.kind})`;
}

/** Decode UTF-8 strictly; invalid bytes are an error naming the line. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    // Find the first invalid byte by decoding growing prefixes line by line.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new LoadError(`${where(file, line)} is not valid UTF-8 text.`, 'Save the file as UTF-8.');
  }
}

/** Line (1-based) of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function jsonSyntaxLine(text: string, error: Error): number | undefined {
  const lc = /line (\d+) column/.exec(error.message);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(error.message);
  if (pos) return lineAt(text, Number(pos[1]));
  if (/end of JSON/i.test(error.message)) return lineAt(text, text.length);
  // Some engines (Node 20) name no position for an unexpected token: find it ourselves.
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : lineAt(text, offset);
}

/**
 * The reason of a JSON.parse error without the engine's quote of the input (which can span lines
 * and echo anything) and without a character position (we name the line instead).
 */
export function jsonSyntaxReason(error: Error): string {
  return (error.message.split('\n')[0] ?? '')
    .replace(/, (\.\.\.)?".*$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
}

/**
 * Offset of the first JSON syntax error in `text` (a small recursive-descent scan, used only after
 * JSON.parse has failed), or undefined when it cannot tell (e.g. nesting too deep to scan).
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (error) {
    return typeof error === 'number' ? Math.min(error, text.length) : undefined;
  }
}
