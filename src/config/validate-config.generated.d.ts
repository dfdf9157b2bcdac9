// Types for validate-config.generated.js (ajv standalone code, written by `npm run generate`).

/** One ajv error (`messages: false`: xlint words its own messages, see validation-messages.ts). */
export interface ValidationError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ConfigValidator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}

export declare const validate: ConfigValidator;
export default validate;
