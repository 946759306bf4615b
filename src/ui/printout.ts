/** What a command's human view prints: its lines on stdout, and warnings on stderr. */
export interface Printout {
  out: string[];
  err: string[];
}

/** Write a view's lines, each as one line of output (so the terminal wrapping of a context applies to each). */
export function print(ctx: { out(text: string): void; err(text: string): void }, printout: Printout): void {
  for (const line of printout.out) ctx.out(line);
  for (const line of printout.err) ctx.err(line);
}
