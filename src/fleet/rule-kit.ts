import type { ProjectRuleContext } from '../engine/types.js';
import type { FleetIssue } from './checks.js';
import { buildFleet, type Fleet } from './model.js';

/** The run's fleet, built once and shared by every fleet rule (they all declare FLEET_FORMATS). */
export function fleetOf(context: ProjectRuleContext<unknown>): Fleet {
  return context.memo('fleet', () => buildFleet(context.files, context.hosts, context.settings));
}

/** Reports the issues; `messageIds` are the rule's messages the check may use (any other is a bug). */
export function reportIssues(context: ProjectRuleContext<unknown>, issues: readonly FleetIssue[], messageIds: readonly string[]): void {
  for (const issue of issues) {
    if (!messageIds.includes(issue.descriptor.messageId)) throw new Error(`unexpected message '${issue.descriptor.messageId}'`);
    context.report(issue.file, issue.descriptor);
  }
}
