#!/usr/bin/env node
// Where the time goes inside one process: `node bench/stages.mjs [LIST] [MAX_FILES]`
// (LIST: one path a line; default the generated corpus's list.txt). Bundles bench/stages-entry.ts
// with esbuild into $TMPDIR first, with the same aliases and defines as the shipped build.
// XLINT_STAGES_ROOT=DIR bundles the same entry against another checkout (before/after figures).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProbe } from './probe.mjs';

const list = process.argv[2] || join(process.env.XLINT_GEN_CORPUS || join(tmpdir(), 'xlint-gen-corpus-50-1'), 'list.txt');
await runProbe('stages-entry.ts', [list, ...process.argv.slice(3)]);
