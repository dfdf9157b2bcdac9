import { describe, expect, test } from 'vitest';
import { parseSxp, effectiveSxpSettings } from '../../grammar/sxp/index.js';

/*
 * How xend's own reader (xen.xend.sxp, Python 2) reads xend-config.sxp, one
 * behaviour per case. Where Augeas's Xendconfsxp lens disagrees (see
 * ../shared/oracle/README.md) xend is the reference: it is what ran.
 */
interface Case {
  name: string;
  input: string;
  settings?: Record<string, unknown>;
  code?: string;
}

const CASES: Case[] = [
  { name: 'a setting', input: '(xend-relocation-port 8002)\n', settings: { 'xend-relocation-port': '8002' } },
  { name: 'no final newline', input: '(loglevel INFO)', settings: { loglevel: 'INFO' } },
  { name: 'empty file', input: '', settings: {} },
  { name: 'single-quoted empty string', input: "(xend-relocation-address '')\n", settings: { 'xend-relocation-address': '' } },
  { name: 'double-quoted string with spaces', input: '(network-script "network-bridge netdev=eth0")\n', settings: { 'network-script': 'network-bridge netdev=eth0' } },
  { name: '\\\\ in a string is one backslash', input: "(xend-relocation-hosts-allow '^a\\\\.b$')\n", settings: { 'xend-relocation-hosts-allow': '^a\\.b$' } },
  { name: 'an unknown escape keeps the backslash and drops the character', input: "(xend-relocation-hosts-allow '^a\\.b$')\n", settings: { 'xend-relocation-hosts-allow': '^a\\b$' } },
  { name: 'hex and octal escapes', input: '(keymap "\\x41\\102\\7")\n', settings: { keymap: 'AB\x07' } },
  { name: 'a bad hex escape', input: '(keymap "\\x4")\n', code: 'bad-escape' },
  { name: 'an octal escape above \\377', input: '(keymap "\\400")\n', code: 'bad-escape' },
  { name: 'three values: xend takes the first (Augeas rejects)', input: '(vif-script vif-bridge bridge=xenbr0)\n', settings: { 'vif-script': 'vif-bridge' } },
  { name: '= and : in atoms (Augeas rejects)', input: '(network-script network-bridge netdev=eth0)\n(xend-address ::1)\n', settings: { 'network-script': 'network-bridge', 'xend-address': '::1' } },
  { name: 'an empty list (Augeas rejects)', input: '(xen-api-server ())\n', settings: { 'xen-api-server': [] } },
  { name: 'nested lists', input: "(xen-api-server ((9363 pam '^localhost$') (unix none)))\n", settings: { 'xen-api-server': [['9363', 'pam', '^localhost$'], ['unix', 'none']] } },
  { name: 'the first of a repeated key wins', input: '(dom0-min-mem 512)\n(dom0-min-mem 1024)\n', settings: { 'dom0-min-mem': '512' } },
  { name: 'case is kept', input: '(Key Value)\n', settings: { Key: 'Value' } },
  { name: 'two forms on a line', input: '(a 1)(b 2)\n', settings: { a: '1', b: '2' } },
  { name: 'a comment after a form (Augeas rejects)', input: '(loglevel INFO) # quiet\n', settings: { loglevel: 'INFO' } },
  { name: 'a comment inside a form (Augeas rejects)', input: '(xen-api-server # which\n ((unix none)))\n', settings: { 'xen-api-server': [['unix', 'none']] } },
  { name: '# ends an atom', input: '(loglevel INFO#x\n)\n', settings: { loglevel: 'INFO' } },
  { name: 'a comment on the last line without newline', input: '(loglevel INFO)\n# end', settings: { loglevel: 'INFO' } },
  { name: 'CRLF line endings are white space to xend (Augeas rejects)', input: '(loglevel INFO)\r\n', settings: { loglevel: 'INFO' } },
  { name: 'quotes inside an atom', input: "(keymap en'us)\n", settings: { keymap: "en'us" } },
  { name: 'a string spanning lines', input: '(keymap "a\nb")\n', settings: { keymap: 'a\nb' } },
  { name: 'top-level atoms are read and ignored', input: 'stray (loglevel INFO)\n', settings: { loglevel: 'INFO' } },
  { name: 'a (key) without value', input: '(vncpasswd)\n', settings: { vncpasswd: null } },
  { name: 'a form that is never closed', input: '(loglevel INFO\n(logfile /var/log/xen/xend.log)\n', code: 'unbalanced-paren' },
  { name: 'a stray )', input: '(loglevel INFO))\n', code: 'unbalanced-paren' },
  { name: 'an unterminated string', input: "(vncpasswd 'secret)\n", code: 'unterminated-string' },
  { name: 'non-ASCII outside quotes', input: '(keymap café)\n', settings: { keymap: 'café' } },
  { name: 'non-ASCII starting a value', input: '(keymap é)\n', code: 'lexical' },
  { name: 'a control character', input: '(keymap \u0001)\n', code: 'lexical' },
  { name: 'a byte-order mark', input: '\ufeff(loglevel INFO)\n', code: 'bom' },
];

describe('xend sxp reader quirks', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { document, problems } = parseSxp(c.input);
    if (c.settings) {
      expect(problems).toEqual([]);
      expect(effectiveSxpSettings(document)).toEqual(c.settings);
    } else {
      expect(problems.map((p) => p.code)).toContain(c.code);
    }
  });

  test('an unclosed form costs one setting, not the file; the error points at its (', () => {
    const text = '(loglevel INFO)\n(xend-relocation-server yes\n(xend-relocation-port 8002)\n';
    const { document, problems } = parseSxp(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.range).toEqual({ start: 16, end: 17 });
    expect(effectiveSxpSettings(document)).toEqual({ loglevel: 'INFO', 'xend-relocation-server': 'yes', 'xend-relocation-port': '8002' });
    expect(document.settings.find((s) => s.key === 'xend-relocation-server')?.recovered).toBe(true);
  });

  test('EOT (0x04) ends xend\'s input: what follows is ignored, and recorded', () => {
    const { document, problems } = parseSxp('(loglevel INFO)\n\u0004\n(xend-relocation-server yes)\n');
    expect(problems).toEqual([]);
    expect(document.endOfText).toEqual({ start: 16, end: 17 });
    expect(effectiveSxpSettings(document)).toEqual({ loglevel: 'INFO' });
  });

  test('a form left open by a file that ends inside an atom is dropped by xend, and recorded', () => {
    const { document, problems } = parseSxp('(loglevel INFO)\n(xend-relocation-server yes');
    expect(problems).toEqual([]);
    expect(document.droppedAtEnd).toEqual([{ start: 16, end: 43 }]);
    expect(effectiveSxpSettings(document)).toEqual({ loglevel: 'INFO' });
  });

  test('100,000 nested forms parse without recursion', () => {
    const n = 100_000;
    const { document, problems } = parseSxp(`(deep ${'('.repeat(n)}${')'.repeat(n)})\n`);
    expect(problems).toEqual([]);
    expect(document.settings[0]?.key).toBe('deep');
  });
});
