import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { nearest } from '../config/nearest.js';
import type { ResolvedConfig, RuleLevel } from '../config/resolve.js';
import type { EngineRule } from '../engine/define-rule.js';
import type { Rule } from '../engine/types.js';
import { errors } from '../errors.js';
import type { LintedFile } from '../engine/detach.js';
import { lintEach, lintFiles, lintPaths, lintPathsSplit, streamHosts, type LintPathsOptions, type LintPathsRun } from '../lint.js';
import { LintPool, workerScript, workersFor, type Jobs } from '../workers/pool.js';
import { displayPath } from './display.js';
import type { CliIo } from './io.js';
import { knownRules } from './known-rules.js';

/** The flags every command that lints shares (`xlint` itself and `xlint baseline`). */
export interface CommonLintFlags {
  readonly config?: string;
  /** False with `--no-inline-config`. */
  readonly inlineConfig: boolean;
  /** `--rule RULE:SEVERITY`, as typed, in order. */
  readonly rule?: readonly string[];
  readonly stdin?: boolean;
  readonly stdinFilename?: string;
}

/** Repeatable options: no default (commander would print "(default: [])"); read them with `?? []`. */
export const collect = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

/** Adds the configuration flags every linting command shares. */
export function addConfigOptions(command: Command): Command {
  return command
    .optionsGroup('Configuration:')
    .option('-c, --config <file>', 'use this xlint.json instead of searching for one')
    .option('--rule <rule:severity>', "set a rule's severity over the config, e.g. --rule vif-mac-missing:off (off, info, warning, error; repeatable)", collect)
    .option('--no-inline-config', 'ignore # xlint-disable comments');
}

/** Adds `--stdin` and `--stdin-filename`. */
export function addStdinOptions(command: Command): Command {
  return command
    .optionsGroup('Input:')
    .option('--stdin', 'lint the text on standard input instead of files')
    .option('--stdin-filename <name>', 'with --stdin: the file name to report, to detect the format by and to pick config overrides by');
}

const LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];

/**
 * `--rule RULE:SEVERITY` values, by rule name (later flags win).
 *
 * @throws XlintError (usage) naming the flag, with the nearest rule name for a typo.
 */
export function parseRuleFlags(values: readonly string[], rules: readonly (Rule | EngineRule)[] = knownRules()): ReadonlyMap<string, RuleLevel> {
  const out = new Map<string, RuleLevel>();
  for (const value of values) {
    const colon = value.lastIndexOf(':');
    const name = (colon === -1 ? value : value.slice(0, colon)).trim();
    const level = colon === -1 ? '' : value.slice(colon + 1).trim().toLowerCase();
    if (colon === -1 || name === '' || level === '') {
      throw errors.usage(`--rule expects RULE:SEVERITY (got '${value}')`, 'for example: --rule vnc-exposed:warning or --rule SEC020:off');
    }
    const rule = rules.find((r) => r.name === name || r.id.toLowerCase() === name.toLowerCase());
    if (!rule) {
      const guess = nearest(name, rules.flatMap((r) => [r.name, r.id]));
      throw errors.usage(`--rule ${value}: unknown rule '${name}'`, `${guess ? `did you mean '${guess}'? ` : ''}\`xlint rules\` lists every rule`);
    }
    if (!(LEVELS as readonly string[]).includes(level)) {
      throw errors.usage(`--rule ${value}: the severity must be one of ${LEVELS.join(', ')} (got '${value.slice(colon + 1)}')`);
    }
    out.set(rule.name, level as RuleLevel);
  }
  return out;
}

/** The configuration with `--rule` severities over everything the config files say, overrides included; options stay. */
export function withRuleOverrides(config: ResolvedConfig, levels: ReadonlyMap<string, RuleLevel>): ResolvedConfig {
  if (levels.size === 0) return config;
  const settingForPath: ResolvedConfig['settingForPath'] = (rule, absolutePath) => {
    const setting = config.settingForPath(rule, absolutePath);
    const level = levels.get(rule.name);
    return level === undefined ? setting : { ...setting, severity: level };
  };
  return {
    ...config,
    settingForPath,
    settingFor: (rule, file) => settingForPath(rule, file ? file.absolutePath : null),
  };
}

/** The name standard input is reported under without `--stdin-filename`. */
export const STDIN_NAME = '<stdin>';

/**
 * Lints what the flags say: the paths (files, directories, globs), or with
 * `--stdin` the text on standard input, under `--stdin-filename` (relative to
 * the working directory) for the config search, overrides and format
 * detection. A `--stdin-filename` that the config ignores gives no findings.
 *
 * @throws XlintError for usage and config errors.
 */
export async function lintFromFlags(
  paths: readonly string[],
  flags: CommonLintFlags,
  io: CliIo,
  stream: { readonly keepParsed: false; readonly jobs?: Jobs },
): Promise<LintPathsRun<LintedFile>>;
export async function lintFromFlags(paths: readonly string[], flags: CommonLintFlags, io: CliIo): Promise<LintPathsRun>;
export async function lintFromFlags(
  paths: readonly string[],
  flags: CommonLintFlags,
  io: CliIo,
  stream?: { readonly keepParsed: false; readonly jobs?: Jobs },
): Promise<LintPathsRun | LintPathsRun<LintedFile>> {
  const levels = parseRuleFlags(flags.rule ?? []);
  const configure = (config: ResolvedConfig): ResolvedConfig => withRuleOverrides(config, levels);
  if (flags.stdinFilename !== undefined && !flags.stdin) {
    throw errors.usage('--stdin-filename names the text read with --stdin', 'add --stdin, or give the file as a path');
  }
  if (!flags.stdin) {
    const options: LintPathsOptions = {
      cwd: io.cwd,
      paths,
      inlineConfig: flags.inlineConfig,
      configure,
      ...(flags.config !== undefined ? { configFile: flags.config } : {}),
      ...(io.xenConfigDir !== undefined ? { xenConfigDir: io.xenConfigDir } : {}),
    };
    if (!stream) return lintPaths(options);
    const script = workerScript();
    const jobs = stream.jobs ?? 1;
    if (script === null || jobs === 1) return lintPaths({ ...options, keepParsed: false });
    const job = {
      cwd: io.cwd,
      paths,
      ruleFlags: flags.rule ?? [],
      inlineConfig: flags.inlineConfig,
      ...(flags.config !== undefined ? { configFile: flags.config } : {}),
      ...(io.xenConfigDir !== undefined ? { xenConfigDir: io.xenConfigDir } : {}),
    };
    // N threads asked for: this one and N - 1 workers, which start now, loading while this thread walks the tree.
    let pool = typeof jobs === 'number' ? new LintPool(script, job, jobs - 1) : null;
    try {
      return await lintPathsSplit(options, (candidates, input) => {
        const n = workersFor(jobs, candidates.length);
        if (n === 0) return null;
        pool ??= new LintPool(script, job, n - 1);
        // This thread lints chunks too; a chunk whose worker fails is linted here: the same findings, only slower.
        return pool.run(candidates, streamHosts(input), (share) => lintEach(share, input), true);
      });
    } finally {
      pool?.close();
    }
  }
  if (paths.length > 0) {
    throw errors.usage(`--stdin reads standard input: no paths as well (got ${paths.map((p) => `'${p}'`).join(', ')})`, 'use --stdin-filename NAME to name the text');
  }
  if (!io.readStdin) throw errors.usage('--stdin: standard input cannot be read here');
  const name = flags.stdinFilename ?? STDIN_NAME;
  if (flags.stdinFilename !== undefined && flags.stdinFilename.trim() === '') throw errors.usage('--stdin-filename needs a file name');
  const absolutePath = resolve(io.cwd, name);
  const config = configure(
    loadConfig({
      cwd: io.cwd,
      searchFrom: existsSync(dirname(absolutePath)) ? dirname(absolutePath) : io.cwd,
      ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    }),
  );
  const text = await io.readStdin();
  const shown = flags.stdinFilename === undefined ? STDIN_NAME : displayPath(absolutePath, io.cwd, isAbsolute(name));
  if (flags.stdinFilename !== undefined && config.isIgnored(absolutePath, false)) {
    return { files: [], findings: [], skipped: [], config, ignored: [shown] };
  }
  const run = lintFiles({
    files: [{ absolutePath, path: shown, explicit: true }],
    texts: new Map([[absolutePath, text]]),
    config,
    inlineConfig: flags.inlineConfig,
  });
  return { ...run, config, ignored: [] };
}
