import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { oracleDir } from '../helpers/shared.js';

/** What `xlcfg-dump --disk` says about one spec (the fields the differential tests compare). */
export interface OracleDisk {
  readonly ok: boolean;
  readonly error: string | null;
  /** null when the scanner jammed and took the process with it. */
  readonly disk: {
    readonly pdev_path: string | null;
    readonly vdev: string | null;
    readonly format: string;
    readonly readwrite: number;
    readonly script: string | null;
    readonly is_cdrom: number;
    readonly backend_domname: string | null;
    readonly backend: string;
    readonly specification: string;
  } | null;
}

function one(spec: string): Promise<OracleDisk> {
  return new Promise((resolve, reject) => {
    execFile(join(oracleDir as string, 'xlcfg-dump'), ['--disk', spec], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const first = stdout.split('\n')[0] ?? '';
      if (first.startsWith('{')) {
        resolve(JSON.parse(stdout) as OracleDisk);
        return;
      }
      if (stderr.includes('flex scanner jammed')) {
        resolve({ ok: false, error: 'flex scanner jammed', disk: null });
        return;
      }
      reject(error ?? new Error(`xlcfg-dump --disk: no answer for ${JSON.stringify(spec)}: ${stderr}`));
    });
  });
}

/** Runs `xlcfg-dump --disk` on every spec (a few processes at a time), answers in order. */
export async function oracleDisks(specs: readonly string[], parallel = 8): Promise<OracleDisk[]> {
  if (!oracleDir) throw new Error('no oracle');
  const out: OracleDisk[] = new Array(specs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const i = next++;
      out[i] = await one(specs[i] as string);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}
