// Types for validate-config.generated.cjs (ajv standalone code, written by `npm run generate`).
import type { ConfigValidator } from './validator-types.js';

declare const validate: ConfigValidator;
export = validate;
