import type { FileFormat } from '../discovery/detect.js';
import type { JsonSchema } from '../engine/types.js';
import type { AnyRule } from '../formatters/types.js';
import { FIX_COMMAND, UNSAFE_FIX_COMMAND } from '../formatters/report.js';
import { ruleDocUrl } from './urls.js';

/**
 * A rule's page as plain data, built from its metadata alone, so that
 * `xlint explain` (terminal), `docs/rules/<name>.md` and SARIF `help` say the
 * same thing. Inline text may hold `code spans` and nothing else of markdown.
 */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'code'; readonly language: string; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };

export interface RuleDoc {
  readonly id: string;
  readonly name: string;
  /** The rule's description, as a sentence. */
  readonly summary: string;
  readonly url: string;
  readonly blocks: readonly Block[];
}

const FORMAT_NAMES: Readonly<Record<FileFormat, string>> = {
  cfg: 'domU configs (xl.cfg(5), and xm ones)',
  'xl-conf': 'xl.conf(5)',
  sxp: 'xend-config.sxp',
  interfaces: 'network interfaces(5)',
  fstab: 'fstab(5)',
  exports: 'exports(5)',
  drbd: 'drbd.conf(5)',
  defaults: '/etc/default/xendomains and grub',
};

/** Code-fence language for a rule's examples. */
function exampleLanguage(rule: AnyRule): string {
  const formats = ruleFormats(rule);
  return formats.length > 0 && formats.every((f) => f === 'sxp') ? 'scheme' : 'cfg';
}

/** The formats a rule checks; engine findings apply to every format. */
export function ruleFormats(rule: AnyRule): readonly FileFormat[] {
  return rule.scope === 'engine' ? ['cfg', 'xl-conf', 'sxp'] : rule.formats;
}

export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** How a fix is applied, in a few words (tables, `xlint rules`). */
export function fixLabel(fixable: AnyRule['fixable']): string {
  if (fixable === 'safe') return 'safe';
  if (fixable === 'unsafe') return 'unsafe';
  return 'no';
}

export function presetLabel(rule: AnyRule): string {
  return rule.strictOnly ? 'strict' : 'recommended';
}

export function buildRuleDoc(rule: AnyRule): RuleDoc {
  const blocks: Block[] = [];
  blocks.push({ kind: 'paragraph', text: sentence(rule.description) });
  blocks.push({
    kind: 'table',
    header: ['Rule ID', 'Category', 'Default severity', 'Fix', 'Preset', 'Checks'],
    rows: [
      [
        `\`${rule.id}\``,
        rule.category,
        rule.severity,
        fixLabel(rule.fixable),
        rule.strictOnly ? '`xlint:strict` only' : '`xlint:recommended`',
        rule.scope === 'engine' ? 'every file (reported by the engine)' : ruleFormats(rule).map((f) => FORMAT_NAMES[f]).join(', '),
      ],
    ],
  });

  blocks.push({ kind: 'heading', text: 'Why' });
  blocks.push({ kind: 'paragraph', text: rule.rationale.trim() });

  const bad = rule.docs?.bad;
  const good = rule.docs?.good;
  if (bad !== undefined || good !== undefined) {
    blocks.push({ kind: 'heading', text: 'Example' });
    const language = exampleLanguage(rule);
    if (bad !== undefined) {
      blocks.push({ kind: 'paragraph', text: 'Problematic:' });
      blocks.push({ kind: 'code', language, text: bad });
    }
    if (good !== undefined) {
      blocks.push({ kind: 'paragraph', text: 'Corrected:' });
      blocks.push({ kind: 'code', language, text: good });
    }
  }

  blocks.push({ kind: 'heading', text: 'Fix' });
  blocks.push({ kind: 'paragraph', text: fixText(rule) });

  blocks.push({ kind: 'heading', text: 'Suppress' });
  blocks.push({ kind: 'paragraph', text: 'For one line, with a reason, in a comment on the line above (or at the end of the line, with `xlint-disable-line`):' });
  blocks.push({ kind: 'code', language: exampleLanguage(rule), text: `# xlint-disable-next-line ${rule.name} -- why this is acceptable here` });
  blocks.push({ kind: 'paragraph', text: 'For a whole project or path, in `xlint.json` (the rule id works too):' });
  blocks.push({ kind: 'code', language: 'json', text: `{ "rules": { "${rule.name}": "off" } }` });
  blocks.push({
    kind: 'paragraph',
    text: 'To accept the findings a repository already has and see only new ones, record them with `xlint baseline` and lint with `--baseline xlint-baseline.json`.',
  });

  blocks.push({ kind: 'heading', text: 'Options' });
  const options = optionRows(rule);
  if (options.length === 0) blocks.push({ kind: 'paragraph', text: 'None.' });
  else {
    blocks.push({ kind: 'table', header: ['Option', 'Type', 'Default', 'Description'], rows: options });
    blocks.push({
      kind: 'paragraph',
      text: `Set them in \`xlint.json\`: \`{ "rules": { "${rule.name}": ["${rule.severity}", { ${options
        .map((row) => `"${stripTicks(row[0] as string)}": ${stripTicks(row[2] as string)}`)
        .join(', ')} }] } }\`.`,
    });
  }

  const references = rule.docs?.references ?? [];
  if (references.length > 0) {
    blocks.push({ kind: 'heading', text: 'References' });
    blocks.push({ kind: 'list', items: references });
  }

  return { id: rule.id, name: rule.name, summary: sentence(rule.description), url: ruleDocUrl(rule), blocks };
}

function fixText(rule: AnyRule): string {
  if (rule.fixable === 'safe') {
    return `\`xlint ${FIX_COMMAND}\` fixes it. The fix is safe: it changes only the text at fault and cannot change what Xen does beyond what the finding asks for.`;
  }
  if (rule.fixable === 'unsafe') {
    return `\`xlint ${UNSAFE_FIX_COMMAND}\` fixes it. The fix is unsafe: it can change what Xen does (or who can reach the host), so \`${FIX_COMMAND}\` alone never applies it. Review the change before it reaches a host. Where the intent is certain, a finding may carry a safe fix instead.`;
  }
  return 'No automatic fix: the right change depends on the host and the guest. The message says what to change.';
}

function stripTicks(text: string): string {
  return text.replace(/^`|`$/g, '');
}

function optionRows(rule: AnyRule): string[][] {
  if (!rule.options) return [];
  const properties = (rule.options.schema['properties'] ?? {}) as Readonly<Record<string, JsonSchema>>;
  const defaults = (rule.options.defaults ?? {}) as Readonly<Record<string, unknown>>;
  return Object.keys(properties)
    .sort()
    .map((name) => {
      const schema = properties[name] ?? {};
      const description = typeof schema['description'] === 'string' ? schema['description'] : '';
      return [`\`${name}\``, schemaType(schema), `\`${JSON.stringify(defaults[name] ?? null)}\``, description];
    });
}

/** A short type for a JSON Schema: `string`, `string[]`, `"a" | "b"`, `integer ≥ 0`. */
export function schemaType(schema: JsonSchema): string {
  const values = schema['enum'];
  if (Array.isArray(values)) return values.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  const type = schema['type'];
  if (type === 'array') {
    const items = schema['items'];
    return items && typeof items === 'object' && !Array.isArray(items) ? `${schemaType(items as JsonSchema)}[]` : 'array';
  }
  if (Array.isArray(type)) return type.join(' | ');
  if (typeof type === 'string') {
    const min = schema['minimum'];
    const max = schema['maximum'];
    if (typeof min === 'number' && typeof max === 'number') return `${type} (${min}–${max})`;
    if (typeof min === 'number') return `${type} ≥ ${min}`;
    if (typeof max === 'number') return `${type} ≤ ${max}`;
    return type;
  }
  return 'any';
}
