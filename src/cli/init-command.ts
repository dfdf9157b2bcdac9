import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../config/load.js';
import { errors } from '../errors.js';
import type { RegisterCommand } from './command.js';
import { displayPath } from './display.js';

/** Where the editor schema is once xlint is installed as a dev dependency (`dist/xlint.schema.json` ships in the package). */
export const SCHEMA_REFERENCE = './node_modules/xlint/dist/xlint.schema.json';

/**
 * The starting `xlint.json`: the recommended preset and the shared settings
 * the readiness rules read, empty, so that the editor shows where they go.
 */
export function initialConfig(): string {
  const config = {
    $schema: SCHEMA_REFERENCE,
    extends: ['xlint:recommended'],
    rules: {},
    ignorePatterns: [],
    settings: {
      sharedStorage: { paths: [], volumeGroups: [], scripts: [] },
      migration: { peers: [] },
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** `xlint init [directory]`: writes `xlint.json`; never overwrites one without `--force`. */
export const registerInitCommand: RegisterCommand = (program, io, exit) => {
  program
    .command('init')
    .description(`write a starting ${CONFIG_FILE_NAME} (with $schema, for editor completion) in the current directory`)
    .argument('[directory]', 'where to write it', '.')
    .option('--force', `overwrite an existing ${CONFIG_FILE_NAME}`)
    .action((directory: string, options: { force?: boolean }) => {
      const file = join(resolve(io.cwd, directory), CONFIG_FILE_NAME);
      const shown = displayPath(file, io.cwd);
      if (existsSync(file) && !options.force) {
        throw errors.usage(`${shown} already exists: not overwritten`, `edit it, or run \`xlint init --force\` to replace it`);
      }
      try {
        writeFileSync(file, initialConfig());
      } catch (error) {
        throw errors.usage(`${shown}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      io.stdout(
        `wrote ${shown}\n` +
          'next: list the storage every host reaches in settings.sharedStorage and the migration hosts in settings.migration,\n' +
          '      then run `xlint` (`xlint rules` lists the rules; set one to "off", "info", "warning" or "error" under "rules")\n',
      );
      exit(0);
    });
};
