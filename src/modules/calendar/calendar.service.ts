import { readFileSync } from 'node:fs';
import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validation.ts';
import { assertCanConfigureCalendar } from './calendar.policy.ts';
import * as repository from './calendar.repository.ts';
import {
  AddPartnershipDayInput,
  ChangeClocksInput,
  ClockSettings,
  DEFAULT_CLOCKS,
  type NonWorkingDay,
  OfficialHolidayList,
  type OfficialUpdateReport,
} from './calendar.schema.ts';
import { type CountFrom, WorkingCalendar } from './working-days.ts';

type Executor = Db | Tx;

const CLOCKS_KEY = 'clocks';
const SYNCED_KEY = 'calendar.official-synced-at';
/** Clocks read on every referral; a short cache keeps them off the hot path, and local writes clear it. */
const CACHE_MS = 30_000;

/** The England and Wales bank holidays shipped with this release, as the gov.uk file lists them. */
export function shippedHolidayList(): OfficialHolidayList {
  const file = new URL('./bank-holidays.england-and-wales.json', import.meta.url);
  return OfficialHolidayList.parse(JSON.parse(readFileSync(file, 'utf8')));
}

function yearsOf(list: OfficialHolidayList): number[] {
  return [...new Set(list['england-and-wales'].events.map((event) => Number(event.date.slice(0, 4))))].sort();
}

export function createCalendarService(db: Db, clock: Clock) {
  const cache = new Map<string, { at: number; calendar: WorkingCalendar; clocks: ClockSettings }>();

  async function read(partnershipId: string | null, executor: Executor) {
    const key = partnershipId ?? '';
    const cached = cache.get(key);
    // Settings, not case data: a cached copy serves any caller, inside a transaction or not. A miss
    // reads through the caller's executor, since on the embedded database a transaction holds the
    // only connection.
    if (cached && clock.now().getTime() - cached.at < CACHE_MS && clock.now().getTime() >= cached.at) {
      return cached;
    }
    const [days, clocks] = await Promise.all([repository.listNonWorkingDays(executor, partnershipId), readClocks(executor, partnershipId)]);
    const entry = { at: clock.now().getTime(), calendar: new WorkingCalendar(daysOf(days), clocks.countFrom), clocks };
    cache.set(key, entry);
    return entry;
  }

  async function readClocks(executor: Executor, partnershipId: string | null): Promise<ClockSettings> {
    const stored = partnershipId ? await repository.readSetting(executor, partnershipId, CLOCKS_KEY) : null;
    if (!stored) {
      return DEFAULT_CLOCKS;
    }
    // Stored settings are merged over the defaults, so a clock added in a later release has a value.
    const merged = { ...DEFAULT_CLOCKS, ...(JSON.parse(stored) as Partial<ClockSettings>) };
    return ClockSettings.parse(merged);
  }

  function partnershipOf(actor: Actor, partnershipId?: string | null): string {
    const id = partnershipId ?? actor.partnershipId;
    if (!id) {
      throw new AppError(ErrorCode.VALIDATION, 'Say which partnership', [{ field: 'partnership', message: 'Say which partnership' }]);
    }
    return id;
  }

  return {
    /** The working calendar of a partnership (official days and its own), or of the official list alone. */
    async load(partnershipId: string | null, executor: Executor = db): Promise<WorkingCalendar> {
      return (await read(partnershipId, executor)).calendar;
    },

    /** The partnership's clock settings, defaults filled in. */
    async clocks(partnershipId: string | null, executor: Executor = db): Promise<ClockSettings> {
      return (await read(partnershipId, executor)).clocks;
    },

    /** `from` plus `days` working days, with the partnership's counting convention unless told otherwise. */
    async addWorkingDays(
      partnershipId: string | null,
      from: string,
      days: number,
      countFrom?: CountFrom,
    ): Promise<{ date: string; countFrom: CountFrom }> {
      const calendar = await this.load(partnershipId);
      const convention = countFrom ?? calendar.countFrom;
      const counted = convention === calendar.countFrom ? calendar : calendar.withCountFrom(convention);
      return { date: counted.addWorkingDays(from, days), countFrom: convention };
    },

    async listDays(partnershipId: string | null): Promise<NonWorkingDay[]> {
      return repository.listNonWorkingDays(db, partnershipId);
    },

    /** The one partnership of a single-partnership deployment, for the CLI; null when there are none or several. */
    async onlyPartnershipId(): Promise<string | null> {
      return repository.onlyPartnershipId(db);
    },

    /**
     * Replaces the official England and Wales days for every year the file covers (gov.uk's
     * `bank-holidays.json`), so a proclaimed one-off holiday or a corrected date arrives without a
     * release. Years the file does not mention are left as they were.
     */
    async updateOfficial(actor: Actor, rawList: unknown): Promise<OfficialUpdateReport> {
      assertCanConfigureCalendar(actor);
      const list = parseInput(OfficialHolidayList, rawList);
      const years = yearsOf(list);
      const days = list['england-and-wales'].events.map((event) => ({ date: event.date, title: event.title }));
      const unique = [...new Map(days.map((day) => [day.date, day])).values()];
      const report = await withTransaction(db, async (tx) => {
        const { removed, added } = await repository.replaceOfficialYears(tx, years, unique);
        await recordAuditEvent(tx, actor, clock, {
          action: 'calendar.official-days-updated',
          subjectType: 'calendar',
          details: { years: years.map(String), added, removed },
        });
        const partnershipId = actor.partnershipId ?? (await repository.onlyPartnershipId(tx));
        if (partnershipId) {
          await repository.writeSetting(tx, {
            partnershipId,
            key: SYNCED_KEY,
            value: JSON.stringify(clock.now().toISOString()),
            at: clock.now(),
            by: actor.label,
          });
        }
        return { years, added, removed };
      });
      cache.clear();
      return report;
    },

    /** A day the partnership does not work (a local closure), on top of the official list. */
    async addPartnershipDay(actor: Actor, rawInput: AddPartnershipDayInput, partnershipId?: string | null): Promise<void> {
      assertCanConfigureCalendar(actor);
      const input = parseInput(AddPartnershipDayInput, rawInput);
      const partnership = partnershipOf(actor, partnershipId);
      await withTransaction(db, async (tx) => {
        const added = await repository.insertPartnershipDay(tx, {
          partnershipId: partnership,
          date: input.date,
          title: input.title,
          createdBy: actor.label,
        });
        if (!added) {
          throw new AppError(ErrorCode.CONFLICT, `${input.date} is already a partnership non-working day`);
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'calendar.day-added',
          subjectType: 'partnership',
          subjectId: partnership,
          details: input,
        });
      });
      cache.clear();
    },

    async removePartnershipDay(actor: Actor, date: string, partnershipId?: string | null): Promise<void> {
      assertCanConfigureCalendar(actor);
      const partnership = partnershipOf(actor, partnershipId);
      await withTransaction(db, async (tx) => {
        if (!(await repository.deletePartnershipDay(tx, partnership, date))) {
          throw new AppError(ErrorCode.NOT_FOUND, `${date} is not one of the partnership's own non-working days`);
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'calendar.day-removed',
          subjectType: 'partnership',
          subjectId: partnership,
          details: { date },
        });
      });
      cache.clear();
    },

    /** Changes some of the partnership's clocks; the rest keep their values. */
    async changeClocks(actor: Actor, rawInput: ChangeClocksInput, partnershipId?: string | null): Promise<ClockSettings> {
      assertCanConfigureCalendar(actor);
      const change = parseInput(ChangeClocksInput, rawInput);
      const partnership = partnershipOf(actor, partnershipId);
      const clocks = await withTransaction(db, async (tx) => {
        const next = ClockSettings.parse({ ...(await readClocks(tx, partnership)), ...change });
        await repository.writeSetting(tx, {
          partnershipId: partnership,
          key: CLOCKS_KEY,
          value: JSON.stringify(next),
          at: clock.now(),
          by: actor.label,
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'calendar.clocks-changed',
          subjectType: 'partnership',
          subjectId: partnership,
          details: { changed: Object.keys(change), clocks: JSON.stringify(change) },
        });
        return next;
      });
      cache.clear();
      return clocks;
    },

    /**
     * What should worry an administrator (check H-01): a year a clock may run into that the holiday
     * list does not reach, or an official list not refreshed this calendar year.
     */
    async warnings(partnershipId: string | null): Promise<string[]> {
      const calendar = await this.load(partnershipId);
      const year = clock.now().getUTCFullYear();
      const warnings: string[] = [];
      for (const each of [year, year + 1]) {
        if (!calendar.coversYear(each)) {
          warnings.push(
            `The calendar has no bank holidays for ${each}: run "wholepicture calendar update" with gov.uk's bank-holidays.json`,
          );
        }
      }
      const synced = partnershipId ? await repository.readSetting(db, partnershipId, SYNCED_KEY) : null;
      if (!synced || !(JSON.parse(synced) as string).startsWith(String(year))) {
        warnings.push(`The bank holiday list has not been refreshed from gov.uk in ${year}`);
      }
      return warnings;
    },
  };
}

function daysOf(days: NonWorkingDay[]): string[] {
  return days.map((day) => day.date);
}

export type CalendarService = ReturnType<typeof createCalendarService>;
