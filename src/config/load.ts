import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { engineRules, rules as registryRules } from '../../rules/index.js';
import { relativeBelow } from '../discovery/glob.js';
import { readSource } from '../discovery/read.js';
import type { EngineRule } from '../engine/define-rule.js';
import type { Rule } from '../engine/types.js';
import { errors } from '../errors.js';
import { resolveLayers, type ConfigLayer, type ConfigObject, type ResolvedConfig } from './resolve.js';
import { buildConfigSchema, PRESETS, type Preset } from './schema.js';
import validate from './validate-config.generated.cjs';
import { describeValidationErrors, formatPath } from './validation-messages.js';

export const CONFIG_FILE_NAME = 'xlint.json';
/** A config file is a few kilobytes; anything near this is not one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Config files read for one run, through `extends`. */
export const MAX_CONFIG_FILES = 32;

export interface LoadOptions {
  /** For showing paths in errors, and resolving `configFile`. */
  readonly cwd: string;
  /** `--config FILE`: this file, and no search. */
  readonly configFile?: string;
  /** Where the search for `xlint.json` starts (the linted paths' common directory); defaults to `cwd`. */
  readonly searchFrom?: string;
  /** Every rule config can name; defaults to the registry and the engine rules. */
  readonly rules?: readonly (Rule | EngineRule)[];
}

const allRules = (): readonly (Rule | EngineRule)[] => [...registryRules, ...engineRules];

/**
 * The nearest `xlint.json` at or above `start` (a regular file; a directory
 * of that name is passed over), or null.
 */
export function findConfigFile(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    try {
      // Absent is the common case at every level: no exception for it (each costs ~0.15 ms).
      const stats = statSync(candidate, { throwIfNoEntry: false });
      if (stats !== undefined && !stats.isDirectory()) return candidate;
    } catch {
      // Unreachable: keep walking up.
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The configuration for a run: `--config FILE`, else the nearest
 * `xlint.json` above `searchFrom`, else the defaults (`xlint:recommended`).
 *
 * @throws XlintError for a missing, unreadable, malformed or invalid config.
 */
export function loadConfig(options: LoadOptions): ResolvedConfig {
  if (options.configFile !== undefined) {
    const file = resolve(options.cwd, options.configFile);
    try {
      statSync(file);
    } catch {
      throw errors.configNotFound(options.configFile);
    }
    return loadConfigFile(file, options, true);
  }
  const start = options.searchFrom ?? options.cwd;
  const found = findConfigFile(start);
  if (found === null) return defaultConfig(start, options.rules);
  return loadConfigFile(found, options, false);
}

/** The defaults: `xlint:recommended`, no settings, no ignore patterns. */
export function defaultConfig(directory: string, rules: readonly (Rule | EngineRule)[] = allRules()): ResolvedConfig {
  return resolveLayers([], rules, { file: null, directory, files: [] });
}

/**
 * One config file and everything it extends. `trusted` is true for a file the
 * user named with `--config`; a file found by searching must not be a link
 * to somewhere outside its own directory, since the repository being linted
 * controls it.
 */
export function loadConfigFile(file: string, options: Pick<LoadOptions, 'cwd' | 'rules'>, trusted = true): ResolvedConfig {
  const shown = displayPath(file, options.cwd);
  const directory = dirname(file);
  let rootReal: string;
  try {
    rootReal = realpathSync(directory);
  } catch (error) {
    throw errors.configUnreadable(shown, (error as Error).message);
  }
  if (!trusted) {
    const real = safeRealpath(file);
    if (real !== null && !isInside(rootReal, real)) throw errors.extendsOutside(shown, 'xlint.json', real, rootReal);
  }
  const data = readJson(file, shown);
  const context: Context = { cwd: options.cwd, rootReal, rules: options.rules ?? allRules(), files: [file], count: 1 };
  const layers = collectLayers(context, file, data, directory, [safeRealpath(file) ?? file]);
  return resolveLayers(layers, context.rules, { file, directory, files: context.files });
}

/**
 * A config given as data (tests, or a config from another source), validated
 * like a file; `extends` paths are relative to `directory` and stay inside it.
 */
export function configFromObject(
  data: unknown,
  directory: string,
  options: { readonly cwd?: string; readonly name?: string; readonly rules?: readonly (Rule | EngineRule)[] } = {},
): ResolvedConfig {
  const context: Context = {
    cwd: options.cwd ?? directory,
    rootReal: safeRealpath(directory) ?? directory,
    rules: options.rules ?? allRules(),
    files: [],
    count: 0,
  };
  const layers = collectLayers(context, null, data, directory, [], options.name ?? CONFIG_FILE_NAME);
  return resolveLayers(layers, context.rules, { file: null, directory, files: context.files });
}

interface Context {
  readonly cwd: string;
  /** The resolved directory of the top config: `extends` may not leave it. */
  readonly rootReal: string;
  readonly rules: readonly (Rule | EngineRule)[];
  readonly files: string[];
  count: number;
}

function collectLayers(
  context: Context,
  file: string | null,
  data: unknown,
  directory: string,
  stack: readonly string[],
  name?: string,
): ConfigLayer[] {
  const shown = file ? displayPath(file, context.cwd) : (name ?? CONFIG_FILE_NAME);
  const config = validated(data, shown, context.rules);
  const layers: ConfigLayer[] = [];
  const entries = config.extends === undefined ? [] : typeof config.extends === 'string' ? [config.extends] : config.extends;
  entries.forEach((entry, i) => {
    const where = typeof config.extends === 'string' ? 'extends' : `extends[${i}]`;
    if ((PRESETS as readonly string[]).includes(entry)) {
      layers.push({ preset: entry as Preset });
      return;
    }
    // The schema already refuses absolute paths; resolve() would honour one, so check again.
    if (isAbsolute(entry)) throw errors.extendsOutside(shown, where, entry, context.rootReal);
    const target = resolve(directory, entry);
    let real: string;
    try {
      real = realpathSync(target);
    } catch (error) {
      throw errors.extendsMissing(shown, where, entry, readReason(error));
    }
    if (!isInside(context.rootReal, real)) throw errors.extendsOutside(shown, where, entry, context.rootReal);
    if (stack.includes(real)) throw errors.extendsCycle(shown, where, entry);
    if (++context.count > MAX_CONFIG_FILES) throw errors.extendsTooDeep(shown, MAX_CONFIG_FILES);
    context.files.push(target);
    const json = readJson(target, displayPath(target, context.cwd), (reason) => errors.extendsMissing(shown, where, entry, reason));
    // Patterns in the extended file are relative to where it is, reached by the path as written (not through links).
    layers.push(...collectLayers(context, target, json, dirname(target), [...stack, real]));
  });
  layers.push({ file, directory, config });
  return layers;
}

function validated(data: unknown, shown: string, rules: readonly (Rule | EngineRule)[]): ConfigObject {
  const names = rules.flatMap((r) => [r.name, r.id]);
  if (!validate(data)) {
    const lines = describeValidationErrors(validate.errors ?? [], data, buildConfigSchema(rules), names);
    throw errors.configInvalid(shown, lines.length > 0 ? lines : ['does not match the xlint.json schema']);
  }
  const config = data as ConfigObject;
  const duplicates = [
    ...sameRuleTwice(config.rules, '/rules', rules),
    ...(config.overrides ?? []).flatMap((o, i) => sameRuleTwice(o.rules, `/overrides/${i}/rules`, rules)),
  ];
  if (duplicates.length > 0) throw errors.configInvalid(shown, duplicates);
  return config;
}

/** `"SEC001"` and `"relocation-hosts-unrestricted"` in one object: which should win is anyone's guess. */
function sameRuleTwice(entries: ConfigObject['rules'], pointer: string, rules: readonly (Rule | EngineRule)[]): string[] {
  if (!entries) return [];
  const out: string[] = [];
  for (const rule of rules) {
    if (Object.prototype.hasOwnProperty.call(entries, rule.name) && Object.prototype.hasOwnProperty.call(entries, rule.id)) {
      out.push(`${formatPath(`${pointer}/${rule.id}`)}: names the same rule as ${formatPath(`${pointer}/${rule.name}`)}: keep one`);
    }
  }
  return out;
}

function readJson(file: string, shown: string, missing?: (reason: string) => Error): unknown {
  const read = readSource(file, { maxBytes: MAX_CONFIG_BYTES });
  if (!read.ok) {
    const reason = read.message;
    throw missing ? missing(reason) : errors.configUnreadable(shown, reason);
  }
  const text = read.text.startsWith('\uFEFF') ? read.text.slice(1) : read.text;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const problem = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '').replace(/^JSON\.parse: /, '');
    if (!at) return fail(shown, '', problem);
    const offset = Number(at[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return fail(shown, `:${line}:${column}`, problem);
  }
}

function fail(shown: string, where: string, problem: string): never {
  throw errors.configJson(shown, where, problem === '' ? 'unexpected input' : problem);
}

function readReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

function safeRealpath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function isInside(root: string, path: string): boolean {
  return path === root || relativeBelow(root, path) !== null;
}

/** Relative to the working directory when below it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
