/**
 * A small, strict XML 1.0 well-formedness checker (no DTDs): enough to prove
 * that the JUnit report parses in any conforming XML parser, and to read it
 * back. Throws XmlError with the offset of the first problem.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

export class XmlError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
  }
}

const NAME = /[A-Za-z_:][A-Za-z0-9._:-]*/y;
const SPACE = /[ \t\r\n]+/y;

/** XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

export function parseXml(text: string): XmlElement {
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) as number;
    if (!isXmlChar(code) || (code >= 0xd800 && code <= 0xdfff)) throw new XmlError(`character U+${code.toString(16)} is not allowed in XML`, i);
    i += code > 0xffff ? 2 : 1;
  }
  let pos = 0;

  const fail = (message: string): never => {
    throw new XmlError(message, pos);
  };
  const match = (re: RegExp): string | null => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return null;
    pos += m[0].length;
    return m[0];
  };
  const skipSpace = (): boolean => match(SPACE) !== null;
  const expect = (literal: string): void => {
    if (!text.startsWith(literal, pos)) fail(`expected '${literal}'`);
    pos += literal.length;
  };
  const name = (): string => match(NAME) ?? fail('expected a name');

  const reference = (): string => {
    // At '&'.
    const end = text.indexOf(';', pos);
    if (end === -1) fail("'&' without ';'");
    const body = text.slice(pos + 1, end);
    let value: string;
    if (/^#[0-9]+$/.test(body) || /^#x[0-9A-Fa-f]+$/.test(body)) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!isXmlChar(code)) fail(`character reference &${body}; is not an XML character`);
      value = String.fromCodePoint(code);
    } else {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      const v = named[body];
      if (v === undefined) fail(`unknown entity &${body};`);
      value = v as string;
    }
    pos = end + 1;
    return value;
  };

  const misc = (): void => {
    for (;;) {
      if (skipSpace()) continue;
      if (text.startsWith('<!--', pos)) comment();
      else if (text.startsWith('<?', pos) && !text.startsWith('<?xml ', pos)) pi();
      else return;
    }
  };
  const comment = (): void => {
    const end = text.indexOf('-->', pos + 4);
    if (end === -1) fail('unterminated comment');
    if (text.slice(pos + 4, end).includes('--')) fail("'--' inside a comment");
    pos = end + 3;
  };
  const pi = (): void => {
    const end = text.indexOf('?>', pos);
    if (end === -1) fail('unterminated processing instruction');
    pos = end + 2;
  };

  const attributeValue = (): string => {
    const quote = text[pos];
    if (quote !== '"' && quote !== "'") fail('attribute value must be quoted');
    pos++;
    let value = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined) fail('unterminated attribute value');
      if (c === quote) break;
      if (c === '<') fail("'<' in an attribute value");
      if (c === '&') value += reference();
      else {
        // Attribute-value normalisation: white space characters become spaces.
        value += c === '\t' || c === '\n' || c === '\r' ? ' ' : c;
        pos++;
      }
    }
    pos++;
    return value;
  };

  const element = (): XmlElement => {
    expect('<');
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaced = skipSpace();
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return { name: tag, attributes, children: [] };
      }
      if (text[pos] === '>') {
        pos++;
        break;
      }
      if (!spaced) fail('expected white space before an attribute');
      const attr = name();
      if (attr in attributes) fail(`duplicate attribute '${attr}'`);
      skipSpace();
      expect('=');
      skipSpace();
      attributes[attr] = attributeValue();
    }
    const children: (XmlElement | string)[] = [];
    let textRun = '';
    for (;;) {
      const c = text[pos];
      if (c === undefined) fail(`unclosed element <${tag}>`);
      if (text.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        skipSpace();
        expect('>');
        if (textRun) children.push(textRun);
        return { name: tag, attributes, children };
      }
      if (text.startsWith('<!--', pos)) comment();
      else if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos);
        if (end === -1) fail('unterminated CDATA section');
        textRun += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text.startsWith('<?', pos)) pi();
      else if (c === '<') {
        if (textRun) children.push(textRun);
        textRun = '';
        children.push(element());
      } else if (c === '&') textRun += reference();
      else {
        if (text.startsWith(']]>', pos)) fail("']]>' in character data");
        textRun += c;
        pos++;
      }
    }
  };

  if (text.startsWith('<?xml', pos)) {
    const end = text.indexOf('?>', pos);
    if (end === -1) fail('unterminated XML declaration');
    const decl = text.slice(pos, end + 2);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/.test(decl)) {
      fail('malformed XML declaration');
    }
    pos = end + 2;
  }
  misc();
  if (text.startsWith('<!DOCTYPE', pos)) fail('DOCTYPE is not supported');
  if (text[pos] !== '<') fail('expected the root element');
  const root = element();
  misc();
  if (pos !== text.length) fail('content after the root element');
  return root;
}

/** Every descendant element with this name, in document order. */
export function elements(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.name === name) out.push(e);
    for (const c of e.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
  return out;
}

export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
