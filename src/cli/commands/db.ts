import type { Command } from 'commander';
import { type CliIo, line } from '../cli-io.ts';
import { withServices } from '../open-services.ts';

export function registerDbCommands(program: Command, io: CliIo): void {
  const db = program.command('db').description('database maintenance');

  db.command('migrate')
    .description('apply pending database migrations (run before starting new app processes)')
    .action(async () => {
      await withServices(io, async ({ appliedMigrations }) => {
        if (appliedMigrations.length === 0) {
          line(io.stdout, 'The database is up to date: 0 migrations applied.');
          return;
        }
        line(io.stdout, `Applied ${appliedMigrations.length} migration(s):`);
        for (const name of appliedMigrations) {
          line(io.stdout, `  ${name}`);
        }
      });
    });
}
