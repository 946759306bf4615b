/**
 * Text from the database or the command line is shown, never obeyed: control characters (ESC, CSI,
 * BEL, backspace, carriage return, …) and the Unicode bidi overrides that can disguise text become
 * visible escapes, so a stored name cannot clear the screen, recolor output or spoof a line.
 * Kept apart from table.ts so the error path (cli.ts) can use it without loading cli-table3.
 */
/** One character text must not print raw: C0 controls but tab and newline, DEL, C1, bidi marks and overrides. */
// eslint-disable-next-line no-control-regex
export const UNSAFE_CHAR_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_RE = new RegExp(UNSAFE_CHAR_RE.source, 'g');

/** A character as a visible escape: `\xHH` up to U+00FF, `\uHHHH` above. */
export function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of stored text made safe to print: unsafe characters escaped, newlines shown as \n. */
export function safeText(text: string): string {
  return text.replace(UNSAFE_RE, escapeChar).replace(/\n/g, '\\n');
}

/** A multi-line message made safe to print: like safeText, but keeps its line breaks. */
export function safeLines(text: string): string {
  return text.split('\n').map(safeText).join('\n');
}
