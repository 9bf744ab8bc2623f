import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { withServices } from '../open-services.ts';
import { startProgress } from '../progress.ts';
import { requireAgencyByCode } from './lookups.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `wholepicture chronology import|export`: bulk loads from partner systems, and review documents. */
export function registerChronologyCommands(program: Command, io: CliIo): void {
  const chronology = program
    .command('chronology')
    .description('the multi-agency chronology: bulk import from a partner system, export for a review');

  chronology
    .command('import')
    .description('load entries from a partner agency’s CSV; every bad row is reported and nothing is written unless the file is clean')
    .argument(
      '<file>',
      'the CSV file (columns: occurred_at, approximate, category, summary, nature, significance, sensitivity, person_ids, source_reference[, author])',
    )
    .requiredOption('--agency <code>', 'the agency the entries come from (its code, e.g. police)')
    .option('--dry-run', 'check the file and report, writing nothing')
    .action(async (file: string, options: { agency: string; dryRun?: boolean }) => {
      let csv: string;
      try {
        csv = fs.readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(ExitCode.usage, `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      await withServices(io, async ({ services, actor }) => {
        const agency = await requireAgencyByCode(services, options.agency);
        const progress = startProgress(io, options.dryRun ? 'Checking' : 'Importing');
        const report = await services.chronology
          .importCsv(actor, {
            csv,
            agencyId: agency.id,
            dryRun: options.dryRun === true,
            onProgress: (done, total) => progress.update(done, total),
          })
          .finally(() => progress.stop());
        for (const error of report.errors) {
          line(io.stderr, `${path.basename(file)}:${error.line}: ${error.field}: ${error.message}`);
        }
        if (report.errors.length > 0) {
          throw new CliError(
            ExitCode.failed,
            `${report.errors.length} problem(s) in ${report.rows} row(s). Nothing was imported: fix the file and run the import again.`,
          );
        }
        line(
          io.stdout,
          options.dryRun
            ? `${report.rows} row(s) checked: the file is clean. Nothing was imported (dry run).`
            : `Imported ${report.imported} entries from ${agency.name}.`,
        );
      });
    });

  chronology
    .command('export')
    .description('write a person’s (or their family’s) chronology for a review, oldest first, with agency attribution')
    .requiredOption('--person <id>', 'the person’s record id')
    .addOption(new Option('--format <format>', 'pdf or csv').choices(['pdf', 'csv']).makeOptionMandatory())
    .option('--family', 'include everyone in the person’s household')
    .option('--from <date>', 'first day, YYYY-MM-DD')
    .option('--to <date>', 'last day, YYYY-MM-DD')
    .option('--out <file>', 'where to write it (default: chronology-<date>.<format> here; - for standard output)')
    .action(async (options: { person: string; format: 'pdf' | 'csv'; family?: boolean; from?: string; to?: string; out?: string }) => {
      if (!UUID.test(options.person)) {
        throw new CliError(ExitCode.usage, `--person must be a person record id (a UUID), not "${options.person}"`);
      }
      await withServices(io, async ({ services, actor }) => {
        const file = await services.chronology.exportChronology(actor, {
          personId: options.person,
          family: options.family === true,
          from: options.from,
          to: options.to,
          format: options.format,
          title: options.family ? 'Family chronology' : 'Chronology',
        });
        if (options.out === '-') {
          io.stdout(file.body.toString(options.format === 'csv' ? 'utf8' : 'latin1'));
          return;
        }
        const target = options.out ?? file.filename;
        fs.writeFileSync(target, file.body);
        line(io.stderr, `Wrote ${file.entries} entries to ${target}`);
      });
    });
}
