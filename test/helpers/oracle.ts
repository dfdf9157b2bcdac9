import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oracleDir } from './shared.js';

export interface OracleVerdict {
  ok: boolean;
  settings: Record<string, unknown> | null;
  errors: { line: number | null; message: string }[];
}

/**
 * Runs libxlutil (the oracle's `xlcfg-dump`) on many inputs at once and
 * returns its verdict for each, in order. Inputs must not hold a NUL byte
 * inside a string: libxlutil aborts on that and takes the batch with it.
 */
export function libxlutilVerdicts(inputs: readonly Uint8Array[]): OracleVerdict[] {
  if (!oracleDir) throw new Error('no oracle: set XLINT_ORACLE_DIR or run ../shared/oracle/setup.sh');
  const dir = mkdtempSync(join(tmpdir(), 'xlint-oracle-'));
  try {
    const names = inputs.map((bytes, i) => {
      const name = join(dir, `${String(i).padStart(6, '0')}.cfg`);
      writeFileSync(name, bytes);
      return name;
    });
    const list = join(dir, 'list.txt');
    writeFileSync(list, names.join('\n') + '\n');
    let out: string;
    try {
      out = execFileSync(join(oracleDir, 'xlcfg-dump'), ['--files-from', list], { maxBuffer: 1 << 30, encoding: 'utf8' });
    } catch (error) {
      const e = error as { status?: number; stdout?: string };
      if (e.status !== 1 || e.stdout === undefined) throw error;
      out = e.stdout;
    }
    const lines = out.split('\n').filter((l) => l !== '');
    if (lines.length !== inputs.length) throw new Error(`oracle answered ${lines.length} of ${inputs.length} inputs`);
    return lines.map((l) => JSON.parse(l) as OracleVerdict);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One spec through `xlcfg-dump --disk` (xlu_disk_parse). */
export function libxlutilDisk(spec: string): { ok: boolean; error: string | null; disk: Record<string, unknown> } {
  if (!oracleDir) throw new Error('no oracle');
  try {
    return JSON.parse(execFileSync(join(oracleDir, 'xlcfg-dump'), ['--disk', spec], { encoding: 'utf8' }));
  } catch (error) {
    const e = error as { stdout?: string };
    if (e.stdout) return JSON.parse(e.stdout);
    throw error;
  }
}
