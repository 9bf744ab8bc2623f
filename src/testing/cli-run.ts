import type { CliIo } from '../cli/cli-io.ts';
import { runCli } from '../cli/run-cli.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** One `wholepicture` command line run in this process, with its output captured and no stdin. */
export async function runCliInProcess(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => '',
    env,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
