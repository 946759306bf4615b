/**
 * Word-wraps a sentence of prose (footnotes, recommendations) to the 80 columns a terminal is assumed
 * to have, so it reads the same on a terminal, in a pipe and in a file. Uncolored text only: color the
 * wrapped result. A "quoted command" is never split, so it can still be copied whole.
 */
export function wrapText(text: string, width = 80): string {
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.match(/(?:"[^"]*"|[^\s"])+/g) ?? ['']) {
        if (line && [...line].length + 1 + [...word].length > width) {
          lines.push(line);
          line = word;
        } else {
          line = line ? `${line} ${word}` : word;
        }
      }
      lines.push(line);
      return lines.join('\n');
    })
    .join('\n');
}
