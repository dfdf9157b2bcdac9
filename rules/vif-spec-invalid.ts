import { defineRule } from '../src/engine/define-rule.js';
import { deviceKey, deviceList, vifEntries } from '../src/xen/guest.js';
import { knownVifKeys, type VifProblemCode } from '../src/xen/vif-spec.js';

const MESSAGE_ID: Readonly<Record<VifProblemCode, string>> = {
  'unknown-key': 'unknownKey',
  'unsupported-key': 'unsupportedKey',
  'bad-mac': 'badMac',
  'multicast-mac': 'multicastMac',
  'bad-type': 'badType',
  'bad-rate': 'badRate',
  'bad-number': 'badNumber',
  'number-suffix': 'numberSuffix',
  'stray-space': 'straySpace',
  'duplicate-key': 'duplicateKey',
};

/** The closest known key within two edits, for "did you mean". */
function nearest(key: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  const lower = key.trim().toLowerCase();
  for (const k of knownVifKeys()) {
    const d = editDistance(lower, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

export default defineRule({
  id: 'COR031',
  name: 'vif-spec-invalid',
  formats: ['cfg'],
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'A network interface spec has a parameter xl ignores or misreads, or one that makes xl fail',
  rationale:
    "xl reads each `vif` entry as comma-separated key=value pairs (xl-network-configuration(5)) and is lenient where it hurts: an unknown key (a typo like `brigde=`) or an invalid `mac=` or `type=` only prints a warning and is ignored — the guest starts on the default bridge, or with a random MAC — and xl's MAC reader accepts malformed addresses, reading a short one into the next parameter. Spaces after a value are kept (`bridge=xenbr0 ` names a bridge that does not exist). A malformed `rate=`, `mtu=` or `devid=` makes `xl create` fail. xlint checks each parameter the way xl reads it (checked against `xl -N create`) and reports all of these as errors, since none does what was written.",
  messages: {
    unknownKey: "vif {index}: '{text}' is not a vif parameter; xl only warns (\"unrecognized argument\") and ignores it{suggestion}",
    unsupportedKey: "vif {index}: '{key}' is not supported for vifs; xl ignores it: remove it",
    badMac: 'vif {index}: mac={value}: {detail}; xl warns or misreads it, and the guest may get a random MAC: write six hex pairs joined by \':\' (00:16:3e:xx:xx:xx)',
    multicastMac: "vif {index}: mac={value} is a multicast address (the low bit of the first byte is set), which no NIC may use; pick a unicast one (first byte even, e.g. 00:16:3e:xx:xx:xx)",
    badType: "vif {index}: type={value} is neither 'vif' nor 'ioemu'; xl ignores it (\"Invalid parameter `type'\")",
    badRate: 'vif {index}: rate={value}: {detail}{effect}; write RATE/s[@INTERVAL], e.g. rate=10Mb/s@20ms',
    badNumber: "vif {index}: {key}={value} is not a number: xl refuses to create the guest (\"failed to convert\")",
    numberSuffix: 'vif {index}: {key}={value}: {detail} and ignores the rest; write the number alone',
    straySpace: "vif {index}: {key}='{value}' has white space that xl keeps, so it names something that does not exist; remove the space",
    duplicateKey: 'vif {index}: {detail}: remove one of them',
    notList: "vif is a single string, not a list: xl only warns (\"is a single value but should be a list\") and creates the guest without network interfaces; write vif = [ '…' ]",
    nestedList: 'vif entry {index} is a list, not a string: xl stops reading the vif list there and silently drops it and the {lost} entries from there on',
  },
  docs: {
    bad: "vif = [ 'mac=00:16:3e:00:00,brigde=xenbr0', 'bridge=xenbr1 ,rate=10MB' ]",
    good: "vif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0', 'bridge=xenbr1,rate=10MB/s' ]",
    references: ['xl-network-configuration(5)', 'xl.cfg(5), "vif"'],
  },
  check({ document, report }) {
    const list = deviceList(document, 'vif');
    if (list.notList) {
      report({ range: list.notList.value.range, messageId: 'notList', key: 'vif' });
      return;
    }
    if (list.stoppedAt) {
      const index = list.entries.length;
      report({ range: list.stoppedAt.value.range, messageId: 'nestedList', data: { index, lost: list.stoppedAt.lost }, key: deviceKey('vif', index) });
    }
    for (const entry of vifEntries(document)) {
      for (const problem of entry.vif.problems) {
        const { param } = problem;
        const suggestion = problem.code === 'unknown-key' ? nearest(param.key) : null;
        report({
          range: entry.at(problem.range),
          messageId: MESSAGE_ID[problem.code],
          data: {
            index: entry.index,
            key: param.key,
            value: param.value ?? '',
            text: param.value === null ? param.key : `${param.key}=${param.value}`,
            detail: problem.detail,
            suggestion: suggestion && suggestion !== param.key ? ` (did you mean ${suggestion}=?)` : '',
            effect: problem.fatal ? ': xl refuses to create the guest' : '',
          },
          key: `vif[${entry.index}].${param.key}`,
        });
      }
    }
  },
});
