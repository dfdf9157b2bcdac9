/*
 * Set by the esbuild bundle (scripts/build.mjs `define`). From source (tests)
 * it is undefined, so Chevrotain's grammar validations run there and are
 * skipped only in the shipped CLI, where they cost start-up time for nothing.
 */
declare const XLINT_BUNDLED: boolean | undefined;

export const skipGrammarValidations: boolean = typeof XLINT_BUNDLED !== 'undefined' && XLINT_BUNDLED === true;
