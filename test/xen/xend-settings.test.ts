import { describe, expect, it } from 'vitest';
import { parseSxp } from '../../grammar/sxp/index.js';
import { pythonInt, readXendSettings, relocationListening, sxpQuote, sxpValueRange } from '../../src/xen/xend.js';

const read = (text: string) => readXendSettings(parseSxp(text).document);

describe('readXendSettings', () => {
  it("uses xend's defaults for an empty file", () => {
    const s = read('');
    expect(s.relocationServer).toMatchObject({ value: false, isDefault: true, setting: null });
    expect(s.relocationPort.value).toBe(8002);
    expect(s.relocationSslPort.value).toBe(8003);
    expect(s.relocationAddress.value).toBe('');
    expect(s.relocationHostsAllow.value).toBe('');
    expect(s.xenApiServer.value).toEqual([]);
    expect(s.enableDom0Ballooning.value).toBe(false);
    expect(s.vncListen.value).toBe('127.0.0.1');
    expect(relocationListening(s)).toBe(false);
  });

  it('takes the first occurrence and keeps its node', () => {
    const text = "(xend-relocation-server yes)\n(xend-relocation-server no)\n(xend-relocation-hosts-allow '^a\\\\.b$')\n";
    const s = read(text);
    expect(s.relocationServer.value).toBe(true);
    expect(s.relocationServer.node?.range).toEqual({ start: 24, end: 27 });
    expect(s.relocationHostsAllow.value).toBe('^a\\.b$');
    expect(relocationListening(s)).toBe(true);
  });

  it('reads booleans and integers as xend does', () => {
    const s = read('(xend-relocation-server On)(xend-http-server maybe)(xend-relocation-port " 8005 ")(xend-port 80a)(dom0-min-mem 196)');
    expect(s.relocationServer.value).toBe(true);
    expect(s.httpServer).toMatchObject({ value: null, problem: 'expected bool (yes or no)' });
    expect(s.relocationPort.value).toBe(8005);
    expect(s.port).toMatchObject({ value: null, problem: 'expected int' });
    expect(s.enableDom0Ballooning).toMatchObject({ value: true, isDefault: true });
    expect(pythonInt('-3')).toBe(-3);
    expect(pythonInt('0x10')).toBeNull();
  });

  it('reads xen-api-server listeners; a missing auth method is none', () => {
    const s = read("(xen-api-server ((9363 pam '^localhost$' k.key k.crt) (127.0.0.1:9364) (unix none)))");
    expect(s.xenApiServer.value?.map((l) => [l.transport, l.host, l.port, l.auth, l.hostsAllowed, l.ssl])).toEqual([
      ['tcp', '', 9363, 'pam', '^localhost$', true],
      ['tcp', '127.0.0.1', 9364, 'none', null, false],
      ['unix', 'localhost', null, 'none', null, false],
    ]);
  });
});

describe('sxpValueRange and sxpQuote', () => {
  it('maps value offsets back through escapes', () => {
    const text = "(k '^a\\\\.b$')";
    const node = parseSxp(text).document.settings[0]?.value;
    if (!node) throw new Error('no value');
    // value is ^a\.b$ : characters 2..4 are `\.`, written `\\.` in the file
    const r = sxpValueRange(node, 2, 4);
    expect(text.slice(r.start, r.end)).toBe('\\\\.');
  });

  it('quotes so that xend reads the value back', () => {
    const q = sxpQuote("^a\\.b$ it's");
    expect(q).toBe("'^a\\\\.b$ it\\'s'");
    expect(parseSxp(`(k ${q})`).document.settings[0]?.value).toMatchObject({ value: "^a\\.b$ it's" });
  });
});
