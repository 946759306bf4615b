/** The LoadError a loader call throws (anything else, or nothing, fails the test). */
import { LoadError } from '../../src/load/read.js';

export function errorOf(fn: () => unknown): LoadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LoadError) return error;
    throw error;
  }
  throw new Error('expected a LoadError');
}
