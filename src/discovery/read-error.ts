import { defineEngineRule, formatMessage, type EngineRule } from '../engine/define-rule.js';
import type { Finding, Severity } from '../engine/types.js';
import type { ReadFailureKind } from './read.js';

/**
 * A file (or directory) xlint was asked to lint, or found with a Xen
 * config's name, that it could not read. A finding rather than a crash or a
 * line on stderr, so that every output format (SARIF included) carries it
 * and the run still lints everything else.
 */
export const readError: EngineRule = defineEngineRule({
  id: 'COR004',
  name: 'read-error',
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'A file that should be linted could not be read',
  rationale:
    'A configuration xlint cannot read is a configuration nobody checked: a permission problem, a broken `auto/` link or a FIFO where a guest config should be also stops `xl create` and `xendomains` at boot. xlint never blocks on FIFOs or devices and never follows a symbolic link loop; it reports them here and lints everything else. Ignore a path on purpose with `ignorePatterns` in xlint.json or a `.xlintignore` file.',
  messages: {
    vanished: '{detail}; run xlint again',
    permission: '{detail}: run xlint as a user who can read it, or add the path to ignorePatterns',
    linkLoop: '{detail}: fix or remove the link',
    brokenLink: '{detail}: fix or remove the link (xendomains skips it too)',
    notRegular: '{detail}: a Xen config must be a regular file',
    directory: '{detail}: expected a file',
    tooLarge: '{detail}; no Xen config is this large: check the path, or add it to ignorePatterns',
    directoryLoop: '{detail}; add the path to ignorePatterns to silence this',
    encoding: '{detail}: convert it to UTF-8 without a byte-order mark (iconv -f UTF-16 -t UTF-8)',
    io: '{detail}',
  },
  docs: {
    bad: '/etc/xen/auto/web01.cfg -> ../web01.cfg   (the target was renamed)',
    good: '/etc/xen/auto/web01.cfg -> ../web01.cfg   (the target exists and is readable)',
    references: ['xl(1), "create"', 'xendomains: guests in /etc/xen/auto are started at boot'],
  },
});

const MESSAGE_IDS: Readonly<Record<ReadFailureKind, string>> = {
  vanished: 'vanished',
  permission: 'permission',
  'link-loop': 'linkLoop',
  'broken-link': 'brokenLink',
  'not-regular': 'notRegular',
  directory: 'directory',
  'too-large': 'tooLarge',
  'directory-loop': 'directoryLoop',
  encoding: 'encoding',
  io: 'io',
};

/** The finding for a path that could not be read, anchored at line 1, column 1 (there is no text to point into). */
export function readErrorFinding(path: string, kind: ReadFailureKind, detail: string, severity: Severity): Finding {
  const messageId = MESSAGE_IDS[kind];
  return {
    ruleId: readError.id,
    ruleName: readError.name,
    severity,
    category: readError.category,
    messageId,
    message: formatMessage(readError.messages[messageId] as string, { detail }),
    file: path,
    range: { start: 0, end: 0 },
    loc: { line: 1, column: 1, endLine: 1, endColumn: 1 },
  };
}
