export { lexSxp } from './lexer.js';
export {
  effectiveSxpSettings,
  parseSxp,
  sxpValue,
  type SxpAtom,
  type SxpComment,
  type SxpDocument,
  type SxpList,
  type SxpNode,
  type SxpSetting,
  type SxpString,
  type SxpValue,
} from './model.js';
