/**
 * User errors: a mistake the user can fix (a bad config, a path that does not
 * exist). The CLI prints the message and the hint as one or two plain lines
 * and exits 2; no stack trace. Every text lives here so that the wording stays
 * consistent and tests can assert the `code`.
 */

export type XlintErrorCode =
  | 'config-not-found'
  | 'config-unreadable'
  | 'config-json'
  | 'config-invalid'
  | 'config-extends-outside'
  | 'config-extends-missing'
  | 'config-extends-cycle'
  | 'config-extends-too-deep'
  | 'path-not-found'
  | 'no-files-matched'
  | 'usage'
  | 'baseline-not-found'
  | 'baseline-invalid'
  | 'output-failed';

export class XlintError extends Error {
  readonly code: XlintErrorCode;
  /** What to do about it, when there is something to say; shown on a second line. */
  readonly hint: string | undefined;

  constructor(code: XlintErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'XlintError';
    this.code = code;
    this.hint = hint;
  }
}

export function isXlintError(error: unknown): error is XlintError {
  return error instanceof XlintError;
}

/** `message` and `hint` as the CLI prints them: `xlint: message`, then the hint. */
export function renderXlintError(error: XlintError): string {
  return `xlint: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`;
}

export const errors = {
  configNotFound: (file: string): XlintError =>
    new XlintError('config-not-found', `${file}: config file not found`, 'check the path given to --config'),
  configUnreadable: (file: string, reason: string): XlintError =>
    new XlintError('config-unreadable', `${file}: cannot read the config: ${reason}`),
  configJson: (file: string, where: string, problem: string): XlintError =>
    new XlintError('config-json', `${file}${where}: not valid JSON: ${problem}`),
  /** One line per problem: `rules.x: unknown rule (did you mean y?)`. */
  configInvalid: (file: string, problems: readonly string[]): XlintError =>
    new XlintError(
      'config-invalid',
      problems.length === 1
        ? `${file}: ${problems[0] as string}`
        : `${file}: ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    ),
  extendsOutside: (file: string, path: string, entry: string, root: string): XlintError =>
    new XlintError(
      'config-extends-outside',
      `${file}: ${path}: "${entry}" is outside the config's directory ${root}: not read`,
      'extends may name presets (xlint:recommended, xlint:strict) or JSON files in the same directory tree',
    ),
  extendsMissing: (file: string, path: string, entry: string, reason: string): XlintError =>
    new XlintError('config-extends-missing', `${file}: ${path}: cannot read "${entry}": ${reason}`),
  extendsCycle: (file: string, path: string, entry: string): XlintError =>
    new XlintError('config-extends-cycle', `${file}: ${path}: "${entry}" extends itself (a cycle through extends)`),
  extendsTooDeep: (file: string, limit: number): XlintError =>
    new XlintError('config-extends-too-deep', `${file}: more than ${limit} config files through extends`),
  pathNotFound: (path: string): XlintError =>
    new XlintError('path-not-found', `${path}: no such file or directory`),
  noFilesMatched: (pattern: string): XlintError =>
    new XlintError('no-files-matched', `${pattern}: no files match this pattern`, 'quote the pattern so the shell does not expand it, or check it'),
  /** Wrong flags or arguments: what is wrong, then what to do. */
  usage: (message: string, hint?: string): XlintError => new XlintError('usage', message, hint),
  baselineNotFound: (file: string): XlintError =>
    new XlintError('baseline-not-found', `${file}: baseline file not found`, 'create it with `xlint baseline [paths…]`, or check the path given to --baseline'),
  baselineInvalid: (file: string, problem: string): XlintError =>
    new XlintError('baseline-invalid', `${file}: not a baseline file: ${problem}`, 'recreate it with `xlint baseline`'),
  outputFailed: (file: string, reason: string): XlintError => new XlintError('output-failed', `${file}: cannot write the report: ${reason}`),
};
