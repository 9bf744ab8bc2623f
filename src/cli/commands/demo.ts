import type { Command } from 'commander';
import { DEMO_PASSWORD, demoSignIns, seedDemoPartnership } from '../../demo/northshire.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { loadCliConfig, withServices } from '../open-services.ts';

export function registerDemoCommands(program: Command, io: CliIo): void {
  const demo = program.command('demo').description('the fictional Northshire partnership, for trying Whole Picture out');

  demo
    .command('seed')
    .description('seed the fictional Northshire Safeguarding Partnership, once (refused in production)')
    .action(async () => {
      // Checked before the database is opened: demo accounts have a published password.
      if (!loadCliConfig(io).seedDemo) {
        throw new CliError(
          ExitCode.environment,
          'Demo data is switched off here (SEED_DEMO is false, as it always is when NODE_ENV=production): demo accounts have a published password, so they are never seeded.',
        );
      }
      await withServices(io, async ({ services }) => {
        if (!(await seedDemoPartnership(services))) {
          line(io.stdout, 'The Northshire partnership is already seeded: nothing changed.');
          return;
        }
        line(io.stdout, 'Seeded the fictional Northshire Safeguarding Partnership.');
        line(io.stdout, `Demo accounts (password for all: ${DEMO_PASSWORD}):`);
        for (const user of demoSignIns()) {
          line(io.stdout, `  ${user.email.padEnd(40)} ${user.job}`);
        }
      });
    });
}
