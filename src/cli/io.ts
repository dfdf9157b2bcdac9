/** Everything the CLI needs from the process, so tests can run `main` in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  /** Writes bytes to standard output as they are (reports already encoded as UTF-8); when absent, their text goes through `stdout`. */
  readonly stdoutBytes?: (bytes: Buffer) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where a Xen host keeps its configuration, linted when no path is given; `/etc/xen` unless a test says otherwise. */
  readonly xenConfigDir?: string;
  /** Whether standard output is a terminal (colour by default); false when absent. */
  readonly isTTY?: boolean;
  /** The terminal's width, for `xlint explain`; 80 when absent. */
  readonly columns?: number;
  /** Reads all of standard input (`--stdin`), decoded the way files are. */
  readonly readStdin?: () => Promise<string>;
}
