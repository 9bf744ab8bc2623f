import { processIo } from './cli-io.ts';
import { runCli } from './run-cli.ts';

/** Process entry for the `wholepicture` command (bin/wholepicture.js); see docs/cli.md. */
process.exitCode = await runCli(process.argv.slice(2), processIo());
