import { Presets, SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io.ts';

const NOT_TTY_EVERY_MS = 2000;

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
      notTTYSchedule: NOT_TTY_EVERY_MS,
      hideCursor: terminal !== undefined,
    },
    Presets.shades_classic,
  );
  let started = false;
  let lastLine = 0;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
        lastLine = Date.now();
      }
      bar.setTotal(total);
      bar.update(done);
      // Off a terminal the bar draws its lines on a timer, which never fires while synchronous work
      // (scoring millions of pairs) holds the event loop; so the line is drawn here too.
      if (terminal === undefined && Date.now() - lastLine >= NOT_TTY_EVERY_MS) {
        lastLine = Date.now();
        bar.render();
      }
    },
    stop() {
      if (started) {
        bar.stop();
      }
    },
  };
}
