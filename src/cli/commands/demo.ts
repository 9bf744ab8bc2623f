import type { Command } from 'commander';
import { seedDemoFamilies } from '../../demo/families.ts';
import { DEMO_PARTNERSHIP_CODE, DEMO_PASSWORD, demoSignIns, seedDemoPartnership } from '../../demo/northshire.ts';
import { generatePopulation } from '../../demo/population/generate-population.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { loadCliConfig, withServices } from '../open-services.ts';
import { startProgress } from '../progress.ts';

function positiveInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new CliError(ExitCode.usage, `${name} must be a whole number of at least 1, not "${value}"`);
  }
  return Number(value);
}

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
        await seedDemoFamilies(services);
        line(io.stdout, 'Seeded the fictional Northshire Safeguarding Partnership, its demo families and their histories.');
        line(io.stdout, `Demo accounts (password for all: ${DEMO_PASSWORD}):`);
        for (const user of demoSignIns()) {
          line(io.stdout, `  ${user.email.padEnd(40)} ${user.job}`);
        }
      });
    });

  demo
    .command('generate')
    .description(
      'add a fictional population at scale to Northshire (families, relationships, addresses, chronologies) for benchmarks and load tests',
    )
    .requiredOption('--people <n>', 'how many people to add')
    .option('--entries-per-person <n>', 'average chronology entries per person', '10')
    .option('--seed <n>', 'random seed, so the same command makes the same population', '1')
    .action(async (options: { people: string; entriesPerPerson: string; seed: string }) => {
      const people = positiveInteger('--people', options.people);
      const entriesPerPerson = positiveInteger('--entries-per-person', options.entriesPerPerson);
      const seed = positiveInteger('--seed', options.seed);
      if (!loadCliConfig(io).seedDemo) {
        throw new CliError(
          ExitCode.environment,
          'Synthetic data is switched off here (SEED_DEMO is false, as it always is when NODE_ENV=production).',
        );
      }
      await withServices(io, async ({ services, database }) => {
        await seedDemoPartnership(services);
        const partnership = await services.agencies.findPartnershipByCode(DEMO_PARTNERSHIP_CODE);
        if (!partnership) {
          throw new CliError(ExitCode.failed, 'The Northshire partnership could not be found');
        }
        const progress = startProgress(io, 'People');
        const started = Date.now();
        const result = await generatePopulation(database.db, services.clock, {
          partnershipId: partnership.id,
          people,
          entriesPerPerson,
          seed,
          onProgress: (done) => progress.update(done, people),
        }).finally(() => progress.stop());
        const seconds = (Date.now() - started) / 1000;
        line(
          io.stdout,
          `Added ${result.people} people in ${result.families} families with ${result.entries} chronology entries in ${seconds.toFixed(1)} s (${Math.round(result.entries / seconds)} entries/s).`,
        );
      });
    });
}
