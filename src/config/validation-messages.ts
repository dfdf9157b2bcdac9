import type { JsonSchema } from '../engine/types.js';
import { nearest } from './nearest.js';
import { PRESETS, SEVERITIES } from './schema.js';
import type { ValidationError } from './validator-types.js';

/*
 * ajv's errors, reworded for people: the JSON path (`rules.parse-error`,
 * `overrides[0].files`), the problem, and the value received; an unknown name
 * gets the nearest known one. A rule entry is `severity | [severity, options]`
 * and `extends` a preset or path or a list of them: for those, ajv reports
 * every branch that failed, so the message is chosen from the value instead.
 */

const SEVERITY_LIST = SEVERITIES.join(', ');
const RULE_ENTRY = /^(\/overrides\/\d+)?\/rules\/[^/]+$/;
const RULES_OBJECT = /^(\/overrides\/\d+)?\/rules$/;
const EXTENDS_ENTRY = /^\/extends(\/\d+)?$/;

/** `/overrides/0/rules/a~1b` → `overrides[0].rules["a/b"]`. */
export function formatPath(pointer: string): string {
  if (pointer === '') return '(top level)';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(key)) out += `[${key}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/**
 * The value received, short enough for one line. As JSON, but built only as
 * far as it is shown: JSON.stringify (and String, which recurses through
 * Array.prototype.join) overflows the stack on a value nested 100,000 deep,
 * and xlint.json comes from the repository being linted.
 */
export function formatValue(value: unknown): string {
  const text = preview(value, 0, { left: 61 });
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Nesting shown before `...` stands for the rest. */
const PREVIEW_DEPTH = 8;

function preview(value: unknown, depth: number, budget: { left: number }): string {
  if (budget.left <= 0) return '...';
  if (value !== null && typeof value === 'object') {
    if (depth >= PREVIEW_DEPTH) {
      budget.left -= 5;
      return Array.isArray(value) ? '[...]' : '{...}';
    }
    budget.left -= 2;
    const parts: string[] = [];
    if (Array.isArray(value)) {
      for (const item of value as readonly unknown[]) {
        if (budget.left <= 0) break;
        parts.push(preview(item ?? null, depth + 1, budget));
      }
      return `[${parts.join(',')}]`;
    }
    for (const [key, item] of Object.entries(value)) {
      if (budget.left <= 0) break;
      if (item === undefined) continue;
      const name = JSON.stringify(key);
      budget.left -= name.length + 1;
      parts.push(`${name}:${preview(item, depth + 1, budget)}`);
    }
    return `{${parts.join(',')}}`;
  }
  const text = typeof value === 'string' ? JSON.stringify(value.length > 80 ? value.slice(0, 80) : value) : (JSON.stringify(value) ?? String(value));
  budget.left -= text.length;
  return text;
}

function valueAt(data: unknown, pointer: string): unknown {
  let current = data;
  if (pointer === '') return current;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The schema node a schemaPath points into (`#/$defs/settings/properties/migration/additionalProperties` → its parent object). */
function schemaAt(schema: JsonSchema, schemaPath: string): Record<string, unknown> | undefined {
  let current: unknown = schema;
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current !== null && typeof current === 'object' ? (current as Record<string, unknown>) : undefined;
}

function parentOf(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  integer: 'a whole number',
  null: 'null',
};

function describeType(type: unknown): string {
  if (Array.isArray(type)) return type.map(describeType).join(' or ');
  return TYPE_WORDS[String(type)] ?? String(type);
}

function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = nearest(name, candidates);
  return suggestion ? ` (did you mean ${suggestion}?)` : '';
}

/**
 * One line per problem, in the order ajv found them, without repeats.
 * `schema` is the schema the validator was generated from (for the names an
 * unknown key could have meant); `ruleNames` every rule name and id.
 */
export function describeValidationErrors(
  errors: readonly ValidationError[],
  data: unknown,
  schema: JsonSchema,
  ruleNames: readonly string[],
): string[] {
  const lines: string[] = [];
  const done = new Set<string>();
  const push = (line: string): void => {
    if (!lines.includes(line)) lines.push(line);
  };
  for (const error of errors) {
    const entry = enclosing(error.instancePath, RULE_ENTRY);
    if (entry !== null) {
      if (!done.has(`rule:${entry}`)) {
        done.add(`rule:${entry}`);
        for (const line of ruleEntryProblems(entry, errors, data, schema)) push(line);
      }
      continue;
    }
    const ext = enclosing(error.instancePath, EXTENDS_ENTRY);
    if (ext !== null && error.keyword !== 'additionalProperties') {
      if (!done.has(`extends:${ext}`)) {
        done.add(`extends:${ext}`);
        push(extendsProblem(ext, errors, data));
      }
      continue;
    }
    const line = genericProblem(error, data, schema, ruleNames);
    if (line) push(line);
  }
  return lines;
}

/** The prefix of `pointer` that matches `pattern` (a rule entry, an extends entry), if any. */
function enclosing(pointer: string, pattern: RegExp): string | null {
  const parts = pointer.split('/');
  for (let n = parts.length; n > 1; n--) {
    const prefix = parts.slice(0, n).join('/');
    if (pattern.test(prefix)) return prefix;
  }
  return null;
}

function ruleEntryProblems(entry: string, errors: readonly ValidationError[], data: unknown, schema: JsonSchema): string[] {
  const value = valueAt(data, entry);
  const where = formatPath(entry);
  if (typeof value === 'string') return [`${where}: must be one of ${SEVERITY_LIST} (got ${formatValue(value)})`];
  if (!Array.isArray(value)) return [`${where}: must be a severity (${SEVERITY_LIST}) or [severity, options] (got ${formatValue(value)})`];
  if (value.length === 0) return [`${where}: must not be empty: give [severity] or [severity, options]`];
  if (value.length > 2) return [`${where}: must be [severity] or [severity, options] (got ${value.length} items)`];
  const out: string[] = [];
  for (const error of errors) {
    if (!error.instancePath.startsWith(`${entry}/`)) continue;
    if (error.instancePath === `${entry}/0`) {
      out.push(`${where}[0]: must be one of ${SEVERITY_LIST} (got ${formatValue(value[0])})`);
    } else if (error.keyword === 'maxProperties' && error.params['limit'] === 0) {
      out.push(`${formatPath(error.instancePath)}: ${entry.split('/').pop() as string} has no options (got ${formatValue(valueAt(data, error.instancePath))})`);
    } else {
      // ajv's schemaPath inside a rule entry is relative to the entry's definition ($ref).
      const line = genericProblem(error, data, ruleDefinition(schema, entry) ?? schema, [], 'option');
      if (line) out.push(line);
    }
  }
  return [...new Set(out)];
}

function ruleDefinition(schema: JsonSchema, entry: string): JsonSchema | undefined {
  const key = entry.split('/').pop() as string;
  const rules = schemaAt(schema, '#/$defs/rules/properties');
  const ref = (rules?.[key.replace(/~1/g, '/').replace(/~0/g, '~')] as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' ? schemaAt(schema, ref) : undefined;
}

function extendsProblem(entry: string, errors: readonly ValidationError[], data: unknown): string {
  const value = valueAt(data, entry);
  const where = formatPath(entry);
  if (entry === '/extends' && !Array.isArray(value) && typeof value !== 'string') {
    return `${where}: must be a preset (${PRESETS.join(', ')}), a relative path to a JSON file, or a list of them (got ${formatValue(value)})`;
  }
  if (Array.isArray(value)) {
    // The entries' own errors carry the detail.
    const inner = errors.find((e) => e.instancePath.startsWith(`${entry}/`));
    if (inner) return extendsProblem(enclosing(inner.instancePath, EXTENDS_ENTRY) as string, [], data);
  }
  const hint = typeof value === 'string' && value.startsWith('xlint:') ? didYouMean(value, PRESETS) : '';
  const absolute = typeof value === 'string' && value.startsWith('/') ? ': absolute paths are not allowed' : '';
  return `${where}: must be ${PRESETS.join(' or ')}, or a relative path to a JSON file${absolute} (got ${formatValue(value)})${hint}`;
}

function genericProblem(
  error: ValidationError,
  data: unknown,
  schema: JsonSchema,
  ruleNames: readonly string[],
  noun = 'key',
): string | null {
  const where = formatPath(error.instancePath);
  const value = valueAt(data, error.instancePath);
  const params = error.params;
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const at = formatPath(`${error.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (RULES_OBJECT.test(error.instancePath)) return `${at}: unknown rule${didYouMean(key, ruleNames)}`;
      const node = schemaAt(schema, parentOf(error.schemaPath));
      const known = Object.keys((node?.['properties'] as object | undefined) ?? {});
      const kind = error.instancePath.includes('/settings') ? 'setting' : noun;
      const suggestion = didYouMean(key, known);
      const list = suggestion === '' && known.length > 0 && known.length <= 8 ? ` (known: ${known.join(', ')})` : '';
      return `${at}: unknown ${kind}${suggestion}${list}`;
    }
    case 'required':
      return `${where}: missing required key "${String(params['missingProperty'])}"`;
    case 'type':
      return `${where}: must be ${describeType(params['type'])} (got ${formatValue(value)})`;
    case 'enum': {
      const allowed = Array.isArray(params['allowedValues']) ? (params['allowedValues'] as unknown[]).map(String) : [];
      return `${where}: must be one of ${allowed.join(', ')} (got ${formatValue(value)})`;
    }
    case 'const':
      return `${where}: must be ${formatValue(params['allowedValue'])} (got ${formatValue(value)})`;
    case 'minItems':
      return `${where}: must have at least ${String(params['limit'])} item${params['limit'] === 1 ? '' : 's'} (got ${formatValue(value)})`;
    case 'maxItems':
    case 'items':
      return `${where}: must have at most ${String(params['limit'])} item${params['limit'] === 1 ? '' : 's'} (got ${formatValue(value)})`;
    case 'minLength':
      return params['limit'] === 1 ? `${where}: must not be empty` : `${where}: must be at least ${String(params['limit'])} characters (got ${formatValue(value)})`;
    case 'maxLength':
      return `${where}: must be at most ${String(params['limit'])} characters (got ${formatValue(value)})`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const op = { minimum: '>=', maximum: '<=', exclusiveMinimum: '>', exclusiveMaximum: '<' }[error.keyword];
      return `${where}: must be ${op} ${String(params['limit'])} (got ${formatValue(value)})`;
    }
    case 'pattern':
      return `${where}: must match ${String(params['pattern'])} (got ${formatValue(value)})`;
    case 'uniqueItems':
      return `${where}: must not repeat items (items ${String(params['j'])} and ${String(params['i'])} are the same)`;
    case 'anyOf':
    case 'oneOf':
    case 'if':
      // The branches' own errors say what is wrong.
      return null;
    default:
      return `${where}: does not satisfy "${error.keyword}" (got ${formatValue(value)})`;
  }
}
