import { renderRulesJson, renderRulesText } from '../docs/rules-table.js';
import { useColor } from './color.js';
import type { RegisterCommand } from './command.js';
import { knownRules } from './known-rules.js';

/** `xlint rules [--json]`: every rule with its id, category, default severity and fix. */
export const registerRulesCommand: RegisterCommand = (program, io, exit) => {
  program
    .command('rules')
    .description('list every rule: id, name, category, default severity, fix, preset and description')
    .option('--json', 'an array of {id, name, category, severity, fixable, preset, engine, description, docsUrl}')
    .option('--color', 'colour the table even when standard output is not a terminal')
    .option('--no-color', 'no colour')
    .action((options: { json?: boolean; color?: boolean }) => {
      if (options.json) io.stdout(renderRulesJson(knownRules()));
      else io.stdout(renderRulesText(knownRules(), { color: useColor({ flag: options.color, env: io.env, isTTY: io.isTTY ?? false }) }));
      exit(0);
    });
};
