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
  for (const guest of fleet.guests) {
    const byDest = against.get(guest);
    const destinations = fleet.destinations(guest.host).map((dest): MatrixCell => {
      const rules = sortRules(byDest?.get(dest.name)?.values() ?? []);
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

/** One line per guest and destination, in aligned columns, then the host-level findings and a summary. */
export function renderMatrixTable(m: Matrix): string {
  const lines: string[][] = [['GUEST', 'FROM', 'TO', 'VERDICT']];
  for (const row of m.rows) {
    if (row.destinations.length === 0) lines.push([row.guest, row.source, '-', 'no other host in its pool']);
    for (const cell of row.destinations) lines.push([row.guest, row.source, cell.destination, cellText(cell)]);
  }
  const widths = [0, 1, 2].map((i) => Math.max(...lines.map((l) => (l[i] as string).length)));
  let out = '';
  for (const l of lines) out += `${l.map((c, i) => (i < 3 ? c.padEnd(widths[i] as number) : c)).join('  ')}\n`;
  const hostNotes = m.hosts.filter((h) => h.rules.length > 0);
  if (hostNotes.length > 0) {
    out += '\nHost findings (not tied to one move):\n';
    for (const h of hostNotes) out += `  ${h.name}: ${h.rules.map((r) => `${r.id} ${r.name}`).join(', ')}\n`;
  }
  return `${out}\n${summaryLine(m)}\n`;
}

/** The matrix as one JSON document (see `Matrix`). */
export function renderMatrixJson(m: Matrix): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

function mdEscape(text: string): string {
  return text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** A Markdown table (for a maintenance-window ticket or a pull request). */
export function renderMatrixMarkdown(m: Matrix): string {
  let out = '| Guest | From | To | Verdict |\n| --- | --- | --- | --- |\n';
  for (const row of m.rows) {
    for (const cell of row.destinations) {
      const verdict = cell.verdict === 'ready' ? '✅ ready' : `${cell.verdict === 'blocked' ? '⛔' : '⚠️'} ${cell.verdict}: ${cell.rules.map((r) => `\`${r.id}\` ${r.name}`).join(', ')}`;
      out += `| ${mdEscape(row.guest)} | ${mdEscape(row.source)} | ${mdEscape(cell.destination)} | ${verdict} |\n`;
    }
  }
  const hostNotes = m.hosts.filter((h) => h.rules.length > 0);
  if (hostNotes.length > 0) {
    out += '\n**Host findings** (not tied to one move):\n\n';
    for (const h of hostNotes) out += `- ${mdEscape(h.name)}: ${h.rules.map((r) => `\`${r.id}\` ${r.name}`).join(', ')}\n`;
  }
  return `${out}\n${summaryLine(m)}\n`;
}

export const MATRIX_FORMATS = ['table', 'json', 'markdown'] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

export function renderMatrix(m: Matrix, format: MatrixFormat): string {
  return format === 'json' ? renderMatrixJson(m) : format === 'markdown' ? renderMatrixMarkdown(m) : renderMatrixTable(m);
}
