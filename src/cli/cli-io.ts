/**
 * Where the command reads and writes. The process supplies the real streams; a test can supply
 * strings. Results go to stdout (so `TOKEN=$(wholepicture tokens create …)` captures only the token),
 * messages and errors to stderr.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input, read to its end (for `--password-stdin`). */
  readStdin(): Promise<string>;
  /** The environment configuration is read from (DATA_DIR, DATABASE_URL, NODE_ENV, …). */
  env: Record<string, string | undefined>;
  /** The terminal to draw progress bars on, when stderr is one; otherwise progress is written as lines. */
  progressTerminal?: NodeJS.WriteStream | undefined;
}

export function processIo(): CliIo {
  // `wholepicture users list | head` closes the pipe early: that is not a failure worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') {
        throw error;
      }
    });
  }
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    progressTerminal: process.stderr.isTTY ? process.stderr : undefined,
  };
}

/** Writes one line (adds the newline). */
export function line(write: (text: string) => void, text = ''): void {
  write(`${text}\n`);
}
