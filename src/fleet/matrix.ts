import type { Severity } from '../engine/types.js';
import type { FleetIssue } from './checks.js';
import type { Fleet, GuestModel } from './model.js';

/*
 * The migration matrix: for each guest, each host it may move to (the other
 * hosts of its pool) and the verdict — ready, or the rules that block the
 * move. Pure: the fleet and the issues of the enabled rules in, rows out; the
 * renderers turn rows into a terminal table, JSON or Markdown.
 */

/** A rule as the matrix names it. */
export interface MatrixRule {
  readonly id: string;
  readonly name: string;
  /** The severity configured for the run. */
  readonly severity: Severity;
}

export type Verdict = 'ready' | 'warnings' | 'blocked';

export interface MatrixCell {
  readonly destination: string;
  /** `blocked` when an error-severity rule applies, `warnings` when only warnings or infos do. */
  readonly verdict: Verdict;
  /** The rules against this move, by id. */
  readonly rules: readonly MatrixRule[];
}

export interface MatrixRow {
  readonly guest: string;
  readonly file: string;
  readonly source: string;
  readonly destinations: readonly MatrixCell[];
}

export interface MatrixHost {
  readonly name: string;
  readonly pool: string;
  readonly guests: number;
  /** Host-level findings that block no particular move (a shared state directory, xendomains saving guests). */
  readonly rules: readonly MatrixRule[];
}

export interface Matrix {
  readonly inventory: 'declared' | 'detected';
  readonly hosts: readonly MatrixHost[];
  readonly rows: readonly MatrixRow[];
  readonly summary: { readonly moves: number; readonly ready: number; readonly warnings: number; readonly blocked: number };
}

const ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

function sortRules(rules: Iterable<MatrixRule>): MatrixRule[] {
  return [...rules].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Builds the matrix from the issues of each enabled rule. */
export function buildMatrix(fleet: Fleet, checked: ReadonlyArray<{ readonly rule: MatrixRule; readonly issues: readonly FleetIssue[] }>): Matrix {
  const against = new Map<GuestModel, Map<string, Map<string, MatrixRule>>>();
  const hostRules = new Map<string, Map<string, MatrixRule>>();
  for (const { rule, issues } of checked) {
    for (const issue of issues) {
      if (issue.blocks.length === 0) {
        const host = issue.host;
        if (!host) continue;
        let set = hostRules.get(host.name);
        if (!set) hostRules.set(host.name, (set = new Map()));
        set.set(rule.id, rule);
        continue;
      }
      for (const block of issue.blocks) {
        for (const guest of block.guests) {
          let byDest = against.get(guest);
          if (!byDest) against.set(guest, (byDest = new Map()));
          for (const dest of block.destinations) {
            let set = byDest.get(dest.name);
            if (!set) byDest.set(dest.name, (set = new Map()));
            set.set(rule.id, rule);
          }
        }
      }
    }
  }
  let ready = 0;
  let warnings = 0;
  let blocked = 0;
  const rows: MatrixRow[] = [];
  // Most moves are ready: one shared cell per destination keeps a large pool's matrix small.
  const readyCells = new Map<string, MatrixCell>();
  for (const guest of fleet.guests) {
    const byDest = against.get(guest);
    const destinations = fleet.destinations(guest.host).map((dest): MatrixCell => {
      const against = byDest?.get(dest.name);
      if (!against) {
        ready++;
        let cell = readyCells.get(dest.name);
        if (!cell) readyCells.set(dest.name, (cell = { destination: dest.name, verdict: 'ready', rules: [] }));
        return cell;
      }
      const rules = sortRules(against.values());
      const verdict: Verdict = rules.length === 0 ? 'ready' : rules.some((r) => r.severity === 'error') ? 'blocked' : 'warnings';
      if (verdict === 'ready') ready++;
      else if (verdict === 'warnings') warnings++;
      else blocked++;
      return { destination: dest.name, verdict, rules };
    });
    rows.push({ guest: guest.name, file: guest.file.path, source: guest.host.name, destinations });
  }
  return {
    inventory: fleet.inventory.source,
    hosts: fleet.hosts.map((h) => ({ name: h.name, pool: h.pool, guests: h.guests.length, rules: sortRules(hostRules.get(h.name)?.values() ?? []) })),
    rows,
    summary: { moves: ready + warnings + blocked, ready, warnings, blocked },
  };
}

function cellText(cell: MatrixCell): string {
  return cell.verdict === 'ready' ? 'ready' : `${cell.verdict}: ${cell.rules.map((r) => `${r.id} ${r.name}`).join(', ')}`;
}

function summaryLine(m: Matrix): string {
  const s = m.summary;
  return `${s.moves} moves: ${s.ready} ready, ${s.warnings} with warnings, ${s.blocked} blocked (${m.hosts.length} hosts, ${m.inventory}; ${m.rows.length} guests)`;
}

/**
 * The renderers yield the output in pieces, one per guest (a pool of a
 * thousand hosts has twenty million moves: one string of all of them would
 * exceed what a JavaScript string can hold).
 */

/** One line per guest and destination, in aligned columns, then the host-level findings and a summary. */
export function* matrixTable(m: Matrix): Generator<string> {
  const widths = [5, 4, 2];
  for (const row of m.rows) {
    widths[0] = Math.max(widths[0] as number, row.guest.length);
    widths[1] = Math.max(widths[1] as number, row.source.length);
    for (const cell of row.destinations) widths[2] = Math.max(widths[2] as number, cell.destination.length);
  }
  const line = (cells: readonly string[]): string => `${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i] as number) : c)).join('  ')}\n`;
  yield line(['GUEST', 'FROM', 'TO', 'VERDICT']);
  for (const row of m.rows) {
    let out = row.destinations.length === 0 ? line([row.guest, row.source, '-', 'no other host in its pool']) : '';
    for (const cell of row.destinations) out += line([row.guest, row.source, cell.destination, cellText(cell)]);
    yield out;
  }
  const hostNotes = m.hosts.filter((h) => h.rules.length > 0);
  if (hostNotes.length > 0) {
    yield '\nHost findings (not tied to one move):\n';
    for (const h of hostNotes) yield `  ${h.name}: ${h.rules.map((r) => `${r.id} ${r.name}`).join(', ')}\n`;
  }
  yield `\n${summaryLine(m)}\n`;
}

/** The matrix as one JSON document (`Matrix`, with the summary before the rows), one row per line. */
export function* matrixJson(m: Matrix): Generator<string> {
  yield `{"inventory":${JSON.stringify(m.inventory)},"hosts":${JSON.stringify(m.hosts)},"summary":${JSON.stringify(m.summary)},"rows":[`;
  let first = true;
  for (const row of m.rows) {
    yield `${first ? '' : ','}\n${JSON.stringify(row)}`;
    first = false;
  }
  yield '\n]}\n';
}

function mdEscape(text: string): string {
  return text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** A Markdown table (for a maintenance-window ticket or a pull request). */
export function* matrixMarkdown(m: Matrix): Generator<string> {
  yield '| Guest | From | To | Verdict |\n| --- | --- | --- | --- |\n';
  for (const row of m.rows) {
    let out = '';
    for (const cell of row.destinations) {
      const verdict = cell.verdict === 'ready' ? '✅ ready' : `${cell.verdict === 'blocked' ? '⛔' : '⚠️'} ${cell.verdict}: ${cell.rules.map((r) => `\`${r.id}\` ${r.name}`).join(', ')}`;
      out += `| ${mdEscape(row.guest)} | ${mdEscape(row.source)} | ${mdEscape(cell.destination)} | ${verdict} |\n`;
    }
    yield out;
  }
  const hostNotes = m.hosts.filter((h) => h.rules.length > 0);
  if (hostNotes.length > 0) {
    yield '\n**Host findings** (not tied to one move):\n\n';
    for (const h of hostNotes) yield `- ${mdEscape(h.name)}: ${h.rules.map((r) => `\`${r.id}\` ${r.name}`).join(', ')}\n`;
  }
  yield `\n${summaryLine(m)}\n`;
}

export const MATRIX_FORMATS = ['table', 'json', 'markdown'] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

/** The output in pieces, to be written one after the other. */
export function matrixOutput(m: Matrix, format: MatrixFormat): Generator<string> {
  return format === 'json' ? matrixJson(m) : format === 'markdown' ? matrixMarkdown(m) : matrixTable(m);
}

/** The whole output as one string (for small pools and tests). */
export function renderMatrix(m: Matrix, format: MatrixFormat): string {
  return [...matrixOutput(m, format)].join('');
}

export const renderMatrixTable = (m: Matrix): string => renderMatrix(m, 'table');
export const renderMatrixJson = (m: Matrix): string => renderMatrix(m, 'json');
export const renderMatrixMarkdown = (m: Matrix): string => renderMatrix(m, 'markdown');
