import type { Command } from 'commander';
import type { CliIo } from './io.js';

/**
 * Sets the run's exit code from a command's action. The last call wins;
 * usage errors are thrown (`errors.usage`) rather than reported here.
 */
export type ExitSink = (code: number) => void;

/**
 * Adds one subcommand to the program: `program.command(NAME)…action(…)`.
 * Each command lives in its own `src/cli/<name>-command.ts` and is listed once
 * in `src/cli/commands.ts`.
 */
export type RegisterCommand = (program: Command, io: CliIo, exit: ExitSink) => void;
