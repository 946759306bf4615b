/**
 * How a text cell travels through a CSV export so that a spreadsheet cannot run it and a terminal
 * cannot obey it, yet `perk load` of the file gives back exactly what was exported (README "Your data").
 *
 * A cell is written as it is unless it begins with a character a spreadsheet reads as a formula (`=`,
 * `+`, `-`, `@`), a tab, a carriage return or a single quote, or holds a control character (C0 but tab
 * and newline, DEL, C1) or a bidi override. Such a cell is written with a leading `'` (spreadsheets show
 * it as text) and, after it, `\` as `\\` and each of those characters as `\xHH` or `\uHHHH`. On load a
 * cell that begins with `'` loses it and has those escapes undone; any other cell is read as it is.
 * A plain number (`-5`, `-0.5`) is never marked: it is a number to a spreadsheet, not a formula. A cell
 * with white space at either end is marked too, with the trailing white space escaped, since a load trims cells.
 */
import { escapeChar, UNSAFE_CHAR_RE as UNSAFE_RE } from '../ui/safe-text.js';

const UNSAFE_RE_G = new RegExp(UNSAFE_RE.source, 'g');
const MARK_START_RE = /^[=+\-@\t\r']/;
const NUMBER_RE = /^-?(\d+(\.\d*)?|\.\d+)$/;

/** A text cell as the CSV export writes it. */
export function encodeCsvText(text: string): string {
  const padded = text !== text.trim();
  if (!(MARK_START_RE.test(text) && !NUMBER_RE.test(text)) && !UNSAFE_RE.test(text) && !padded) return text;
  const body = text.replace(/\\/g, '\\\\').replace(UNSAFE_RE_G, escapeChar);
  // A load trims cells: trailing white space is escaped so that it survives (leading is safe after the ').
  return `'${padded ? body.replace(/\s+$/, (ws) => [...ws].map(escapeChar).join('')) : body}`;
}

/** A CSV cell as `perk load` reads it: the export's marking undone (see encodeCsvText). */
export function decodeCsvText(cell: string): string {
  if (cell.charCodeAt(0) !== 39) return cell;
  return cell
    .slice(1)
    .replace(/\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})/g, (_, e: string) => (e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16))));
}
