/**
 * Word-wraps prose (footnotes, notes, warnings, recommendations) to a width: the terminal's on a
 * terminal, 80 columns in a pipe or a file (see proseWidth in table.ts). wrap-ansi does the work, so
 * colored text wraps too. A "quoted command" is never split, so it can still be copied whole — unless it
 * is wider than the line itself, which then breaks it rather than overflow the terminal.
 */
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

const NBSP = '\u00a0';

export function wrapText(text: string, width = 80): string {
  const w = Math.max(1, Math.floor(width));
  return text
    .split('\n')
    .map((paragraph) => {
      // Spaces inside "quotes" become no-break spaces for the wrapper, then spaces again.
      const held = paragraph.replace(/"[^"]*"/g, (q) => q.replace(/ /g, NBSP));
      return wrapAnsi(held, w, { hard: true, trim: true }).replace(/\u00a0/g, ' ');
    })
    .join('\n');
}

/** `text` with every line wider than `width` wrapped to it (narrower lines, tables, are left alone). */
export function fitToWidth(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => (stringWidth(line) > width ? wrapText(line, width) : line))
    .join('\n');
}
