import { ruleDocUrl } from '../docs/urls.js';
import type { Finding } from '../engine/types.js';
import { groupByFile, isInternalError, plural, rulesById } from './report.js';
import type { FormatContext, LintResults } from './types.js';

/**
 * Text for XML 1.0: characters XML cannot carry at all (most C0 controls,
 * lone surrogates from bytes that were not UTF-8, U+FFFE/U+FFFF) are shown as
 * escapes; markup characters become entities. `attribute` also escapes quotes
 * and line breaks (which attribute normalisation would turn into spaces).
 */
export function xmlEscape(text: string, attribute = false): string {
  const safe = text.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => {
      const code = c.charCodeAt(0);
      if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16).padStart(2, '0')}`;
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    },
  );
  const escaped = safe.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (!attribute) return escaped.replace(/\r/g, '&#13;');
  return escaped.replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const attr = (name: string, value: string | number): string => `${name}="${xmlEscape(String(value), true)}"`;

interface Case {
  readonly name: string;
  readonly failure?: { readonly element: 'failure' | 'error'; readonly type: string; readonly message: string; readonly body: string };
}

/**
 * `--format junit`: JUnit XML for Jenkins and other CI. One test suite per
 * file, one test case per rule that reported in it (failed, every finding of
 * the rule in the body), and one passing case for a clean file. Internal
 * errors and unreadable files are `<error>`s, findings are `<failure>`s.
 */
export function formatJunit(results: LintResults, context: FormatContext): string {
  const byId = rulesById(context.rules);
  const suites = new Map<string, Case[]>();
  for (const f of results.files) suites.set(f.path, []);
  for (const [file, findings] of groupByFile(results.findings)) {
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) {
      const list = byRule.get(f.ruleId);
      if (list) list.push(f);
      else byRule.set(f.ruleId, [f]);
    }
    const cases: Case[] = [];
    for (const [ruleId, list] of [...byRule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const first = list[0] as Finding;
      const rule = byId.get(ruleId);
      const worst = list.some((f) => f.severity === 'error') ? 'error' : list.some((f) => f.severity === 'warning') ? 'warning' : 'info';
      const body = list.map((f) => `${f.file}:${f.loc.line}:${f.loc.column}: ${f.severity}: ${f.message}`);
      if (rule) body.push('', `${rule.description}. See ${ruleDocUrl(rule)}`);
      cases.push({
        name: `${first.ruleName} (${ruleId})`,
        failure: {
          element: list.some(isInternalError) ? 'error' : 'failure',
          type: worst,
          message: list.length === 1 ? first.message : plural(list.length, 'problem'),
          body: body.join('\n'),
        },
      });
    }
    suites.set(file, cases);
  }
  for (const u of results.unreadable) {
    suites.set(u.path, [{ name: 'read-error', failure: { element: 'error', type: 'error', message: `cannot read the file: ${u.reason}`, body: u.reason } }]);
  }

  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suiteXml: string[] = [];
  for (const file of [...suites.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const cases = suites.get(file) as Case[];
    if (cases.length === 0) cases.push({ name: 'xlint' });
    const f = cases.filter((c) => c.failure?.element === 'failure').length;
    const e = cases.filter((c) => c.failure?.element === 'error').length;
    tests += cases.length;
    failures += f;
    errors += e;
    const lines = [`  <testsuite ${attr('name', file)} ${attr('tests', cases.length)} ${attr('failures', f)} ${attr('errors', e)} skipped="0">`];
    for (const c of cases) {
      const open = `    <testcase ${attr('name', c.name)} ${attr('classname', file)} ${attr('file', file)}`;
      if (!c.failure) lines.push(`${open}/>`);
      else {
        lines.push(`${open}>`);
        lines.push(`      <${c.failure.element} ${attr('type', c.failure.type)} ${attr('message', c.failure.message)}>${xmlEscape(c.failure.body)}</${c.failure.element}>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
    for (const line of lines) suiteXml.push(line);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="xlint" ${attr('tests', tests)} ${attr('failures', failures)} ${attr('errors', errors)}>`,
    ...suiteXml,
    '</testsuites>',
    '',
  ].join('\n');
}
