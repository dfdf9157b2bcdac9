import { explain, findRule } from '../docs/explain.js';
import { errors } from '../errors.js';
import { useColor } from './color.js';
import type { RegisterCommand } from './command.js';
import { knownRules } from './known-rules.js';

/** `xlint explain RULE`: the rule's page, offline (the same text as docs/rules/<name>.md). */
export const registerExplainCommand: RegisterCommand = (program, io, exit) => {
  program
    .command('explain')
    .description("print a rule's page: what it checks, why, a problematic and a corrected example, fix safety, how to suppress it, references")
    .argument('<rule>', 'rule name or id, e.g. vnc-exposed or SEC020')
    .option('--markdown', 'print the page as markdown (as in docs/rules/)')
    .option('--color', 'colour the page even when standard output is not a terminal')
    .option('--no-color', 'no colour')
    .action((query: string, options: { markdown?: boolean; color?: boolean }) => {
      const found = findRule(knownRules(), query);
      if (!found.ok) throw errors.usage(found.message, found.hint);
      const color = useColor({ flag: options.color, env: io.env, isTTY: io.isTTY ?? false });
      io.stdout(explain(found.rule, { markdown: options.markdown === true, color, width: Math.min(100, io.columns ?? 80) }));
      exit(0);
    });
};
