import { defineRule } from '../src/engine/define-rule.js';
import { booleanOf } from '../src/xen/guest.js';

export default defineRule({
  id: 'RDY023',
  name: 'nestedhvm-migration-unsafe',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: 'Nested virtualisation is enabled: Xen does not carry its state across a migration',
  rationale:
    "`nestedhvm = 1` lets the guest run its own hypervisor (xl.cfg(5), \"nestedhvm\"). Nested virtualisation is experimental in Xen, and the migration stream carries no nested-virtualisation state: Xen lists \"x86 HVM with nested-virt (no relevant information included in the stream)\" among the known migration issues (docs/features/migration.pandoc). A migrated guest whose own guests are running may crash or corrupt them. Migrate such a guest only with its nested guests stopped, or turn the option off.",
  messages: {
    nested: 'nestedhvm = {value} enables nested virtualisation, whose state a migration does not carry: stop the nested guests before migrating, or set nestedhvm = 0',
  },
  docs: {
    bad: 'type = "hvm"\nnestedhvm = 1',
    good: 'type = "hvm"\nnestedhvm = 0',
    references: ['xl.cfg(5), "nestedhvm"', 'docs/features/migration.pandoc, "Known issues"'],
  },
  check({ document, report }) {
    const b = booleanOf(document, 'nestedhvm');
    if (b?.value && b.assignment.value.kind !== 'list') {
      report({ range: b.assignment.value.range, messageId: 'nested', data: { value: b.assignment.value.raw }, key: 'nestedhvm' });
    }
  },
});
