import { defineProjectRule } from '../src/engine/define-rule.js';
import { xendomainsSavesGuests } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY056',
  name: 'xendomains-saves-guests',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'info',
  fixable: false,
  description: 'The xendomains init script saves running guests to local disk when the host shuts down',
  rationale:
    "With `XENDOMAINS_SAVE` set (/etc/default/xendomains or /etc/sysconfig/xendomains), stopping xendomains suspends every running guest into an image in that directory and restores it at the next boot — on this host, with the guest down for the whole maintenance. In a pool the usual intent is to migrate guests away first (`XENDOMAINS_MIGRATE`) or shut them down cleanly; saved images also fill the local disk and are lost with it. Leave it set only if saving locally is what you want.",
  messages: {
    saves: 'XENDOMAINS_SAVE={value}: on shutdown guests are saved to this host\'s disk and stay down until it returns; set XENDOMAINS_SAVE="" and migrate guests away (XENDOMAINS_MIGRATE) or shut them down',
  },
  docs: {
    bad: '# /etc/default/xendomains\nXENDOMAINS_SAVE=/var/lib/xen/save',
    good: '# /etc/default/xendomains\nXENDOMAINS_SAVE=""\nXENDOMAINS_MIGRATE="xen02"',
    references: ['/etc/default/xendomains (xendomains init script)'],
  },
  check(context) {
    reportIssues(context, xendomainsSavesGuests(fleetOf(context)), ['saves']);
  },
});
