import { statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BASELINE_FILE,
  baselinePathMapper,
  createBaseline,
  runScope,
  serializeBaseline,
  updateBaseline,
  type Baseline,
} from '../baseline/baseline.js';
import { errors } from '../errors.js';
import { isInternalError, plural } from '../formatters/report.js';
import { activeRules, filesInRun, readBaselineFile } from './baseline-file.js';
import type { RegisterCommand } from './command.js';
import { displayPath } from './display.js';
import { decideExit, EXIT_CODES } from './exit-code.js';
import type { CliIo } from './io.js';
import { addConfigOptions, lintFromFlags, type CommonLintFlags } from './lint-options.js';

interface BaselineFlags extends CommonLintFlags {
  readonly update?: boolean;
  readonly baseline: string;
}

/**
 * `xlint baseline [paths…]`: records the findings a repository has now, so
 * that `xlint --baseline FILE` reports only new ones. `--update` rewrites
 * the entries of the files in this run and keeps every other entry.
 */
export const registerBaselineCommand: RegisterCommand = (program, io, exit) => {
  const command = program
    .command('baseline')
    .description(`record today's findings in ${BASELINE_FILE}, so that \`xlint --baseline ${BASELINE_FILE}\` reports only new ones`)
    .argument('[paths...]', 'files, directories or globs to check, as for xlint itself')
    .option('--update', 'rewrite the entries of the files checked now; keep the entries of all other files')
    .option('--baseline <file>', 'the baseline file to write', BASELINE_FILE);
  addConfigOptions(command).action(async (paths: string[] | undefined, flags: BaselineFlags) => {
    exit(await baselineCommand(paths ?? [], flags, io));
  });
};

async function baselineCommand(paths: readonly string[], flags: BaselineFlags, io: CliIo): Promise<number> {
  const absolute = resolve(io.cwd, flags.baseline);
  const shown = displayPath(absolute, io.cwd);
  const existing = readBaselineFile(flags.baseline, io.cwd, true);
  if (existing && !flags.update) {
    throw errors.usage(
      `${shown} already exists: not overwritten`,
      '`xlint baseline --update [paths…]` rewrites the entries of the files checked and keeps the others; delete the file to start over',
    );
  }
  const run = await lintFromFlags(paths, flags, io);
  const pathOf = baselinePathMapper(io.cwd, absolute);
  const active = activeRules(run);
  let baseline: Baseline;
  if (existing) {
    const directories = (paths.length > 0 ? paths : [defaultRoot(io)]).filter((p) => isDirectory(resolve(io.cwd, p)));
    baseline = updateBaseline(existing.baseline, run.findings, { pathOf, inScope: runScope(filesInRun(run), pathOf, directories), activeRules: active });
  } else {
    baseline = createBaseline(run.findings, pathOf);
  }
  try {
    writeFileSync(absolute, serializeBaseline(baseline));
  } catch (error) {
    throw errors.outputFailed(shown, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }

  const findings = baseline.entries.reduce((n, e) => n + e.count, 0);
  const files = new Set(baseline.entries.map((e) => e.file)).size;
  const before = existing?.baseline.entries.reduce((n, e) => n + e.count, 0);
  const change = before === undefined ? '' : ` (was ${plural(before, 'finding')})`;
  io.stdout(
    `${existing ? 'updated' : 'wrote'} ${shown}: ${plural(findings, 'finding')} in ${plural(files, 'file')}${change}\n` +
      `\`xlint --baseline ${shown}\` now reports only findings that are not in it\n`,
  );
  // Crashed rules are never recorded: the baseline would be incomplete.
  const crashed = run.findings.filter(isInternalError);
  if (crashed.length > 0) {
    for (const reason of decideExit({ findings: crashed, unreadable: [] }).reasons) io.stderr(`${reason}\n`);
    return EXIT_CODES.internal;
  }
  return EXIT_CODES.ok;
}

function defaultRoot(io: CliIo): string {
  const xen = io.xenConfigDir ?? '/etc/xen';
  return isDirectory(xen) ? xen : '.';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
