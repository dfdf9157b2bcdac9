import type { Range } from '../../grammar/shared/location.js';
import type { SxpDocument, SxpSetting } from '../../grammar/sxp/index.js';
import { relocationListening, type XendSettings, type XendValue } from './xend.js';

/*
 * Small helpers shared by the xend-config.sxp rules: where to point when a
 * setting is absent (the key that makes it matter), and how to name the
 * relocation listeners in messages.
 */

/** The value node of a setting when present, else its key, else null. */
export function valueOrKeyRange(v: XendValue<unknown>): Range | null {
  if (v.node) return v.node.range;
  if (v.setting) return v.setting.keyRange;
  return null;
}

/** The setting that turns relocation on (plain first), for findings about an absent key. */
export function relocationSwitch(s: XendSettings): XendValue<boolean> | null {
  if (s.relocationServer.value === true) return s.relocationServer;
  if (s.relocationSslServer.value === true) return s.relocationSslServer;
  return null;
}

/** "port 8002", "SSL port 8003" or both: where migrations come in. */
export function relocationPorts(s: XendSettings): string {
  const ports: string[] = [];
  if (s.relocationServer.value === true) ports.push(`port ${s.relocationPort.value ?? '?'}`);
  if (s.relocationSslServer.value === true) ports.push(`SSL port ${s.relocationSslPort.value ?? '?'}`);
  return ports.join(' and ');
}

/** A range to report on for an xend-wide fact: the relocation switch, else the first setting, else the file start. */
export function anchorRange(doc: SxpDocument, s: XendSettings): Range {
  const sw = relocationListening(s) ? relocationSwitch(s) : null;
  const r = sw ? valueOrKeyRange(sw) : null;
  if (r) return r;
  const first: SxpSetting | undefined = doc.settings[0];
  return first ? first.keyRange : { start: 0, end: 0 };
}
