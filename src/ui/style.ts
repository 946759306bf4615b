/** Colors for human output: one chalk instance per run, off unless the context allows color. */
import { Chalk, type ChalkInstance } from 'chalk';

export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
