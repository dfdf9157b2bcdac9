#!/usr/bin/env node
// The report stage alone: `node bench/report.mjs PATH… > /dev/null` lints the paths once, then
// writes each report (XLINT_REPORT_FORMATS, default stylish,json,sarif) XLINT_REPORT_REPEAT times
// (default 3) to standard output, with the CPU time of each write on stderr. Bundles
// bench/report-entry.ts into $TMPDIR first; XLINT_STAGES_ROOT=DIR bundles another checkout's.
// XLINT_REPORT_KEEP=FILE keeps the bundle there (for --cpu-prof or heap sampling) instead of running it.
import { runProbe } from './probe.mjs';

await runProbe('report-entry.ts', process.argv.slice(2), process.env.XLINT_REPORT_KEEP);
