import type { EngineRule } from '../engine/define-rule.js';
import type { JsonSchema, Rule, SharedSettings } from '../engine/types.js';
import type { HostDeclaration } from '../fleet/inventory-types.js';

/**
 * The JSON Schema of `xlint.json`, built from the rule registry so that every
 * rule and its options appear as soon as the rule is registered. The schema
 * and the ajv validator compiled from it are generated files
 * (`npm run generate`); test/config/schema.test.ts fails when they are stale.
 */

export const SEVERITIES = ['off', 'info', 'warning', 'error'] as const;
export const PRESETS = ['xlint:recommended', 'xlint:strict'] as const;
export type Preset = (typeof PRESETS)[number];

const stringList = (description: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string', minLength: 1 },
  description,
});

/**
 * `settings`: one entry per key of `SharedSettings`, so that adding a key to
 * the type without describing it here fails to compile.
 */
const SETTINGS_PROPERTIES: { readonly [K in keyof Required<SharedSettings>]: JsonSchema } = {
  sharedStorage: {
    type: 'object',
    additionalProperties: false,
    description: 'Storage every host of the pool reaches at the same path (used by the disk rules).',
    properties: {
      paths: stringList('Path prefixes of shared file systems and block devices: "/srv/nfs/", "/dev/disk/by-path/ip-".'),
      volumeGroups: stringList('LVM volume groups on shared storage (clustered LVM, a SAN LUN): "vg_san".'),
      scripts: stringList('Disk script prefixes that reach shared storage: "iscsi", "drbd", "rbd".'),
    },
  },
  migration: {
    type: 'object',
    additionalProperties: false,
    description: "Live migration between this repository's hosts.",
    properties: {
      peers: stringList('Host names or addresses allowed to migrate guests in (xend-relocation-hosts-allow).'),
      address: { type: 'string', description: "This host's address on the migration network (xend-relocation-address)." },
    },
  },
};

export const SETTINGS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Facts about the hosts and storage, shared by several rules.',
  properties: SETTINGS_PROPERTIES,
};

/** `hosts`: the pool's inventory (fleet mode). One entry per key of `HostDeclaration`. */
const HOST_PROPERTIES: { readonly [K in keyof Required<HostDeclaration>]: JsonSchema } = {
  name: { type: 'string', minLength: 1, description: 'The host name, as shown in findings and the migration matrix: "xen01".' },
  root: { type: 'string', minLength: 1, description: 'The directory of the host\'s tree (its /), relative to this file: "hosts/xen01".' },
  address: { type: 'string', minLength: 1, description: 'Its address on the migration network: what its peers\' xend-relocation-hosts-allow must admit.' },
  fqdn: { type: 'string', minLength: 1, description: 'Its fully qualified name, as its peers resolve its address.' },
  cpus: { type: 'integer', minimum: 1, description: 'Physical CPUs guests can run on.' },
  memory: { type: 'integer', minimum: 1, description: 'Memory available to guests, in MiB.' },
  xenVersion: { type: 'string', pattern: '^\\d+(\\.\\d+)*$', description: 'The Xen version it runs: "4.17".' },
  pool: { type: 'string', minLength: 1, description: 'Guests migrate between hosts of one pool only; hosts without a pool form one pool.' },
};

const HOSTS_SCHEMA: JsonSchema = {
  type: 'array',
  description: 'The hosts of the pool, each with its tree in the repository. Without it, hosts/NAME/etc/xen trees are detected.',
  items: { type: 'object', additionalProperties: false, required: ['name', 'root'], properties: HOST_PROPERTIES },
};

const NO_OPTIONS: JsonSchema = { type: 'object', maxProperties: 0, description: 'This rule has no options.' };

/** A rule's options schema as it is embedded: it must not refer outside itself. */
function embeddableOptions(rule: Rule | EngineRule): JsonSchema {
  if (!rule.options) return NO_OPTIONS;
  const text = JSON.stringify(rule.options.schema);
  if (/"\$(ref|id|defs|dynamicRef|anchor)"/.test(text)) {
    throw new Error(`rule ${rule.name}: its options schema uses $ref/$id/$defs; inline the definitions (the schema is embedded in xlint.json's)`);
  }
  return rule.options.schema;
}

function describeRule(rule: Rule | EngineRule): string {
  const strict = rule.strictOnly ? ' Only in xlint:strict by default.' : '';
  return `${rule.id} (${rule.category}, default ${rule.severity}): ${rule.description}.${strict}`;
}

/** `"warning"` or `["warning", { …options }]`; rules without options share one definition (a smaller validator). */
function ruleEntrySchema(rule: Rule | EngineRule | null, severityRef: string): JsonSchema {
  return {
    anyOf: [
      { $ref: severityRef },
      {
        type: 'array',
        prefixItems: [{ $ref: severityRef }, rule ? embeddableOptions(rule) : NO_OPTIONS],
        minItems: 1,
        items: false,
      },
    ],
  };
}

/** Builds the schema; `rules` are every rule config can name (registry rules and engine rules). */
export function buildConfigSchema(rules: readonly (Rule | EngineRule)[]): JsonSchema {
  const sorted = [...rules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const defs: Record<string, JsonSchema> = {
    severity: {
      enum: [...SEVERITIES],
      description: '"off" turns the rule off; otherwise the severity its findings get.',
    },
    settings: SETTINGS_SCHEMA,
  };
  defs['ruleWithoutOptions'] = ruleEntrySchema(null, '#/$defs/severity');
  const refOf = (rule: Rule | EngineRule): string => (rule.options ? `#/$defs/rule:${rule.name}` : '#/$defs/ruleWithoutOptions');
  const ruleProperties: Record<string, JsonSchema> = {};
  for (const rule of sorted) {
    if (rule.options) defs[`rule:${rule.name}`] = ruleEntrySchema(rule, '#/$defs/severity');
    ruleProperties[rule.name] = { $ref: refOf(rule), description: describeRule(rule) };
  }
  for (const rule of [...sorted].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    ruleProperties[rule.id] = { $ref: refOf(rule), description: `Same as "${rule.name}". ${describeRule(rule)}` };
  }
  defs['rules'] = {
    type: 'object',
    additionalProperties: false,
    description: 'Per rule (by name or id): "off", "info", "warning", "error", or [severity, options].',
    properties: ruleProperties,
  };
  defs['extendsEntry'] = {
    anyOf: [
      { enum: [...PRESETS] },
      {
        type: 'string',
        pattern: '^(?!xlint:)(?!/)\\S',
        description: 'A JSON file, relative to this one, inside the directory of the config xlint found.',
      },
    ],
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'xlint configuration (xlint.json)',
    description: 'Configuration for xlint, the Xen configuration linter.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema of this file, for editors.' },
      extends: {
        description: 'Presets and files this config builds on, in order; this file wins. Default: "xlint:recommended".',
        anyOf: [{ $ref: '#/$defs/extendsEntry' }, { type: 'array', items: { $ref: '#/$defs/extendsEntry' } }],
      },
      rules: { $ref: '#/$defs/rules' },
      ignorePatterns: stringList('gitignore-style patterns, relative to this file, of paths never linted (even when named on the command line).'),
      overrides: {
        type: 'array',
        description: 'Rules and settings for some paths; later entries win.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: { ...stringList('gitignore-style patterns, relative to this file.'), minItems: 1 },
            rules: { $ref: '#/$defs/rules' },
            settings: { $ref: '#/$defs/settings' },
          },
        },
      },
      settings: { $ref: '#/$defs/settings' },
      hosts: HOSTS_SCHEMA,
      requireSuppressionReason: {
        type: 'boolean',
        description: 'Every xlint-disable comment must give a reason ("-- why").',
      },
    },
    $defs: defs,
  };
}
