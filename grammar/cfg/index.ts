export { lexCfg } from './lexer.js';
export {
  effectiveSettings,
  parseCfg,
  settingValue,
  type CfgAssignment,
  type CfgBrokenStatement,
  type CfgComment,
  type CfgDocument,
  type CfgList,
  type CfgNumber,
  type CfgPythonStatement,
  type CfgStatement,
  type CfgString,
  type CfgValue,
  type SettingValue,
} from './model.js';
