import { Presets, SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io.ts';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr: drawn in place on a terminal, and as occasional plain lines when stderr
 * is a file or a pipe (CI logs, tests), so a long import never looks hung and never floods a log.
 */
export function startProgress(io: CliIo, label: string): Progress {
  const terminal = io.progressTerminal;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}`,
      stream: terminal ?? ({ write: (text: string) => io.stderr(text), isTTY: false } as unknown as NodeJS.WriteStream),
      noTTYOutput: terminal === undefined,
      notTTYSchedule: 2000,
      hideCursor: terminal !== undefined,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) {
        bar.stop();
      }
    },
  };
}
