import fs from 'node:fs';
import { Command } from 'commander';
import { describeFailure, type ExitCode } from './cli-error.ts';
import { type CliIo, line } from './cli-io.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerCalendarCommands } from './commands/calendar.ts';
import { registerChronologyCommands } from './commands/chronology.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerDemoCommands } from './commands/demo.ts';
import { registerMatchCommands } from './commands/match.ts';
import { registerMatchRegisterCommands } from './commands/match-register.ts';
import { registerTokenCommands } from './commands/tokens.ts';
import { registerUserCommands } from './commands/users.ts';

function packageVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The command tree. Output settings are set before any subcommand is added, because subcommands copy them. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('wholepicture')
    .description(
      'Operate Whole Picture from the shell. Each command (but match, which works on files alone) opens the database named by the environment (DATABASE_URL, or the embedded one in DATA_DIR), applies pending migrations, acts, and closes it. Writes are audited as system:cli.',
    )
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', '\nExit codes: 0 done; 1 a check failed or the action was refused; 2 usage error; 3 environment problem.\n');
  registerCalendarCommands(program, io);
  registerDbCommands(program, io);
  registerDemoCommands(program, io);
  registerUserCommands(program, io);
  registerTokenCommands(program, io);
  registerAuditCommands(program, io);
  registerChronologyCommands(program, io);
  registerMatchCommands(program, io);
  registerMatchRegisterCommands(program, io);
  return program;
}

/**
 * Runs one command line (the arguments after `wholepicture`) and returns the exit code; it never
 * calls process.exit, so tests can run it in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    const { exitCode, message } = describeFailure(error);
    if (message) {
      line(io.stderr, message);
    }
    return exitCode;
  }
}
