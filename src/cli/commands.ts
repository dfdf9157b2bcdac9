import { registerBaselineCommand } from './baseline-command.js';
import type { RegisterCommand } from './command.js';
import { registerExplainCommand } from './explain-command.js';
import { registerInitCommand } from './init-command.js';
import { registerParseCommand } from './parse-command.js';
import { registerRulesCommand } from './rules-command.js';

/**
 * The subcommands, in the order `xlint --help` lists them. Linting itself is
 * the program's own action (`src/cli/lint-command.ts`). A new command is one
 * file and one line here.
 */
export const COMMANDS: readonly RegisterCommand[] = [
  registerRulesCommand,
  registerExplainCommand,
  registerInitCommand,
  registerBaselineCommand,
  registerParseCommand,
];
