/** One ajv error (`messages: false`: xlint words its own messages, see validation-messages.ts). */
export interface ValidationError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The generated validator (validate-config.generated.cjs): ajv's standalone code for xlint.schema.json. */
export interface ConfigValidator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}
