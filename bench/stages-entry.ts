// Bundled by bench/stages.mjs: where the time goes inside one process (read, detect + parse,
// each rule, suppressions), over a list of files. Not shipped, not part of the tests.
import { readFileSync } from 'node:fs';
import { rules } from '../rules/index.js';
import { configFromObject } from '../src/config/load.js';
import { detectFormat } from '../src/discovery/detect.js';
import { readSource } from '../src/discovery/read.js';
import { runRules } from '../src/engine/run.js';
import type { ParsedFile } from '../src/engine/types.js';
import { lintParsed, parseFile } from '../src/lint.js';

const list = process.argv[2] as string;
const limit = Number(process.argv[3] ?? 'Infinity');
const paths = readFileSync(list, 'utf8').split('\n').filter(Boolean).slice(0, limit);
const config = configFromObject({}, '/');
// Wall time, and the CPU time of this process over the same span (the machine is shared: wall time drifts with the load).
let cpu0 = process.cpuUsage();
const ms = (t: number): string => {
  const c = process.cpuUsage(cpu0);
  cpu0 = process.cpuUsage();
  return `${(performance.now() - t).toFixed(0).padStart(6)} ms (cpu ${((c.user + c.system) / 1000).toFixed(0)} ms)`;
};

let t = performance.now();
cpu0 = process.cpuUsage();
const texts: string[] = [];
let bytes = 0;
for (const p of paths) {
  const r = readSource(p);
  if (!r.ok) continue;
  texts.push(r.text);
  bytes += r.text.length;
}
console.log(`read        ${ms(t)}  ${paths.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
const REPEAT = Number(process.env.XLINT_STAGES_REPEAT ?? '3');
// Parse and lint REPEAT times over fresh documents (per-document caches start cold each time); the
// minimum is the figure least disturbed by other work on the machine.
let parsed: ParsedFile[] = [];
const parseRuns: number[] = [];
const ruleRuns: number[] = [];
let findingCount = 0;
for (let rep = 0; rep < REPEAT; rep++) {
  let c = process.cpuUsage();
  parsed = [];
  texts.forEach((text, i) => {
    const d = detectFormat(paths[i] as string, text);
    if (!d.format) return;
    parsed.push(d.cfgParse ? ({ path: paths[i], absolutePath: paths[i], format: d.format, text, document: d.cfgParse.document, problems: d.cfgParse.problems } as ParsedFile) : parseFile(paths[i] as string, paths[i] as string, d.format, text));
  });
  let u = process.cpuUsage(c);
  parseRuns.push((u.user + u.system) / 1000);
  c = process.cpuUsage();
  findingCount = lintParsed(parsed, { config }).length;
  u = process.cpuUsage(c);
  ruleRuns.push((u.user + u.system) / 1000);
}
const best = (xs: number[]): number => Math.min(...xs);
const runs = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`detect+parse  cpu min ${best(parseRuns).toFixed(0).padStart(6)} ms = ${(bytes / 1e3 / best(parseRuns)).toFixed(1)} MB/s   (runs: ${runs(parseRuns)})`);
console.log(`rules+suppr.  cpu min ${best(ruleRuns).toFixed(0).padStart(6)} ms = ${(bytes / 1e3 / best(ruleRuns)).toFixed(1)} MB/s   (runs: ${runs(ruleRuns)}; ${findingCount} findings)`);
const per: Array<[string, number, number]> = [];
const all = performance.now();
cpu0 = process.cpuUsage();
for (const rule of rules) {
  const r0 = performance.now();
  const n = runRules({ files: parsed, rules: [rule], settingFor: config.settingFor, settings: config.settings, settingsFor: (f) => config.settingsFor(f ? f.absolutePath : null) }).length;
  per.push([rule.name, performance.now() - r0, n]);
}
console.log(`each rule alone, again (per-document caches now warm) ${ms(all)}`);
for (const [name, m, n] of per.sort((a, b) => b[1] - a[1])) console.log(`  ${m.toFixed(0).padStart(6)} ms  ${String(n).padStart(7)} findings  ${name}`);
const mem = process.memoryUsage();
console.log(`heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB, rss ${(mem.rss / 2 ** 20).toFixed(0)} MB`);
