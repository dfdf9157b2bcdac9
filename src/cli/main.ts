import { Command, CommanderError } from 'commander';
import { nearest } from '../config/nearest.js';
import { isXlintError, renderXlintError, XlintError } from '../errors.js';
import { version } from '../version.js';
import { COMMANDS } from './commands.js';
import { EXIT_CODES } from './exit-code.js';
import type { CliIo } from './io.js';
import { addLintOptions, lintAction, withBackupDefault } from './lint-command.js';

const EXAMPLES = `
Examples:
  xlint                                     check /etc/xen on a Xen host (else the current directory)
  xlint hosts/                              check every Xen config under hosts/
  xlint -f stylish -f sarif=xlint.sarif .   one run, two reports: the terminal and GitHub code scanning
  xlint --fix --show-fixes hosts/           apply the safe fixes and list them
  xlint --diff hosts/ | less                what --fix would change, as a patch
  xlint --rule vif-mac-missing:off --fail-on warning hosts/
  cat web01.cfg | xlint --stdin --stdin-filename web01.cfg
  xlint baseline hosts/ && xlint --baseline xlint-baseline.json hosts/
  xlint rules                               every rule, with its id, category and severity
  xlint explain disk-not-shared             what a rule checks, why, and how to fix it

Exit codes (the same in every format):
  0  nothing at or above the --fail-on severity (default: error)
  1  findings at or above it, more warnings than --max-warnings, or an unreadable file
  2  wrong usage or a bad configuration: nothing was linted
  3  an internal error: a rule crashed (run with --debug and report it)
`;

/**
 * The subcommands' names (test/cli/commands.test.ts checks them against what `COMMANDS` registers).
 * A plain lint registers none of them: building them with commander costs ~2 ms of every start.
 */
export const COMMAND_NAMES: readonly string[] = ['rules', 'explain', 'init', 'baseline', 'parse', 'matrix'];

/**
 * Whether commander must know the subcommands for these arguments: one of them names a command
 * (wherever it is: registering them for nothing changes no output), or help may be asked for
 * (`--help`, `-h`, `-h` among grouped short flags; the help lists the commands).
 */
export function needsCommands(args: readonly string[]): boolean {
  return args.some((a) => COMMAND_NAMES.includes(a) || a === 'help' || a === '--help' || /^-[^-]*h/.test(a));
}

/**
 * Runs the CLI; returns the exit code (0 clean, 1 findings at or above the
 * fail threshold, 2 usage or config error, 3 internal error). Never calls
 * `process.exit`; writes only through `io`.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT_CODES.ok;
  const exit = (code: number): void => {
    exitCode = code;
  };
  const args = withBackupDefault(argv);
  const debug = args.slice(0, args.includes('--') ? args.indexOf('--') : args.length).includes('--debug');

  const program = new Command('xlint')
    .description(
      'Lint Xen configuration for live-migration readiness and security: domU .cfg files, xl.conf and xend-config.sxp, ' +
        "and, for cross-host checks, each host's network/interfaces, fstab, exports, DRBD config and /etc/default/{xendomains,grub}.",
    )
    .exitOverride()
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(commanderError(text)) })
    .argument('[paths...]', 'files, directories or globs to check (default: /etc/xen when it exists, else the current directory)')
    .addHelpText('after', EXAMPLES);
  addLintOptions(program)
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help (`xlint COMMAND --help` for a command)')
    .action(lintAction(io, exit));
  if (needsCommands(args)) {
    for (const register of COMMANDS) register(program, io, exit);
    for (const command of program.commands) {
      command.configureOutput({ outputError: (text, write) => write(commanderError(text, `xlint ${command.name()} --help`)) });
    }
  }

  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    if (isXlintError(error)) {
      io.stderr(renderXlintError(withCommandHint(error, argv)));
      if (debug && error.stack) io.stderr(`${error.stack}\n`);
      return EXIT_CODES.usage;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    io.stderr(`xlint: internal error: ${err.message}\n`);
    io.stderr(debug ? `${err.stack ?? ''}\n` : 'this is a bug in xlint: please report it with the output of the same command with --debug\n');
    return EXIT_CODES.internal;
  }
}

/**
 * Commander's messages in xlint's voice: `xlint: unknown option '--fromat'`
 * with its did-you-mean on the same line, and where to read more.
 */
export function commanderError(text: string, help = 'xlint --help'): string {
  const lines = text.trimEnd().split('\n');
  const first = (lines[0] ?? '').replace(/^error: /, '');
  const suggestion = lines.slice(1).join(' ').match(/^\(Did you mean (.+)\?\)$/);
  const main = suggestion ? `${first} (did you mean ${suggestion[1]}?)` : [first, ...lines.slice(1)].join('\n');
  return `xlint: ${main}\nrun \`${help}\` for the options${help === 'xlint --help' ? ' and examples' : ''}\n`;
}

/** `xlint explian RULE` reads `explian` as a path; when it does not exist and is close to a command, say so. */
function withCommandHint(error: XlintError, argv: readonly string[]): XlintError {
  if (error.code !== 'path-not-found') return error;
  const first = argv.find((a) => !a.startsWith('-'));
  if (first === undefined || !error.message.startsWith(`${first}:`)) return error;
  const guess = nearest(first, COMMAND_NAMES);
  if (!guess) return error;
  return new XlintError(error.code, error.message, `did you mean the command \`xlint ${guess}\`?`);
}
