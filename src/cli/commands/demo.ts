import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { type Stringifier, stringify } from 'csv-stringify';
import { seedDemoFamilies } from '../../demo/families.ts';
import { DEMO_PARTNERSHIP_CODE, DEMO_PASSWORD, demoSignIns, seedDemoPartnership } from '../../demo/northshire.ts';
import { generatePopulation } from '../../demo/population/generate-population.ts';
import {
  CORRUPTION_LEVELS,
  type CorruptionLevel,
  identityRows,
  PEOPLE_CSV_COLUMNS,
  peopleCsvRow,
  TRUTH_CSV_COLUMNS,
  truthCsvRow,
} from '../../demo/population/identities.ts';
import { seededRandom } from '../../modules/matching/index.ts';
import { CliError, ExitCode, messageOf } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { loadCliConfig, withServices } from '../open-services.ts';
import { startProgress } from '../progress.ts';

function positiveInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new CliError(ExitCode.usage, `${name} must be a whole number of at least 1, not "${value}"`);
  }
  return Number(value);
}

/**
 * A CSV file written beside its target under a temporary name and renamed into place only when
 * complete, so a failure never leaves a partial file where the real one belongs.
 */
class CsvOutput {
  private readonly stringifier: Stringifier;
  private readonly done: Promise<void>;
  private readonly temporary: string;

  constructor(
    readonly target: string,
    columns: readonly string[],
  ) {
    this.temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    this.stringifier = stringify({ header: true, columns: [...columns] });
    this.done = pipeline(this.stringifier, fs.createWriteStream(this.temporary));
    // Awaited in write and finish; this only stops an early failure being reported as unhandled.
    this.done.catch(() => undefined);
  }

  async write(row: readonly (string | undefined)[]): Promise<void> {
    if (!this.stringifier.write(row)) {
      await Promise.race([
        once(this.stringifier, 'drain'),
        this.done.then(() => {
          throw new Error('the output closed early');
        }),
      ]);
    }
  }

  async finish(): Promise<void> {
    this.stringifier.end();
    await this.done;
  }

  commit(): void {
    fs.renameSync(this.temporary, this.target);
  }

  discard(): void {
    this.stringifier.destroy();
    fs.rmSync(this.temporary, { force: true });
  }
}

interface IdentityCommandOptions {
  records: string;
  seed: string;
  corruption: string;
  output: string;
  truth?: string;
}

async function writeIdentities(io: CliIo, options: IdentityCommandOptions): Promise<void> {
  const records = positiveInteger('--records', options.records);
  const seed = positiveInteger('--seed', options.seed);
  if (!CORRUPTION_LEVELS.includes(options.corruption as CorruptionLevel)) {
    throw new CliError(ExitCode.usage, `--corruption must be one of ${CORRUPTION_LEVELS.join(', ')}, not "${options.corruption}"`);
  }
  const corruption = options.corruption as CorruptionLevel;
  const peoplePath = path.resolve(options.output);
  const truthPath = options.truth === undefined ? undefined : path.resolve(options.truth);
  if (truthPath === peoplePath) {
    throw new CliError(ExitCode.usage, '--output and --truth must be different files');
  }
  for (const target of [peoplePath, truthPath]) {
    if (target && !fs.existsSync(path.dirname(target))) {
      throw new CliError(
        ExitCode.failed,
        `Cannot write ${target}: the folder ${path.dirname(target)} does not exist. Nothing was written.`,
      );
    }
    if (target && fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      throw new CliError(ExitCode.failed, `Cannot write ${target}: it is a folder. Nothing was written.`);
    }
  }
  const people = new CsvOutput(peoplePath, PEOPLE_CSV_COLUMNS);
  const truth = truthPath ? new CsvOutput(truthPath, TRUTH_CSV_COLUMNS) : undefined;
  const dateFormats = seededRandom(seed ^ 0x2545f491);
  const progress = startProgress(io, 'Records');
  const started = Date.now();
  let entities = 0;
  // Households are numbered in the order they are made, and every one has someone in the file.
  let households = 0;
  let written = 0;
  let duplicates = 0;
  try {
    for (const row of identityRows({ records, seed, corruption })) {
      await people.write(peopleCsvRow(row, dateFormats));
      await truth?.write(truthCsvRow(row));
      written += 1;
      if (row.role === 'duplicate') {
        duplicates += 1;
      } else {
        entities += 1;
        households = Math.max(households, Number(row.householdId.slice(1)));
      }
      if (written % 10_000 === 0) {
        progress.update(written, records);
      }
    }
    progress.update(written, records);
    await people.finish();
    await truth?.finish();
    people.commit();
    truth?.commit();
  } catch (error) {
    people.discard();
    truth?.discard();
    throw new CliError(ExitCode.failed, `Could not write the identity files: ${messageOf(error)}. Nothing was written.`);
  } finally {
    progress.stop();
  }
  const seconds = (Date.now() - started) / 1000;
  line(
    io.stdout,
    `Wrote ${written} records of ${entities} people in ${households} households (${duplicates} duplicates, corruption ${corruption}) to ${options.output}${truth ? `, and the truth to ${options.truth}` : ''}, in ${seconds.toFixed(1)} s.`,
  );
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

  demo
    .command('identities')
    .description(
      'write a synthetic population of person records with known truth (duplicates held by several agencies, twins, namesakes) to CSV, for testing and benchmarking matching',
    )
    .requiredOption('--records <n>', 'how many records to write')
    .option('--seed <n>', 'random seed, so the same command writes the same files', '1')
    .option('--corruption <level>', `how far duplicates differ from the original: ${CORRUPTION_LEVELS.join(', ')}`, 'realistic')
    .requiredOption('--output <file>', 'the people file: id,forename,surname,dob,sex,postcode,address,nhs_number')
    .option('--truth <file>', 'the truth file: id,entity_id,household_id,relation_note')
    .action((options: IdentityCommandOptions) => writeIdentities(io, options));
}
