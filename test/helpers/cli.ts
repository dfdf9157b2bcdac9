import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { repoRoot } from './shared.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `main` in-process with a fake terminal: nothing reaches the real process. */
export async function xlint(args: readonly string[], io: Partial<Omit<CliIo, 'stdout' | 'stderr'>> & { stdin?: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const { stdin, ...rest } = io;
  const code = await main(args, {
    cwd: repoRoot,
    env: {},
    // No real /etc/xen: tests that lint "nothing" point this at a tree of their own.
    xenConfigDir: '/nonexistent/xlint-test/etc/xen',
    ...(stdin !== undefined ? { readStdin: () => Promise.resolve(stdin) } : {}),
    ...rest,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  return { code, stdout, stderr };
}

/** ANSI escape sequences (colour). */
export const ANSI = /\u001b\[[0-9;]*m/;
