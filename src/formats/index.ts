import { effectiveSettings, parseCfg, type CfgDocument } from '../../grammar/cfg/index.js';
import { parseDrbd, type DrbdDocument } from '../../grammar/drbd/index.js';
import { parseLines, type LinesDocument } from '../../grammar/lines/index.js';
import type { ParseResult } from '../../grammar/shared/parse-result.js';
import { effectiveSxpSettings, parseSxp, type SxpDocument } from '../../grammar/sxp/index.js';
import type { FileFormat } from '../discovery/detect.js';
import { drbdSettings, linesSettings } from './host-settings.js';

/**
 * The file formats xlint reads. Each names its grammar and how to show what
 * the real toolstack will see; adding a format (libvirt's virConf, say) is one
 * entry here, one grammar folder and a detection rule.
 */
export interface FormatHandler<TDocument> {
  readonly id: FileFormat;
  readonly title: string;
  readonly parse: (text: string) => ParseResult<TDocument>;
  /** The values the toolstack reads, as JSON (`xlint parse`). */
  readonly settings: (document: TDocument) => Record<string, unknown>;
}

export type AnyDocument = CfgDocument | SxpDocument | LinesDocument | DrbdDocument;

const cfg: FormatHandler<CfgDocument> = {
  id: 'cfg',
  title: 'domU config (xl.cfg(5))',
  parse: parseCfg,
  settings: effectiveSettings,
};

const xlConf: FormatHandler<CfgDocument> = {
  id: 'xl-conf',
  title: 'xl.conf(5)',
  parse: parseCfg,
  settings: effectiveSettings,
};

const sxp: FormatHandler<SxpDocument> = {
  id: 'sxp',
  title: 'xend-config.sxp',
  parse: parseSxp,
  settings: effectiveSxpSettings,
};

const lines = (id: FileFormat, title: string): FormatHandler<LinesDocument> => ({
  id,
  title,
  parse: parseLines,
  settings: (document) => linesSettings(id, document),
});

const drbd: FormatHandler<DrbdDocument> = {
  id: 'drbd',
  title: 'drbd.conf(5)',
  parse: parseDrbd,
  settings: drbdSettings,
};

type Handler = FormatHandler<CfgDocument> | FormatHandler<SxpDocument> | FormatHandler<LinesDocument> | FormatHandler<DrbdDocument>;

export const formats: Readonly<Record<FileFormat, Handler>> = {
  cfg,
  'xl-conf': xlConf,
  sxp,
  interfaces: lines('interfaces', 'interfaces(5)'),
  fstab: lines('fstab', 'fstab(5)'),
  exports: lines('exports', 'exports(5)'),
  drbd,
  defaults: lines('defaults', '/etc/default shell variables'),
};

/** Parses with the handler of `format`. */
export function parseAs(format: FileFormat, text: string): { result: ParseResult<AnyDocument>; settings: () => Record<string, unknown> } {
  const handler = formats[format] as FormatHandler<AnyDocument>;
  const result = handler.parse(text);
  return { result, settings: () => handler.settings(result.document) };
}
