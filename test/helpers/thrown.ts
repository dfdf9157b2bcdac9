import { XlintError } from '../../src/errors.js';

/** The XlintError `fn` throws; fails the test when it throws nothing or something else. */
export function thrown(fn: () => unknown): XlintError {
  try {
    fn();
  } catch (error) {
    if (error instanceof XlintError) return error;
    throw error;
  }
  throw new Error('expected an XlintError');
}
