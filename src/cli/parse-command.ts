import { isAbsolute, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { FileFormat } from '../discovery/detect.js';
import { detectFormat } from '../discovery/detect.js';
import { readSource } from '../discovery/read.js';
import { formats, parseAs } from '../formats/index.js';
import type { RegisterCommand } from './command.js';
import { displayPath } from './display.js';
import type { CliIo } from './io.js';

/** `xlint parse FILE…`: what Xen will read from each file. Exit 1 when a file is rejected or unreadable. */
export const registerParseCommand: RegisterCommand = (program: Command, io, exit) => {
  program
    .command('parse')
    .description('show what Xen will read from each file: its format, parse errors and the effective settings')
    .argument('<files...>', 'files to parse')
    .option('--json', 'one JSON object per file and line: {file, format, ok, errors, settings}')
    // Every format in the registry, host files included: one named oddly is detected by nothing.
    .addOption(new Option('--as <format>', 'parse as this format instead of detecting it').choices(Object.keys(formats)))
    .action((files: string[], options: { json?: boolean; as?: FileFormat }) => {
      exit(parseCommand(files, options, io));
    });
};

interface ParseReport {
  file: string;
  format: FileFormat | null;
  ok: boolean | null;
  reason?: string;
  errors: { line: number; column: number; endLine: number; endColumn: number; code: string; message: string }[];
  settings: Record<string, unknown> | null;
}

function parseCommand(files: readonly string[], options: { json?: boolean; as?: FileFormat }, io: CliIo): number {
  let exit = 0;
  for (const file of files) {
    const report = parseOne(file, options.as, io);
    if (report.ok === false) exit = 1;
    if (options.json) io.stdout(`${JSON.stringify(report)}\n`);
    else io.stdout(renderParseReport(report));
  }
  return exit;
}

function parseOne(file: string, forced: FileFormat | undefined, io: CliIo): ParseReport {
  const path = resolve(io.cwd, file);
  const shown = displayPath(path, io.cwd, isAbsolute(file));
  const read = readSource(path);
  if (!read.ok) {
    return { file: shown, format: null, ok: false, reason: read.message, errors: [], settings: null };
  }
  const detection = forced ? { format: forced, reason: `--as ${forced}` } : detectFormat(path, read.text);
  if (!detection.format) {
    return { file: shown, format: null, ok: null, reason: detection.reason, errors: [], settings: null };
  }
  const { result, settings } = parseAs(detection.format, read.text);
  const lines = result.document.lines;
  return {
    file: shown,
    format: detection.format,
    ok: result.problems.length === 0,
    errors: result.problems.map((p) => {
      const loc = lines.loc(p.range);
      return { line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, code: p.code, message: p.message };
    }),
    settings: settings(),
  };
}

function renderParseReport(report: ParseReport): string {
  if (report.format === null) {
    return report.ok === false
      ? `${report.file}: cannot read: ${report.reason}\n`
      : `${report.file}: skipped, not a Xen config: ${report.reason}\n`;
  }
  const title = formats[report.format].title;
  let out = `${report.file}: ${title}, ${report.ok ? 'accepted' : `rejected (${report.errors.length} error${report.errors.length === 1 ? '' : 's'})`}\n`;
  for (const e of report.errors) out += `  ${report.file}:${e.line}:${e.column}: ${e.message} [${e.code}]\n`;
  const settings = report.settings ?? {};
  const keys = Object.keys(settings);
  if (keys.length > 0) {
    out += report.ok ? '  settings:\n' : '  settings read so far (Xen would read none):\n';
    const width = Math.min(32, Math.max(...keys.map((k) => k.length)));
    for (const key of keys) out += `    ${key.padEnd(width)} = ${JSON.stringify(settings[key])}\n`;
  }
  return out;
}
