import { relative, resolve } from 'node:path';

/** A path as shown to the user: relative to the working directory, the way it was typed (absolute stays absolute). */
export function displayPath(path: string, cwd: string, typedAbsolute = false): string {
  if (typedAbsolute) return path;
  return relative(cwd, resolve(cwd, path)) || path;
}
