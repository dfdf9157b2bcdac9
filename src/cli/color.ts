export interface ColorInput {
  /** `--color` (true), `--no-color` (false), or neither (undefined). */
  readonly flag?: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether the output is a terminal (`process.stdout.isTTY`). */
  readonly isTTY: boolean;
  /** The output goes to a file (`-f stylish=out.txt`): colour only when asked with `--color`. */
  readonly toFile?: boolean;
}

/**
 * Whether to colour an output. First match wins: `--color`/`--no-color`;
 * then, for a file, no; `FORCE_COLOR` (`0` or `false` turn colour off, any
 * other value on — Node's convention); `NO_COLOR` set and not empty turns it
 * off (no-color.org); `TERM=dumb` off; otherwise colour on a terminal only.
 */
export function useColor(input: ColorInput): boolean {
  if (input.flag !== undefined) return input.flag;
  if (input.toFile) return false;
  const force = input.env['FORCE_COLOR'];
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  const noColor = input.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  if (input.env['TERM'] === 'dumb') return false;
  return input.isTTY;
}
