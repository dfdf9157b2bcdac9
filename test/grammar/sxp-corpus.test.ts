import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeBytes } from '../../grammar/shared/source-text.js';
import { parseSxp, type SxpNode } from '../../grammar/sxp/index.js';
import { detectFormat } from '../../src/discovery/detect.js';
import { corpusDir, hasShared, readJsonLines, sharedDir } from '../helpers/shared.js';

interface AugeasNode {
  label: string;
  value: string | null;
  children: AugeasNode[];
}
interface AugeasRecord {
  file: string;
  ok: boolean;
  tree: AugeasNode[] | null;
}

/**
 * Files where Augeas's Xendconfsxp lens and xend disagree, and xend is right.
 * (Augeas is an approximation; xend's own reader is the reference.)
 */
const AUGEAS_WRONG: Record<string, string> = {};

/** Corpus sxp files that are not xend-config.sxp: xlint skips them, so there is nothing to compare. */
const NOT_XEND_CONFIG: Record<string, string> = {
  'libvirt-sexpr2xmldata/sexpr2xml-pci-devs.sexpr': 'a domain S-expression (libvirt test data), not a xend config',
  'libvirt-sexpr2xmldata/sexpr2xml-pv-vfb-new.sexpr': 'a domain S-expression (libvirt test data), not a xend config',
};

function toAugeas(node: SxpNode): AugeasNode {
  if (node.kind === 'list') return { label: 'array', value: null, children: node.items.map(toAugeas) };
  return { label: 'item', value: node.raw, children: [] };
}

const records = hasShared ? readJsonLines<AugeasRecord>(join(sharedDir, 'corpus-expected/augeas-sxp.jsonl')) : [];

describe.skipIf(!hasShared)('xend-config.sxp parity with Augeas on ../shared/corpus (needs ../shared)', () => {
  test.each(records.map((r) => [r.file, r] as const))('%s', (file, record) => {
    const text = decodeBytes(readFileSync(join(corpusDir, file)));
    if (NOT_XEND_CONFIG[file]) {
      expect(detectFormat(file.replace(/@[^/]*$/, ''), text).format).not.toBe('sxp');
      return;
    }
    expect(detectFormat(file.replace(/@[^/]*$/, ''), text).format).toBe('sxp');
    const { document, problems } = parseSxp(text);
    if (AUGEAS_WRONG[file]) {
      expect(problems).toEqual([]);
      return;
    }
    expect(problems.length === 0).toBe(record.ok);
    if (!record.ok || !record.tree) return;
    const expected = record.tree.filter((n) => !n.label.startsWith('#'));
    const actual = document.items.map((item) => {
      if (item.kind !== 'list' || item.items[0]?.kind === 'list' || !item.items[0]) return toAugeas(item);
      return { label: item.items[0].raw, value: null, children: item.items.slice(1).map(toAugeas) };
    });
    expect(actual).toEqual(expected);
  });
});
