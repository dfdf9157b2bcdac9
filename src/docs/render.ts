import { displayWidth, padEnd, styles } from '../formatters/text.js';
import type { Block, RuleDoc } from './rule-doc.js';

/** A rule's page as GitHub-flavoured markdown (`docs/rules/<name>.md`, SARIF `help.markdown`). */
export function renderMarkdown(doc: RuleDoc): string {
  const out: string[] = [`# ${doc.name}`];
  for (const block of doc.blocks) out.push(markdownBlock(block));
  return `${out.join('\n\n')}\n`;
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `## ${escapeInline(block.text)}`;
    case 'paragraph':
      return escapeInline(block.text);
    case 'code': {
      const longest = Math.max(0, ...[...block.text.matchAll(/`+/g)].map((m) => m[0].length));
      const fence = '`'.repeat(Math.max(3, longest + 1));
      return `${fence}${block.language}\n${block.text.replace(/\n$/, '')}\n${fence}`;
    }
    case 'list':
      return block.items.map((item) => `- ${/^https?:\/\/\S+$/.test(item) ? `<${item}>` : escapeInline(item)}`).join('\n');
    case 'table': {
      const cell = (text: string): string => escapeInline(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
      const lines = [
        `| ${block.header.map(cell).join(' | ')} |`,
        `| ${block.header.map(() => '---').join(' | ')} |`,
        ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ];
      return lines.join('\n');
    }
  }
}

/**
 * Markdown special characters outside `code spans` are escaped, so that text
 * written for both renderings (rationales cite `xl.cfg(5)`, say `<path>` or
 * `*`) shows as written. Code spans stay as they are.
 */
export function escapeInline(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/[\\*[\]_]/g, (c) => `\\${c}`)
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/^(\s*)([#+-]|\d+\.)(\s)/gm, '$1\\$2$3'),
    )
    .join('');
}

export interface TerminalOptions {
  readonly color?: boolean;
  /** Wrap paragraphs at this many columns (default 80). */
  readonly width?: number;
}

/** A rule's page for the terminal (`xlint explain`, SARIF `help.text`). */
export function renderTerminal(doc: RuleDoc, options: TerminalOptions = {}): string {
  const s = styles(options.color ?? false);
  const width = Math.max(40, options.width ?? 80);
  const out: string[] = [`${s.bold(doc.name)} (${doc.id})`];
  let previous: Block | null = null;
  for (const block of doc.blocks) {
    // A blank line between blocks, except under a heading and between "Example:" and its code.
    const tight = previous === null || previous.kind === 'heading' || (block.kind === 'code' && previous.kind === 'paragraph');
    if (!tight || block.kind === 'heading') out.push('');
    previous = block;
    switch (block.kind) {
      case 'heading':
        out.push(s.bold(block.text.toUpperCase()));
        break;
      case 'paragraph':
        out.push(...wrap(block.text, width - 2).map((l) => `  ${l}`));
        break;
      case 'code':
        out.push(...block.text.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : `    ${l}`)));
        break;
      case 'list':
        for (const item of block.items) {
          const [first = '', ...rest] = wrap(item, width - 4);
          out.push(`  - ${first}`, ...rest.map((l) => `    ${l}`));
        }
        break;
      case 'table':
        out.push(...terminalTable(block.header, block.rows));
        break;
    }
  }
  out.push('', `${s.bold('DOCS')}`, `  ${doc.url}`);
  return `${out.join('\n')}\n`;
}

function terminalTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const plain = (t: string): string => t.replace(/`([^`]*)`/g, '$1');
  if (rows.length === 1) {
    // One row reads better as "label: value" lines.
    const row = rows[0] as readonly string[];
    const labelWidth = Math.max(...header.map((h) => displayWidth(h))) + 1;
    return header.map((h, i) => `  ${padEnd(`${h}:`, labelWidth)} ${plain(row[i] ?? '')}`);
  }
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(plain(r[i] ?? '')))));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? plain(c) : padEnd(plain(c), widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Word-wraps text to `width` columns; long words and `code spans` are never split. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraphLine of text.split('\n')) {
    let line = '';
    for (const word of words(paragraphLine)) {
      if (line === '') line = word;
      else if (displayWidth(line) + 1 + displayWidth(word) <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Splits at spaces outside code spans. */
function words(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let inCode = false;
  for (const ch of text) {
    if (ch === '`') inCode = !inCode;
    if (ch === ' ' && !inCode) {
      if (current !== '') out.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') out.push(current);
  return out;
}
