import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { effectiveSettings, parseCfg } from '../../grammar/cfg/index.js';
import { decodeBytes } from '../../grammar/shared/source-text.js';
import { libxlutilVerdicts } from '../helpers/oracle.js';
import { makeRandom } from '../helpers/random.js';
import { corpusDir, hasShared, oracleDir } from '../helpers/shared.js';

/*
 * Differential tests: xlint's cfg parser against libxlutil itself, on inputs
 * generated here (deterministic seeds). Every input must get the same
 * verdict, and the same values when accepted. Runs when the oracle is built
 * (XLINT_ORACLE_DIR, or ../shared/oracle after its setup.sh).
 */

const FRAGMENTS = [
  'name', 'memory', 'vif', 'disk', 'a.b2', 'x_1', '=', '+=', ' = ', ' += ', '"g1"', "'g1'", '"a b"', '""', "''",
  '"a\\"b"', "'it\\'s'", '"a\\nb\\tc\\\\d"', '"a\\101b"', '"a\\1234b"', '"a\\1b"', '"a\\0b"', '"a\\12b"', '"a\\1 2b"',
  '"a\\x41b"', '"a\\qb"', '"a\\8"', '"a#b"', '"a\tb"', '"a\rb"', '"g\u00fcest"', '"caf\u00e9"',
  '512', '0x200', '010', '1e3', '12abc', '0X1F', '99999999999999999999', '1', '2',
  '[', ']', ',', ' ', '\t', '\n', '\n', '\n', ';', '# c', '#x', '\r\n', '\r', '\f', '\\', '-', '+', '(', ')', ':', '.',
  '%', '"""x"""', 'Name', 'cpu-weight', '_x', 'True', 'destroy', 'M', 'm', '\u00e4', '{', '}', "'unterminated", '"a\\',
];

function randomInput(seed: number): string {
  const r = makeRandom(seed);
  const statements = 1 + r.int(3);
  let out = '';
  for (let s = 0; s < statements; s++) {
    if (r.next() < 0.85) {
      // mostly well-formed statements, so that acceptance is exercised too
      out += r.pick(['name', 'memory', 'vif', 'l', 'extra', 'x.y']) + r.pick([' = ', '=', ' += ']);
      out += randomValue(r, 0) + r.pick(['\n', '\n', ';', ' # c\n', '\n\n', '']);
    } else {
      const n = 1 + r.int(8);
      for (let k = 0; k < n; k++) out += r.pick(FRAGMENTS);
    }
  }
  return out;
}

function randomValue(r: ReturnType<typeof makeRandom>, depth: number): string {
  const roll = r.next();
  if (roll < 0.35 || depth > 3) return r.pick(['"a"', "'b'", '512', '0x10', '"x\\ty"', '"a\\101b"', '1e3', '""']);
  if (roll < 0.45) return r.pick(FRAGMENTS);
  const items = r.int(4);
  let s = '[' + r.pick(['', ' ', '\n', ' # c\n']);
  for (let i = 0; i < items; i++) {
    s += randomValue(r, depth + 1) + r.pick(['', ' ', '\n']);
    if (i < items - 1 || r.next() < 0.3) s += ',' + r.pick(['', ' ', '\n', '\n # c\n']);
  }
  return s + r.pick([']', ']', ']', ',]', '']);
}

/** Token-level damage to a real file: delete, duplicate or swap lines and characters. */
function mutate(text: string, seed: number): string {
  const r = makeRandom(seed);
  let s = text;
  const edits = 1 + r.int(3);
  for (let e = 0; e < edits; e++) {
    const at = r.int(s.length + 1);
    const op = r.int(5);
    if (op === 0) s = s.slice(0, at) + s.slice(at + 1 + r.int(8));
    else if (op === 1) s = s.slice(0, at) + r.pick(FRAGMENTS) + s.slice(at);
    else if (op === 2) s = s.slice(0, at);
    else if (op === 3) {
      const lines = s.split('\n');
      const i = r.int(lines.length);
      lines.splice(i, 0, lines[r.int(lines.length)] as string);
      s = lines.join('\n');
    } else s = s.slice(0, at) + s.slice(at, at + 20).split('').reverse().join('') + s.slice(at + 20);
  }
  return s.replace(/\0/g, '');
}

function compare(inputs: string[]): string[] {
  const verdicts = libxlutilVerdicts(inputs.map((s) => Buffer.from(s, 'utf8')));
  const mismatches: string[] = [];
  inputs.forEach((input, i) => {
    const oracle = verdicts[i];
    const { document, problems } = parseCfg(decodeBytes(Buffer.from(input, 'utf8')));
    const ok = problems.length === 0;
    if (!oracle) return;
    if (ok !== oracle.ok) {
      mismatches.push(`${JSON.stringify(input)}: libxlutil ${oracle.ok ? 'accepts' : 'rejects'} (${oracle.errors[0]?.message ?? ''}), xlint ${ok ? 'accepts' : `rejects (${problems[0]?.message})`}`);
    } else if (ok && JSON.stringify(effectiveSettings(document)) !== JSON.stringify(oracle.settings)) {
      mismatches.push(`${JSON.stringify(input)}: values differ: libxlutil ${JSON.stringify(oracle.settings)}, xlint ${JSON.stringify(effectiveSettings(document))}`);
    }
  });
  return mismatches;
}

describe.skipIf(!oracleDir)('cfg parser vs libxlutil (needs the oracle: XLINT_ORACLE_DIR)', () => {
  test('6,000 generated inputs get the same verdict and values', () => {
    const inputs = Array.from({ length: 6000 }, (_, i) => randomInput(i + 1));
    const mismatches = compare(inputs);
    expect(mismatches.slice(0, 20)).toEqual([]);
    // both verdicts must be well represented, or the test proves little
    const accepted = inputs.filter((s) => parseCfg(s).problems.length === 0).length;
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(5000);
  });

  test.skipIf(!hasShared)('mutations of every corpus file get the same verdict and values', () => {
    const files = readdirSync(corpusDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.endsWith('.md'))
      .map((d) => readFileSync(join(d.parentPath, d.name), 'latin1'));
    const inputs: string[] = [];
    files.forEach((text, f) => {
      for (let k = 0; k < 40; k++) inputs.push(mutate(text, f * 1000 + k));
    });
    expect(compare(inputs).slice(0, 20)).toEqual([]);
  });
});
