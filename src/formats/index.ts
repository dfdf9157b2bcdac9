import { effectiveSettings, parseCfg, type CfgDocument } from '../../grammar/cfg/index.js';
import type { ParseResult } from '../../grammar/shared/parse-result.js';
import { effectiveSxpSettings, parseSxp, type SxpDocument } from '../../grammar/sxp/index.js';
import type { FileFormat } from '../discovery/detect.js';

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

export type AnyDocument = CfgDocument | SxpDocument;

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

export const formats: Readonly<Record<FileFormat, FormatHandler<CfgDocument> | FormatHandler<SxpDocument>>> = {
  cfg,
  'xl-conf': xlConf,
  sxp,
};

/** Parses with the handler of `format`. */
export function parseAs(format: FileFormat, text: string): { result: ParseResult<AnyDocument>; settings: () => Record<string, unknown> } {
  if (format === 'sxp') {
    const result = sxp.parse(text);
    return { result, settings: () => sxp.settings(result.document) };
  }
  const handler = format === 'cfg' ? cfg : xlConf;
  const result = handler.parse(text);
  return { result, settings: () => handler.settings(result.document) };
}
