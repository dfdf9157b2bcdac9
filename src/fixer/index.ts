/**
 * `xlint --fix` and friends. `planFixes` is pure (texts in, plan out);
 * `renderDiff` and the report functions are pure renderings of a plan;
 * `writePlan` / `writeFixedFile` are the only parts that touch the disk.
 */
export { applyEdits, editsOverlap } from './apply-edits.js';
export { composeChanges, toOriginalOffset, toOriginalRange, type ChangeRegion, type LabeledEdit } from './changes.js';
export { diffHunks, renderDiff, type DiffHunk, type DiffLine, type DiffSource } from './diff.js';
export {
  backupsIn,
  DEFAULT_BACKUP_SUFFIXES,
  fixAllowed,
  planFixes,
  type AppliedFix,
  type DroppedFix,
  type DropReason,
  type FilePlan,
  type FixContext,
  type FixOptions,
  type FixPlan,
} from './plan.js';
export {
  countedFixes,
  findingsAfterFix,
  fixReport,
  renderProblems,
  renderShowFixes,
  renderSummary,
  summarize,
  type FixMode,
  type FixReport,
  type FixSummary,
} from './report.js';
export { lintSummary, runFixes, type FixOutcome, type RunFixesOptions } from './run-fixes.js';
export { selectFixes, validateEdits, type Candidate, type Selection } from './select.js';
export { writeFixedFile, writePlan, type WriteRequest, type WriteResult, type WriterFs } from './write.js';
