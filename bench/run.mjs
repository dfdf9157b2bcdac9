#!/usr/bin/env node
// xlint's benchmark (issue 9): `npm run bench` (builds first). Not part of `npm test`.
//
// Prints four ratios, each measured in this run, with xlint and the reference
// interleaved (A B A B ...) and medians taken, because the machine is shared and
// absolute figures drift with the load:
//   1. start-up: `node dist/xlint.cjs one.cfg` vs `node -e 0` (NODE_EXTRA_CA_CERTS unset for both)
//   2. throughput: whole `xlint` process over the 50 MB generated corpus (parse + all rules,
//      from disk, single thread: --jobs 1) vs libxlutil's `xlcfg-dump --bench` (Xen's C parser, in
//      memory); then the same with one thread per core (--jobs N, N = cores, at least 2), interleaved.
//      Beside the ratio, two like-for-like figures: libxlutil reading the files itself
//      (`--readfile`: open, read, parse, from disk as xlint does) and xlint's front end alone in
//      memory (bench/parse-entry.ts: format detection + parse, no rules, no report) against
//      libxlutil in memory
//   3. memory: peak RSS of the single-thread xlint run (stylish), and of the same with --format json / sarif
//   4. fleet: 1,000 hosts x 20 guests, with every project-scope (cross-host) rule vs without them
//
// Options: --runs N (default 5; start-up uses 6x that), --only startup,throughput,fleet,
//          --fleet-hosts N (default 1000), --json FILE (also write the figures as JSON),
//          --xlint-args "..." (extra arguments for every xlint run; with --jobs in it, only that series).
// Environment: XLINT_GEN_CORPUS (an existing gen-corpus.py output), XLINT_ORACLE_DIR (holds
//          xlcfg-dump and gen-corpus.py; default /tmp/oracle, then ../shared/oracle),
//          XLINT_BENCH_DIR (cache for generated trees; default $TMPDIR/xlint-bench),
//          XLINT_BENCH_BIN (the xlint to measure; default dist/xlint.cjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from '../scripts/esbuild-node.mjs';
import { runProbe } from './probe.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = process.env.XLINT_BENCH_BIN || join(root, 'dist', 'xlint.cjs'); // XLINT_BENCH_BIN: compare another build
const rusage = join(root, 'bench', 'rusage.py');

const args = process.argv.slice(2);
function flag(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}
const RUNS = Number(flag('--runs', '5'));
const ONLY = new Set(flag('--only', 'startup,throughput,fleet').split(','));
const FLEET_HOSTS = Number(flag('--fleet-hosts', '1000'));
const FLEET_GUESTS = 20;
const JSON_OUT = flag('--json', null);
const XLINT_ARGS = (flag('--xlint-args', '') || '').split(' ').filter(Boolean);

const benchDir = process.env.XLINT_BENCH_DIR || join(tmpdir(), 'xlint-bench');
mkdirSync(benchDir, { recursive: true });

// The environment both sides run with: NODE_EXTRA_CA_CERTS alone adds ~47 ms to every Node start here.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
delete env.NODE_OPTIONS;

/** Threads of the workers series of target 2: one per core, at least two. */
const THREADS = Math.max(2, availableParallelism());
const oracleDirs = [process.env.XLINT_ORACLE_DIR, '/tmp/oracle', join(root, '..', 'shared', 'oracle')].filter(Boolean);
const findOracle = (file) => oracleDirs.map((d) => join(d, file)).find((p) => existsSync(p)) ?? null;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const log = (s) => process.stderr.write(`${s}\n`);

/** One run of a command: {wall_s, user_s, sys_s, maxrss_kb, rc}. */
function measure(cmd, cmdArgs, cwd = benchDir) {
  const out = execFileSync('python3', [rusage, cmd, ...cmdArgs], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out);
}

/** Runs each command `runs` times, interleaved; returns per-command arrays of results. */
function interleaved(commands, runs, warmup = 1) {
  for (let w = 0; w < warmup; w++) for (const c of commands) measure(c.cmd, c.args, c.cwd);
  const results = commands.map(() => []);
  for (let r = 0; r < runs; r++) {
    commands.forEach((c, i) => results[i].push(measure(c.cmd, c.args, c.cwd)));
  }
  return results;
}

const report = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, memGB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version },
  loadBefore: load(),
  results: {},
};
log(`xlint bench: ${report.machine.cpus} x ${report.machine.model}, node ${process.version}, load ${report.loadBefore}`);

// ---------------------------------------------------------------- the corpus
function corpusDir() {
  const given = process.env.XLINT_GEN_CORPUS;
  if (given) return given;
  const dir = join(tmpdir(), 'xlint-gen-corpus-50-1'); // the same cache as test/grammar/generated-corpus.test.ts
  if (!existsSync(join(dir, 'list.txt'))) {
    const gen = findOracle('gen-corpus.py');
    if (!gen) throw new Error('no gen-corpus.py: set XLINT_ORACLE_DIR or XLINT_GEN_CORPUS');
    log(`generating the 50 MB corpus into ${dir} ...`);
    execFileSync('python3', [gen, dir, '50', '1'], { stdio: 'inherit' });
  }
  return dir;
}

// ---------------------------------------------------------------- 1. start-up
if (ONLY.has('startup')) {
  const corpus = corpusDir();
  const oneDir = join(benchDir, 'one');
  mkdirSync(oneDir, { recursive: true });
  copyFileSync(join(corpus, 'cfg', '000001.cfg'), join(oneDir, 'one.cfg'));
  const n = RUNS * 6;
  const before = load();
  const [bare, xlint] = interleaved(
    [
      { cmd: 'node', args: ['-e', '0'], cwd: oneDir },
      { cmd: 'node', args: [bin, ...XLINT_ARGS, 'one.cfg'], cwd: oneDir },
    ],
    n,
    3,
  );
  const bareMs = median(bare.map((r) => r.wall_s)) * 1000;
  const xlintMs = median(xlint.map((r) => r.wall_s)) * 1000;
  report.results.startup = {
    runs: n,
    load: `${before} -> ${load()}`,
    nodeMs: bareMs,
    xlintMs,
    ratio: xlintMs / bareMs,
    nodeCpuMs: median(bare.map((r) => (r.user_s + r.sys_s) * 1000)),
    xlintCpuMs: median(xlint.map((r) => (r.user_s + r.sys_s) * 1000)),
    xlintExit: xlint[0].rc,
  };
  report.results.startup.cpuRatio = report.results.startup.xlintCpuMs / report.results.startup.nodeCpuMs;
  const s = report.results.startup;
  log(`1. start-up (one file, ${n} runs each, interleaved, load ${s.load})`);
  log(`   node -e 0          ${fmt(bareMs)} ms (cpu ${fmt(s.nodeCpuMs)} ms)`);
  log(`   xlint one.cfg      ${fmt(xlintMs)} ms (cpu ${fmt(s.xlintCpuMs)} ms)`);
  log(`   ratio              ${fmt(s.ratio, 2)}x wall (target <= 2.0x, aim 1.5x); ${fmt(s.cpuRatio, 2)}x cpu`);
}

// ---------------------------------------------------------------- 2 + 3. throughput and memory
if (ONLY.has('throughput')) {
  const corpus = corpusDir();
  const list = join(corpus, 'list.txt');
  const files = readFileSync(list, 'utf8').split('\n').filter(Boolean);
  let bytes = 0;
  for (const f of files) bytes += statSync(f).size;
  const dump = findOracle('xlcfg-dump');
  const runs = Math.max(3, Math.ceil(RUNS / 2) + 1);
  const before = load();
  // Target 2 is single-threaded: --jobs 1, and the same with workers as a second series: --jobs N with
  // one thread per core, at least 2 (not auto, which stays in one thread on 2 cores: AUTO_MIN_CORES),
  // unless --xlint-args sets --jobs or the build has no such flag (XLINT_BENCH_BIN of an older build).
  const hasJobs = execFileSync('node', [bin, '--help'], { env, encoding: 'utf8' }).includes('--jobs');
  const jobsGiven = XLINT_ARGS.some((a) => a === '-j' || a.startsWith('--jobs'));
  const single = hasJobs && !jobsGiven ? ['--jobs', '1'] : [];
  const commands = [{ cmd: 'node', args: [bin, ...XLINT_ARGS, ...single, 'cfg'], cwd: corpus }];
  const workers = single.length > 0 ? { cmd: 'node', args: [bin, ...XLINT_ARGS, '--jobs', String(THREADS), 'cfg'], cwd: corpus } : null;
  const xw = [];
  if (dump) commands.push({ cmd: dump, args: ['--bench', '1', '--files-from', list], cwd: corpus });
  // xlcfg-dump prints its own in-memory figure; run it separately to read it (interleaved with xlint).
  const xl = [];
  const c = [];
  const cDisk = [];
  const bench = (...more) => JSON.parse(execFileSync(dump, ['--bench', '1', ...more, '--files-from', list], { cwd: corpus, env, encoding: 'utf8' }).trim().split('\n').pop());
  measure(commands[0].cmd, commands[0].args, commands[0].cwd); // warm the page cache
  for (let r = 0; r < runs; r++) {
    xl.push(measure(commands[0].cmd, commands[0].args, commands[0].cwd));
    if (workers) xw.push(measure(workers.cmd, workers.args, workers.cwd));
    if (dump) {
      c.push(bench());
      cDisk.push(bench('--readfile'));
    }
  }
  // xlint's detect + parse alone, in memory (best of 5 in one process), bundled from this checkout's sources.
  const probe = join(benchDir, `parse-entry-${process.pid}.cjs`);
  await runProbe('parse-entry.ts', [], probe);
  let front;
  try {
    front = JSON.parse(execFileSync('node', [probe, list], { env, encoding: 'utf8' }).trim());
  } finally {
    rmSync(probe, { force: true });
  }
  const xlintS = median(xl.map((r) => r.wall_s));
  const xlintMBs = bytes / 1e6 / xlintS;
  const cMBs = dump ? median(c.map((r) => r.MB_per_s_wall)) : null;
  // Per CPU second too: on a loaded machine wall time mostly measures the queue for a core.
  const cMBsCpu = dump ? median(c.map((r) => r.MB_per_s_cpu)) : null;
  const xlintMBsCpu = bytes / 1e6 / median(xl.map((r) => r.user_s + r.sys_s));
  const rssMB = median(xl.map((r) => r.maxrss_kb)) / 1024;
  report.results.throughput = {
    files: files.length,
    bytes,
    runs,
    load: `${before} -> ${load()}`,
    xlintSeconds: xlintS,
    xlintCpuSeconds: median(xl.map((r) => r.user_s + r.sys_s)),
    xlintMBs,
    libxlutilMBs: cMBs,
    ratio: cMBs ? xlintMBs / cMBs : null,
    xlintMBsCpu,
    libxlutilMBsCpu: cMBsCpu,
    cpuRatio: cMBsCpu ? xlintMBsCpu / cMBsCpu : null,
    xlintExit: xl[0].rc,
    // Like for like: libxlutil from disk (xlu_cfg_readfile), and xlint's front end in memory.
    libxlutilFromDiskMBs: dump ? median(cDisk.map((r) => r.MB_per_s_wall)) : null,
    libxlutilFromDiskMBsCpu: dump ? median(cDisk.map((r) => r.MB_per_s_cpu)) : null,
    xlintParseInMemoryMBsCpu: front.MB_per_s_cpu,
    parseInMemoryCpuRatio: cMBsCpu ? front.MB_per_s_cpu / cMBsCpu : null,
  };
  report.results.throughput.diskRatio = dump ? xlintMBs / report.results.throughput.libxlutilFromDiskMBs : null;
  report.results.throughput.diskCpuRatio = dump ? xlintMBsCpu / report.results.throughput.libxlutilFromDiskMBsCpu : null;
  // The same lint with the reports CI uses (JSON, SARIF: larger outputs, more per finding): two runs each.
  const reports = {};
  for (const format of ['json', 'sarif']) {
    const rs = [0, 1].map(() => measure('node', [bin, ...XLINT_ARGS, ...single, '--format', format, 'cfg'], corpus));
    reports[format] = { peakRssMB: median(rs.map((r) => r.maxrss_kb)) / 1024, cpuSeconds: median(rs.map((r) => r.user_s + r.sys_s)) };
  }
  report.results.memory = { peakRssMB: rssMB, allRunsMB: xl.map((r) => Math.round(r.maxrss_kb / 1024)), reports };
  if (workers) {
    const s = median(xw.map((r) => r.wall_s));
    report.results.throughputWorkers = {
      xlintSeconds: s,
      xlintCpuSeconds: median(xw.map((r) => r.user_s + r.sys_s)),
      xlintMBs: bytes / 1e6 / s,
      ratio: cMBs ? bytes / 1e6 / s / cMBs : null,
      speedup: xlintS / s,
      peakRssMB: median(xw.map((r) => r.maxrss_kb)) / 1024,
    };
  }
  const t = report.results.throughput;
  log(`2. throughput (${files.length} files, ${fmt(bytes / 1e6)} MB from disk, ${runs} runs each, load ${t.load})`);
  log(`   xlint (whole process)        ${fmt(xlintS, 2)} s = ${fmt(xlintMBs)} MB/s (cpu ${fmt(t.xlintCpuSeconds, 2)} s = ${fmt(xlintMBsCpu)} MB/s)`);
  log(`   libxlutil xlcfg-dump --bench ${dump ? `${fmt(cMBs)} MB/s (cpu: ${fmt(cMBsCpu)} MB/s; parse only, in memory)` : `n/a (no xlcfg-dump in ${oracleDirs.join(', ')}: build it with \`bash ../shared/oracle/setup.sh\`, or set XLINT_ORACLE_DIR)`}`);
  log(`   ratio                        ${fmt(t.ratio, 3)}x wall, ${fmt(t.cpuRatio, 3)}x cpu   (target >= 0.6x single thread, >= 1.0x with workers)`);
  log(`   like for like: libxlutil --readfile (its own open + read + parse, from disk) ${fmt(t.libxlutilFromDiskMBs)} MB/s (cpu ${fmt(t.libxlutilFromDiskMBsCpu)} MB/s):`);
  log(`                  xlint (parse + all rules + report) ${fmt(t.diskRatio, 3)}x wall, ${fmt(t.diskCpuRatio, 3)}x cpu of it`);
  log(`   like for like: xlint detect + parse in memory ${fmt(t.xlintParseInMemoryMBsCpu)} MB/s cpu (best of ${front.repeat}) = ${fmt(t.parseInMemoryCpuRatio, 2)}x libxlutil in memory`);
  const w = report.results.throughputWorkers;
  if (w) {
    log(`   xlint --jobs ${THREADS} (workers)     ${fmt(w.xlintSeconds, 2)} s = ${fmt(w.xlintMBs)} MB/s (cpu ${fmt(w.xlintCpuSeconds, 2)} s), ${fmt(w.speedup, 2)}x single thread, peak RSS ${fmt(w.peakRssMB, 0)} MB`);
    log(`   ratio with workers           ${fmt(w.ratio, 3)}x wall   (target >= 1.0x)`);
  }
  log(`3. memory: peak RSS ${fmt(rssMB, 0)} MB (runs: ${report.results.memory.allRunsMB.join(', ')})   (target <= 300 MB)`);
  for (const [format, r] of Object.entries(report.results.memory.reports)) log(`   --format ${format.padEnd(5)}     peak RSS ${fmt(r.peakRssMB, 0)} MB, cpu ${fmt(r.cpuSeconds, 2)} s (median of 2)`);
}

// ---------------------------------------------------------------- 4. fleet
/** Names of the project-scope rules, read from the sources (esbuild, no TypeScript run-time needed). */
async function projectRuleNames() {
  const { build } = await import('esbuild');
  const out = await build({
    stdin: {
      contents: "import { rules } from './rules/index.ts'; console.log(JSON.stringify(rules.filter((r) => r.scope === 'project').map((r) => r.name)));",
      resolveDir: root,
      loader: 'ts',
    },
    ...nodeBundle(root),
    format: 'esm',
    write: false,
    logLevel: 'error',
    define: { XLINT_BUNDLED: 'true' },
  });
  const file = join(benchDir, 'rule-names.mjs');
  writeFileSync(file, out.outputFiles[0].text);
  return JSON.parse(execFileSync('node', [file], { env, encoding: 'utf8' }));
}

/** hosts/hNNNN/etc/xen/gNN.cfg from the corpus (names made unique), plus each host's own files. */
function fleetTree(corpus, hosts) {
  const dir = join(benchDir, `fleet-${hosts}x${FLEET_GUESTS}`);
  const stamp = join(dir, '.complete-v1');
  if (existsSync(stamp)) return dir;
  rmSync(dir, { recursive: true, force: true });
  log(`generating the fleet tree (${hosts} hosts x ${FLEET_GUESTS} guests) into ${dir} ...`);
  const files = readFileSync(join(corpus, 'list.txt'), 'utf8').split('\n').filter(Boolean);
  let k = 0;
  for (let h = 0; h < hosts; h++) {
    const host = `h${String(h).padStart(4, '0')}`;
    const etc = join(dir, 'hosts', host, 'etc');
    mkdirSync(join(etc, 'xen'), { recursive: true });
    mkdirSync(join(etc, 'network'), { recursive: true });
    for (let g = 0; g < FLEET_GUESTS; g++) {
      const text = readFileSync(files[k++ % files.length], 'utf8').replace(/^name\s*=\s*(['"]).*?\1/m, `name = "${host}-g${String(g).padStart(2, '0')}"`);
      writeFileSync(join(etc, 'xen', `g${String(g).padStart(2, '0')}.cfg`), text);
    }
    writeFileSync(
      join(etc, 'xen', 'xend-config.sxp'),
      `# ${host}\n(xend-relocation-server yes)\n(xend-relocation-port 8002)\n(xend-relocation-address '')\n(xend-relocation-hosts-allow '^h[0-9]+\\\\.example\\\\.org$ ^localhost$')\n(network-script 'network-bridge netdev=eth0')\n(vif-script vif-bridge)\n(dom0-min-mem 1024)\n(enable-dom0-ballooning no)\n`,
    );
    writeFileSync(join(etc, 'xen', 'xl.conf'), `autoballoon="off"\nvif.default.bridge="xenbr0"\nlockfile="/var/lock/xl"\n`);
    writeFileSync(
      join(etc, 'network', 'interfaces'),
      `auto lo\niface lo inet loopback\n\n${[0, 1, 2].map((b) => `auto xenbr${b}\niface xenbr${b} inet manual\n    bridge_ports eth${b}\n`).join('\n')}`,
    );
    writeFileSync(join(etc, 'fstab'), `/dev/sda1 / ext4 defaults 0 1\nnas:/srv/xen /srv/xen nfs defaults 0 0\nnas:/var/lib/xen/images /var/lib/xen/images nfs defaults 0 0\n`);
    writeFileSync(join(etc, 'exports'), '');
  }
  writeFileSync(stamp, '');
  return dir;
}

if (ONLY.has('fleet')) {
  const corpus = corpusDir();
  const dir = fleetTree(corpus, FLEET_HOSTS);
  const names = await projectRuleNames();
  writeFileSync(join(dir, 'xlint.all.json'), `${JSON.stringify({}, null, 2)}\n`);
  writeFileSync(join(dir, 'xlint.no-project.json'), `${JSON.stringify({ rules: Object.fromEntries(names.map((n) => [n, 'off'])) }, null, 2)}\n`);
  const runs = Math.max(3, Math.ceil(RUNS / 2));
  const before = load();
  const [withRules, without] = interleaved(
    [
      { cmd: 'node', args: [bin, ...XLINT_ARGS, '-c', 'xlint.all.json', 'hosts'], cwd: dir },
      { cmd: 'node', args: [bin, ...XLINT_ARGS, '-c', 'xlint.no-project.json', 'hosts'], cwd: dir },
    ],
    runs,
    0,
  );
  const a = median(withRules.map((r) => r.wall_s));
  const b = median(without.map((r) => r.wall_s));
  report.results.fleet = {
    hosts: FLEET_HOSTS,
    guests: FLEET_HOSTS * FLEET_GUESTS,
    projectRules: names,
    runs,
    load: `${before} -> ${load()}`,
    withSeconds: a,
    withoutSeconds: b,
    ratio: a / b,
    peakRssMB: median(withRules.map((r) => r.maxrss_kb)) / 1024,
    exits: [withRules[0].rc, without[0].rc],
  };
  const f = report.results.fleet;
  log(`4. fleet (${FLEET_HOSTS} hosts x ${FLEET_GUESTS} guests, ${runs} runs each, load ${f.load})`);
  log(`   project-scope rules: ${names.length ? names.join(', ') : '(none yet)'}${names.length < 3 ? '  <- the cross-host rules (branch fleet) are not all here yet' : ''}`);
  log(`   with them    ${fmt(a, 2)} s (peak RSS ${fmt(f.peakRssMB, 0)} MB)`);
  log(`   without them ${fmt(b, 2)} s`);
  log(`   ratio        ${fmt(f.ratio, 2)}x   (target <= 10x)`);
}

report.loadAfter = load();
if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report)}\n`);
