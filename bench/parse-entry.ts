// Bundled by bench/run.mjs: xlint's front end alone, in memory, the way libxlutil's
// `xlcfg-dump --bench` measures Xen's parser: every file of a list read first, then format
// detection and parsing of each (the model builders, the grammar where a statement needs it, every
// problem found), documents dropped at once, no rules, no report. Prints one JSON line with the
// best of XLINT_PARSE_REPEAT runs (default 5). Not shipped, not part of the tests.
import { readFileSync } from 'node:fs';
import { detectFormat } from '../src/discovery/detect.js';
import { readSource } from '../src/discovery/read.js';
import { parseFile } from '../src/lint.js';

const paths = readFileSync(process.argv[2] as string, 'utf8').split('\n').filter(Boolean);
const texts: string[] = [];
let bytes = 0;
for (const p of paths) {
  const r = readSource(p);
  if (!r.ok) throw new Error(`${p}: cannot be read`);
  texts.push(r.text);
  bytes += Buffer.byteLength(r.text);
}
const repeat = Number(process.env.XLINT_PARSE_REPEAT ?? '5');
let problems = 0;
const wall: number[] = [];
const cpu: number[] = [];
for (let rep = 0; rep < repeat; rep++) {
  problems = 0;
  const w = performance.now();
  const c = process.cpuUsage();
  for (let i = 0; i < texts.length; i++) {
    const path = paths[i] as string;
    const text = texts[i] as string;
    const d = detectFormat(path, text);
    if (!d.format) continue;
    problems += d.cfgParse ? d.cfgParse.problems.length : parseFile(path, path, d.format, text).problems.length;
  }
  const u = process.cpuUsage(c);
  wall.push((performance.now() - w) / 1000);
  cpu.push((u.user + u.system) / 1e6);
}
const best = (xs: number[]): number => Math.min(...xs);
process.stdout.write(
  `${JSON.stringify({ files: paths.length, bytes, repeat, problems, wall_s: best(wall), cpu_s: best(cpu), MB_per_s_wall: bytes / 1e6 / best(wall), MB_per_s_cpu: bytes / 1e6 / best(cpu) })}\n`,
);
