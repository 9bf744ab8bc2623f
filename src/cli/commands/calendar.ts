import fs from 'node:fs';
import type { Command } from 'commander';
import { formatIsoDate } from '../../platform/dates.ts';
import { IsoDate } from '../../platform/validation.ts';
import { CliError, ExitCode } from '../cli-error.ts';
import { type CliIo, line } from '../cli-io.ts';
import { withServices } from '../open-services.ts';

function isoDate(value: string): string {
  const parsed = IsoDate.safeParse(value);
  if (!parsed.success) {
    throw new CliError(ExitCode.usage, `"${value}" is not a date: give it as YYYY-MM-DD, e.g. 2026-12-17`);
  }
  return parsed.data;
}

function wholeDays(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 400) {
    throw new CliError(ExitCode.usage, `The number of working days must be a whole number from 0 to 400, not "${value}"`);
  }
  return Number(value);
}

/** `wholepicture calendar …`: the working-day calendar every statutory clock runs on. */
export function registerCalendarCommands(program: Command, io: CliIo): void {
  const calendar = program
    .command('calendar')
    .description('the working-day calendar: England and Wales bank holidays and the partnership’s own days');

  calendar
    .command('add-working-days')
    .description('print the date N working days after a date (weekends and bank holidays never count)')
    .argument('<date>', 'the start date, YYYY-MM-DD')
    .argument('<days>', 'how many working days to add')
    .option(
      '--count-from <n>',
      '0: the start date is day 0 (default unless the partnership says otherwise); 1: it is day 1 (the DfE validator)',
    )
    .action(async (date: string, days: string, options: { countFrom?: string }) => {
      const from = isoDate(date);
      const count = wholeDays(days);
      if (options.countFrom !== undefined && options.countFrom !== '0' && options.countFrom !== '1') {
        throw new CliError(ExitCode.usage, `--count-from must be 0 or 1, not "${options.countFrom}"`);
      }
      await withServices(io, async ({ services }) => {
        const partnershipId = await services.calendar.onlyPartnershipId();
        const countFrom = options.countFrom === undefined ? undefined : options.countFrom === '1' ? 1 : 0;
        const result = await services.calendar.addWorkingDays(partnershipId, from, count, countFrom);
        line(io.stdout, result.date);
      });
    });

  calendar
    .command('update')
    .description('replace the official bank holidays with gov.uk’s list (https://www.gov.uk/bank-holidays.json) for the years it covers')
    .argument('<file>', 'the downloaded bank-holidays.json')
    .action(async (file: string) => {
      let list: unknown;
      try {
        list = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        const reason =
          error instanceof SyntaxError ? `it is not JSON (${error.message})` : ((error as NodeJS.ErrnoException).code ?? String(error));
        throw new CliError(ExitCode.usage, `Cannot read ${file}: ${reason}`);
      }
      await withServices(io, async ({ services, actor }) => {
        const report = await services.calendar.updateOfficial(actor, list);
        line(
          io.stdout,
          `Official England and Wales bank holidays for ${report.years.join(', ')}: ${report.added} now listed (${report.removed} replaced).`,
        );
      });
    });

  calendar
    .command('days')
    .description('list the non-working days other than weekends, with any warning about the list')
    .option('--year <year>', 'only this year')
    .action(async (options: { year?: string }) => {
      if (options.year !== undefined && !/^\d{4}$/.test(options.year)) {
        throw new CliError(ExitCode.usage, `--year must be a year such as 2027, not "${options.year}"`);
      }
      await withServices(io, async ({ services }) => {
        const partnershipId = await services.calendar.onlyPartnershipId();
        const days = (await services.calendar.listDays(partnershipId)).filter((day) => !options.year || day.date.startsWith(options.year));
        for (const day of days) {
          line(
            io.stdout,
            `${day.date}  ${formatIsoDate(day.date).padEnd(18)} ${day.title}${day.source === 'partnership' ? ' (partnership)' : ''}`,
          );
        }
        for (const warning of await services.calendar.warnings(partnershipId)) {
          line(io.stderr, `Warning: ${warning}`);
        }
      });
    });

  calendar
    .command('add-day')
    .description('add a partnership non-working day (a local closure) on top of the official list')
    .argument('<date>', 'YYYY-MM-DD')
    .argument('<title>', 'what the day is')
    .action(async (date: string, title: string) => {
      const day = isoDate(date);
      await withServices(io, async ({ services, actor }) => {
        const partnershipId = await services.calendar.onlyPartnershipId();
        if (!partnershipId) {
          throw new CliError(ExitCode.usage, 'There is no single partnership here to add the day to');
        }
        await services.calendar.addPartnershipDay(actor, { date: day, title }, partnershipId);
        line(io.stdout, `${formatIsoDate(day)} is now a non-working day for the partnership.`);
      });
    });
}
