import type { CfgAssignment, CfgDocument } from '../grammar/cfg/index.js';
import { lexCfg } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { Fix, ReportDescriptor } from '../src/engine/types.js';
import { nameIndex, nearestIn, type Suggestion } from '../src/xen/nearest-name.js';
import { DOMU_KEYS, XL_CONF_KEYS, domUKey, xlConfKey, type XlKey } from '../src/xen/xl-keys.js';

/** Keys a typo is compared with: everything xl reads (xm-only keys are never suggested). */
const DOMU_CANDIDATES = nameIndex(DOMU_KEYS.filter((k) => k.status !== 'xm-only').map((k) => k.name));
const XL_CONF_CANDIDATES = nameIndex(XL_CONF_KEYS.map((k) => k.name));

export default defineRule({
  id: 'COR020',
  name: 'unknown-key',
  formats: ['cfg', 'xl-conf'],
  category: 'correctness',
  severity: 'error',
  fixable: 'unsafe',
  description: 'A key that xl does not read: a typo or a setting of the old xm toolstack, silently ignored',
  rationale:
    "xl looks up the keys it knows by name and never complains about the others (measured with `xl -N create`: `memroy = 512` gives no message at all), so a misspelt key starts the guest with the default instead of the value you wrote, and settings of the old xm toolstack (`vncconsole`, `cpu_cap`, `nics`, …) simply stop working after a move to xl. The keys xl knows are those of xl.cfg(5) for guests and xl.conf(5) for the host; xlint's catalogue also covers the keys Xen 4.17's xl reads without documenting them. The fix renames the key to the one suggestion when there is exactly one; it changes what xl does, so it is unsafe.",
  messages: {
    unknownSuggest: "'{key}' is not a setting xl reads ({manual}), so xl ignores it without a word: did you mean {suggestion}?",
    unknown: "'{key}' is not a setting xl reads ({manual}), so xl ignores it without a word: fix its name or remove it",
    xmOnly: "'{key}' ({summary}) is a setting of the old xm toolstack; xl never reads it: {advice}",
    elsewhere: "'{key}' is {where}, not {this} setting: xl ignores it here; {advice}",
  },
  docs: {
    bad: 'name = "web01"\nmemroy = 2048\nvncconsole = 1',
    good: 'name = "web01"\nmemory = 2048',
    references: ['xl.cfg(5)', 'xl.conf(5)', 'https://wiki.xenproject.org/wiki/Xen_Migration_From_XM_to_XL'],
  },
  check({ file, document, report }) {
    const format = file.format === 'xl-conf' ? 'xl-conf' : 'cfg';
    const lookup = format === 'cfg' ? domUKey : xlConfKey;
    const other = format === 'cfg' ? xlConfKey : domUKey;
    const candidates = format === 'cfg' ? DOMU_CANDIDATES : XL_CONF_CANDIDATES;
    const manual = format === 'cfg' ? 'xl.cfg(5)' : 'xl.conf(5)';
    // The keys set, made only for a file with a finding that may offer a rename.
    let keys: Set<string> | undefined;
    const present = (): ReadonlySet<string> => (keys ??= new Set(document.assignments.map((a) => a.key)));
    const pythonNames = pythonIdentifiers(document);
    // Made on the first key that needs them: most files have none.
    let suggestions: Map<string, Suggestion | null> | undefined;
    let typos: Array<{ a: CfgAssignment; suggestion: Suggestion }> | undefined;

    for (const a of document.assignments) {
      if (a.conditional || pythonNames.has(a.key)) continue;
      const known = lookup(a.key);
      if (known && known.status !== 'xm-only') continue;
      if (known) {
        reportXmOnly(a, known, present(), report);
        continue;
      }
      const there = other(a.key);
      if (there && there.status !== 'xm-only') {
        report({
          range: a.keyRange,
          messageId: 'elsewhere',
          key: a.key,
          data:
            format === 'cfg'
              ? { key: a.key, where: 'a host setting of xl.conf(5)', this: 'a guest', advice: 'set it in /etc/xen/xl.conf' }
              : { key: a.key, where: 'a guest setting of xl.cfg(5)', this: 'an xl.conf', advice: 'set it in each guest\'s config file' },
        });
        continue;
      }
      suggestions ??= new Map();
      let suggestion = suggestions.get(a.key);
      if (suggestion === undefined) {
        suggestion = nearestIn(candidates, a.key);
        suggestions.set(a.key, suggestion);
      }
      if (!suggestion) {
        report({ range: a.keyRange, messageId: 'unknown', key: a.key, data: { key: a.key, manual } });
        continue;
      }
      (typos ??= []).push({ a, suggestion });
    }

    // A rename is offered only when it cannot create a duplicate: the key is not set, and no other typo becomes it.
    if (typos === undefined) return;
    const targets = new Map<string, number>();
    for (const { suggestion } of typos) if (suggestion.unique) targets.set(suggestion.name, (targets.get(suggestion.name) ?? 0) + 1);
    for (const { a, suggestion } of typos) {
      const renamable = suggestion.unique && !present().has(suggestion.name) && targets.get(suggestion.name) === 1;
      report({
        range: a.keyRange,
        messageId: 'unknownSuggest',
        key: a.key,
        data: { key: a.key, manual, suggestion: suggestion.alternatives.map((n) => `'${n}'`).join(' or ') },
        fix: renamable ? rename(a, suggestion.name) : null,
      });
    }
  },
});

function reportXmOnly(
  a: CfgAssignment,
  known: XlKey,
  present: ReadonlySet<string>,
  report: (d: ReportDescriptor) => void,
): void {
  const target = known.replacement;
  report({
    range: a.keyRange,
    messageId: 'xmOnly',
    key: a.key,
    data: { key: a.key, summary: known.summary, advice: known.note ?? 'remove it' },
    fix: target && known.renameKeepsMeaning && !present.has(target) ? rename(a, target) : null,
  });
}

function rename(a: CfgAssignment, to: string): Fix {
  return {
    applicability: 'unsafe',
    title: `Rename '${a.key}' to '${to}'`,
    edits: [{ start: a.keyRange.start, end: a.keyRange.end, text: to }],
  };
}

/**
 * Names used by the Python statements of an old xm config (`vmid` in
 * `name = "vm%d" % vmid`): helper variables, not settings. The python-code
 * rule already asks for the whole file to be rewritten; reporting each
 * helper as an unknown key too would only repeat it.
 */
function pythonIdentifiers(document: CfgDocument): ReadonlySet<string> {
  let names: Set<string> | undefined;
  for (const s of document.statements) {
    if (s.kind !== 'python') continue;
    names ??= new Set();
    const { significant } = lexCfg(document.text.slice(s.range.start, s.range.end));
    for (const t of significant) {
      const type = t.tokenType.name;
      if (type === 'Identifier' || type === 'BadIdentifier') names.add(t.image);
    }
  }
  // No Python (nearly every file): one shared empty set, not one per file.
  return names ?? NO_NAMES;
}

const NO_NAMES: ReadonlySet<string> = new Set();
