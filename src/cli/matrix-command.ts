import { Option, type Command } from 'commander';
import { rules } from '../../rules/index.js';
import { MATRIX_FORMATS, matrixOutput, type MatrixFormat } from '../fleet/matrix.js';
import { matrixOf } from '../fleet/run-matrix.js';
import { lintPaths } from '../lint.js';
import type { CliIo } from './io.js';

/**
 * `xlint matrix [PATHS…]`: for each guest of the pool, each host it may
 * migrate to and the verdict (ready, or the rules that block it), as a table,
 * JSON or Markdown. Exit 1 when a move is blocked, 0 otherwise.
 */
export function registerMatrixCommand(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('matrix')
    .description("for each guest, each host of its pool it may migrate to and the verdict: ready, or the rules that block the move")
    .argument('[paths...]', 'the config repository or host trees (default: the current directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...MATRIX_FORMATS]).default('table'))
    .option('-c, --config <file>', 'use this xlint.json instead of searching for one')
    .action((paths: string[], options: { format: MatrixFormat; config?: string }) => {
      // Parse only: the matrix runs the fleet checks itself.
      const run = lintPaths({
        cwd: io.cwd,
        paths: paths.length > 0 ? paths : ['.'],
        rules: [],
        ...(options.config !== undefined ? { configFile: options.config } : {}),
      });
      const matrix = matrixOf(run.files, run.config, rules);
      // In pieces of about 64 KiB: a large pool's matrix does not fit in one string.
      let chunk = '';
      for (const piece of matrixOutput(matrix, options.format)) {
        chunk += piece;
        if (chunk.length >= 65_536) {
          io.stdout(chunk);
          chunk = '';
        }
      }
      if (chunk !== '') io.stdout(chunk);
      exit(matrix.summary.blocked > 0 ? 1 : 0);
    });
}
