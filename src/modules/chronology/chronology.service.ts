import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent, recordAuditEvents } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { daysBetween, startOfUkDay, ukDateOf } from '../../platform/dates.ts';
import { AppError, ErrorCode, type FieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import type { AccessService } from '../access/index.ts';
import type { RelationshipsService } from '../relationships/index.ts';
import { renderChronologyCsv, renderChronologyPdf } from './chronology.export.ts';
import { type ImportReport, parseImportCsv } from './chronology.import.ts';
import { canCorrectEntry, canImportFor, canRecordEntries } from './chronology.policy.ts';
import * as repository from './chronology.repository.ts';
import {
  AmendEntryInput,
  type ChronologyEntry,
  ChronologyFilter,
  type ChronologyPage,
  RecordEntryInput,
  RecordVoiceInput,
  VOICE_STALE_AFTER_DAYS,
  type VoiceEntry,
  type VoiceSummary,
  WithdrawEntryInput,
} from './chronology.schema.ts';

/** An entry another module records as a side effect of its own work (a referral, a decision, a meeting). */
export interface ModuleEntry {
  originType: string;
  originId: string;
  occurredAt: Date;
  category: RecordEntryInput['category'];
  summary: string;
  significance: RecordEntryInput['significance'];
  personIds: string[];
  sensitivity?: RecordEntryInput['sensitivity'];
}

export type ExportFormat = 'csv' | 'pdf';

export function createChronologyService(db: Db, clock: Clock, deps: { access: AccessService; relationships: RelationshipsService }) {
  const { access, relationships } = deps;

  function requireWriter(actor: Actor): { agencyId: string; partnershipId: string } {
    if (!canRecordEntries(actor) || !actor.agencyId || !actor.partnershipId) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot add to the chronology');
    }
    return { agencyId: actor.agencyId, partnershipId: actor.partnershipId };
  }

  /**
   * The people a write names must all be ones the writer may record about, and an entry about a
   * born person cannot predate their birth. Errors name the position in the list, never a person.
   */
  async function checkPeople(
    executor: Db | Tx,
    actor: Actor,
    partnershipId: string,
    personIds: string[],
    occurredAt: Date,
    field = 'personIds',
  ): Promise<FieldError[]> {
    const found = new Map(
      (await repository.peopleForWrite(executor, actor, personIds, partnershipId, clock.now())).map((person) => [person.id, person]),
    );
    const errors: FieldError[] = [];
    const eventDay = ukDateOf(occurredAt);
    personIds.forEach((id, index) => {
      const person = found.get(id);
      if (!person) {
        errors.push({ field: `${field}.${index}`, message: `Person ${index + 1} is not a record you can add to (${id})` });
      } else if (person.dateOfBirth && eventDay < person.dateOfBirth) {
        errors.push({
          field: 'occurredAt',
          message: `The entry is dated ${eventDay}, before the date of birth of person ${index + 1} (${person.dateOfBirth})`,
        });
      }
    });
    if (occurredAt.getTime() > clock.now().getTime() + 5 * 60_000) {
      errors.push({ field: 'occurredAt', message: 'The entry cannot be dated in the future' });
    }
    return errors;
  }

  function invalid(fields: FieldError[]): AppError {
    return new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', fields);
  }

  async function hydrate(executor: Db | Tx, actor: Actor, rows: Awaited<ReturnType<typeof repository.listEntries>>['rows']) {
    const people = await repository.peopleOfEntries(
      executor,
      actor,
      clock.now(),
      rows.map((row) => row.id),
    );
    return rows.map((row) => repository.toEntry(row, people.get(row.id) ?? []));
  }

  async function readChronology(
    actor: Actor,
    personIds: string[],
    rawFilter: ChronologyFilter,
    order: 'newest' | 'oldest',
    audit: { action: string; subjectId: string; purpose: string },
    options: { allPages?: boolean } = {},
  ): Promise<ChronologyPage> {
    const filter = parseInput(ChronologyFilter, rawFilter);
    if (filter.from && filter.to && filter.to < filter.from) {
      throw invalid([{ field: 'to', message: 'The end date must be the same as or after the start date' }]);
    }
    return withTransaction(db, async (tx) => {
      const now = clock.now();
      const to = filter.to ? new Date(startOfUkDay(filter.to).getTime() + 86_400_000) : undefined;
      const page = (offset: number) =>
        repository.listEntries(tx, actor, now, {
          personIds,
          agencyIds: filter.agencyIds,
          categories: filter.categories,
          significances: filter.significances,
          from: filter.from ? startOfUkDay(filter.from) : undefined,
          to,
          includeWithdrawn: filter.includeWithdrawn ?? false,
          order,
          limit: filter.pageSize,
          offset,
        });
      let { rows, total } = await page((filter.page - 1) * filter.pageSize);
      // An export reads every page in the one transaction, so it is one consistent snapshot and one audited read.
      while (options.allPages && rows.length < total) {
        const next = await page(rows.length);
        if (next.rows.length === 0) {
          break;
        }
        rows = [...rows, ...next.rows];
        total = next.total;
      }
      const counts = await repository.countEntries(tx, actor, now, personIds);
      await recordAuditEvent(tx, actor, clock, {
        action: audit.action,
        subjectType: 'person',
        subjectId: audit.subjectId,
        purpose: audit.purpose,
        details: { entries: rows.length, withheld: counts.all - counts.visible, people: personIds },
      });
      return {
        entries: await hydrate(tx, actor, rows),
        total,
        page: filter.page,
        pageSize: filter.pageSize,
        withheld: counts.all - counts.visible,
        withdrawn: filter.includeWithdrawn ? 0 : counts.withdrawnVisible,
      };
    });
  }

  async function familyMembers(actor: Actor, personId: string): Promise<string[]> {
    if (actor.kind !== 'system') {
      await access.requireVisiblePerson(db, actor, personId);
    }
    const members = await relationships.householdMemberIds(personId, clock.now());
    return members.includes(personId) ? members : [personId, ...members];
  }

  const service = {
    /** Adds an entry from the actor's agency about every person it concerns. */
    async recordEntry(actor: Actor, rawInput: RecordEntryInput): Promise<ChronologyEntry> {
      const { agencyId, partnershipId } = requireWriter(actor);
      const input = parseInput(RecordEntryInput, rawInput);
      const id = newId();
      return withTransaction(db, async (tx) => {
        const errors = await checkPeople(tx, actor, partnershipId, input.personIds, input.occurredAt.at);
        if (errors.length > 0) {
          throw invalid(errors);
        }
        await insertChecked(tx, [
          {
            id,
            partnershipId,
            occurredAt: input.occurredAt.at,
            occurredAtIsApproximate: input.occurredAtIsApproximate,
            timeIsKnown: input.occurredAt.timeIsKnown,
            recordedAt: clock.now(),
            sourceAgencyId: agencyId,
            authorUserId: actor.userId,
            authorLabel: actor.displayName,
            category: input.category,
            summary: input.summary,
            nature: input.nature,
            significance: input.significance,
            sensitivity: input.sensitivity,
            sourceReference: input.sourceReference ?? null,
            supersedesId: null,
            amendmentReason: null,
            originType: null,
            originId: null,
            importBatchId: null,
            personIds: input.personIds,
          },
        ]);
        await recordAuditEvents(
          tx,
          actor,
          clock,
          input.personIds.map((personId) => ({
            action: 'chronology.entry-recorded',
            subjectType: 'person',
            subjectId: personId,
            details: { entryId: id, category: input.category },
          })),
        );
        return service.getEntryWithin(tx, actor, id);
      });
    },

    /**
     * Restates an entry with a reason. The original stays, marked as superseded and still readable
     * in the entry's history; only the source agency amends its own entries.
     */
    async amendEntry(actor: Actor, id: string, rawInput: AmendEntryInput): Promise<ChronologyEntry> {
      const { partnershipId } = requireWriter(actor);
      const input = parseInput(AmendEntryInput, rawInput);
      const newEntryId = newId();
      return withTransaction(db, async (tx) => {
        const original = await service.getEntryWithin(tx, actor, id);
        if (!canCorrectEntry(actor, original)) {
          throw new AppError(
            ErrorCode.FORBIDDEN,
            `Only ${original.sourceAgencyName} can amend its own entries. If you disagree with it, raise it with them.`,
          );
        }
        if (original.supersededById || original.withdrawal) {
          throw new AppError(
            ErrorCode.CONFLICT,
            original.withdrawal
              ? 'This entry has been withdrawn and cannot be amended'
              : 'This entry has already been amended: amend the latest version',
          );
        }
        const personIds = input.personIds ?? original.people.map((person) => person.id);
        const occurredAt = input.occurredAt ?? { at: original.occurredAt, timeIsKnown: original.timeIsKnown };
        const errors = await checkPeople(tx, actor, partnershipId, personIds, occurredAt.at);
        if (errors.length > 0) {
          throw invalid(errors);
        }
        await insertChecked(tx, [
          {
            id: newEntryId,
            partnershipId,
            occurredAt: occurredAt.at,
            occurredAtIsApproximate: input.occurredAtIsApproximate ?? original.occurredAtIsApproximate,
            timeIsKnown: occurredAt.timeIsKnown,
            recordedAt: clock.now(),
            sourceAgencyId: original.sourceAgencyId,
            authorUserId: actor.userId,
            authorLabel: actor.displayName,
            category: input.category ?? original.category,
            summary: input.summary ?? original.summary,
            nature: input.nature ?? original.nature,
            significance: input.significance ?? original.significance,
            sensitivity: input.sensitivity ?? original.sensitivity,
            sourceReference: original.sourceReference,
            supersedesId: original.id,
            amendmentReason: input.reason,
            originType: null,
            originId: null,
            importBatchId: null,
            personIds,
          },
        ]);
        await recordAuditEvents(
          tx,
          actor,
          clock,
          [...new Set([...personIds, ...original.people.map((person) => person.id)])].map((personId) => ({
            action: 'chronology.entry-amended',
            subjectType: 'person',
            subjectId: personId,
            details: { entryId: newEntryId, supersedes: original.id },
          })),
        );
        return service.getEntryWithin(tx, actor, newEntryId);
      });
    },

    /** Withdraws an entry (recorded about the wrong child, a duplicate) with a reason; the entry is kept. */
    async withdrawEntry(actor: Actor, id: string, rawInput: WithdrawEntryInput): Promise<ChronologyEntry> {
      requireWriter(actor);
      const input = parseInput(WithdrawEntryInput, rawInput);
      return withTransaction(db, async (tx) => {
        const entry = await service.getEntryWithin(tx, actor, id);
        if (!canCorrectEntry(actor, entry)) {
          throw new AppError(ErrorCode.FORBIDDEN, `Only ${entry.sourceAgencyName} can withdraw its own entries`);
        }
        if (entry.supersededById || entry.withdrawal) {
          throw new AppError(
            ErrorCode.CONFLICT,
            entry.withdrawal ? 'This entry is already withdrawn' : 'This entry has been amended: withdraw the latest version',
          );
        }
        await repository.insertWithdrawal(tx, {
          entryId: id,
          reason: input.reason,
          withdrawnBy: actor.userId,
          withdrawnByLabel: actor.displayName,
          withdrawnAt: clock.now(),
        });
        await recordAuditEvents(
          tx,
          actor,
          clock,
          entry.people.map((person) => ({
            action: 'chronology.entry-withdrawn',
            subjectType: 'person',
            subjectId: person.id,
            details: { entryId: id },
          })),
        );
        return service.getEntryWithin(tx, actor, id);
      });
    },

    async getEntryWithin(executor: Db | Tx, actor: Actor, id: string): Promise<ChronologyEntry> {
      const row = await repository.findVisibleEntry(executor, actor, id, clock.now());
      if (!row) {
        throw notFound();
      }
      const [entry] = await hydrate(executor, actor, [row]);
      return entry as ChronologyEntry;
    },

    /** One entry the actor may read, audited against every person it concerns. */
    async getEntry(actor: Actor, id: string): Promise<ChronologyEntry> {
      return withTransaction(db, async (tx) => {
        const entry = await service.getEntryWithin(tx, actor, id).catch(async (error: unknown) => {
          await recordAuditEvent(tx, actor, clock, {
            action: 'chronology.entry-viewed',
            outcome: 'denied',
            subjectType: 'chronology_entry',
            subjectId: id,
          });
          throw error;
        });
        await recordAuditEvents(
          tx,
          actor,
          clock,
          entry.people.map((person) => ({
            action: 'chronology.entry-viewed',
            subjectType: 'person',
            subjectId: person.id,
            details: { entryId: id },
          })),
        );
        return entry;
      });
    },

    /** An entry with every version of it the actor may read, oldest first: the amendment trail. */
    async getEntryHistory(actor: Actor, id: string): Promise<ChronologyEntry[]> {
      const entry = await service.getEntry(actor, id);
      const rows = await repository.findVisibleChain(db, actor, entry.id, clock.now());
      return hydrate(db, actor, rows);
    },

    /** A person's chronology, newest first, as far as the reader may see it. */
    async personChronology(actor: Actor, personId: string, filter: ChronologyFilter = {}): Promise<ChronologyPage> {
      await access.requireVisiblePerson(db, actor, personId);
      return readChronology(actor, [personId], filter, 'newest', {
        action: 'chronology.viewed',
        subjectId: personId,
        purpose: 'person chronology',
      });
    },

    /** The merged chronology of everyone who shares a household with the person now. */
    async familyChronology(
      actor: Actor,
      personId: string,
      filter: ChronologyFilter = {},
    ): Promise<ChronologyPage & { memberIds: string[] }> {
      const memberIds = await familyMembers(actor, personId);
      const page = await readChronology(actor, memberIds, filter, 'newest', {
        action: 'chronology.family-viewed',
        subjectId: personId,
        purpose: 'family chronology',
      });
      return { ...page, memberIds };
    },

    /**
     * The review document: a person's (or their family's) chronology, oldest first, as a CSV or PDF
     * with every entry's agency and author. The reader's access applies; what is withheld is said.
     */
    async exportChronology(
      actor: Actor,
      options: { personId: string; family?: boolean; from?: string; to?: string; format: ExportFormat; title: string },
    ): Promise<{ body: Buffer; contentType: string; filename: string; entries: number }> {
      const personIds = options.family ? await familyMembers(actor, options.personId) : [options.personId];
      if (!options.family && actor.kind !== 'system') {
        await access.requireVisiblePerson(db, actor, options.personId);
      }
      const { entries, withheld } = await readChronology(
        actor,
        personIds,
        { from: options.from, to: options.to, page: 1, pageSize: 500 },
        'oldest',
        { action: 'chronology.exported', subjectId: options.personId, purpose: `${options.format} export` },
        { allPages: true },
      );
      const meta = {
        title: options.title,
        scope: options.family ? 'Family (everyone in the household)' : 'Person',
        from: options.from ?? null,
        to: options.to ?? null,
        generatedAt: clock.now(),
        generatedBy: actor.displayName,
        withheld,
      };
      const stamp = ukDateOf(clock.now());
      if (options.format === 'csv') {
        return {
          body: renderChronologyCsv(entries),
          contentType: 'text/csv; charset=utf-8',
          filename: `chronology-${stamp}.csv`,
          entries: entries.length,
        };
      }
      return {
        body: await renderChronologyPdf(entries, meta),
        contentType: 'application/pdf',
        filename: `chronology-${stamp}.pdf`,
        entries: entries.length,
      };
    },

    /**
     * A bulk load from an agency's own system. Every row is checked first and every bad row
     * reported with its line; nothing is written unless the whole file is clean and this is not a
     * dry run. The load is one transaction: it lands whole or not at all.
     */
    async importCsv(
      actor: Actor,
      options: { csv: string; agencyId?: string; dryRun: boolean; onProgress?: (done: number, total: number) => void },
    ): Promise<ImportReport> {
      const agencyId = options.agencyId ?? actor.agencyId;
      if (!agencyId) {
        throw new AppError(ErrorCode.VALIDATION, 'Say which agency the entries come from', [
          { field: 'agency', message: 'Choose the source agency' },
        ]);
      }
      if (!canImportFor(actor, agencyId)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'You can import entries only for your own agency');
      }
      const partnershipId = await repository.agencyPartnership(db, agencyId);
      if (!partnershipId || (actor.partnershipId && actor.partnershipId !== partnershipId)) {
        throw new AppError(ErrorCode.VALIDATION, 'Unknown agency', [
          { field: 'agency', message: 'There is no such agency in this partnership' },
        ]);
      }
      const parsed = parseImportCsv(options.csv);
      const report: ImportReport = { rows: parsed.rows.length, errors: [...parsed.errors], imported: 0, dryRun: options.dryRun };
      const batchId = newId();
      const now = clock.now();
      const entries: repository.NewEntryRow[] = [];
      // People are checked in one pass per thousand rows rather than per row, so big files stay fast.
      for (let start = 0; start < parsed.rows.length; start += 1000) {
        const chunk = parsed.rows.slice(start, start + 1000);
        const ids = [...new Set(chunk.flatMap((row) => row.input.personIds))];
        const known = new Map((await repository.peopleForWrite(db, actor, ids, partnershipId, now)).map((person) => [person.id, person]));
        for (const row of chunk) {
          const rowErrors: string[] = [];
          row.input.personIds.forEach((id) => {
            const person = known.get(id);
            if (!person) {
              rowErrors.push(`person_ids: ${id} is not a person in this partnership that you can add to`);
            } else if (person.dateOfBirth && ukDateOf(row.input.occurredAt.at) < person.dateOfBirth) {
              rowErrors.push(`occurred_at: before the date of birth of ${id} (${person.dateOfBirth})`);
            }
          });
          if (row.input.occurredAt.at.getTime() > now.getTime()) {
            rowErrors.push('occurred_at: cannot be in the future');
          }
          for (const message of rowErrors) {
            const [field, ...rest] = message.split(': ');
            report.errors.push({ line: row.line, field: field as string, message: rest.join(': ') });
          }
          entries.push({
            id: newId(),
            partnershipId,
            occurredAt: row.input.occurredAt.at,
            occurredAtIsApproximate: row.input.occurredAtIsApproximate,
            timeIsKnown: row.input.occurredAt.timeIsKnown,
            recordedAt: now,
            sourceAgencyId: agencyId,
            authorUserId: actor.userId,
            authorLabel: row.author ?? `${actor.displayName} (import)`,
            category: row.input.category,
            summary: row.input.summary,
            nature: row.input.nature,
            significance: row.input.significance,
            sensitivity: row.input.sensitivity,
            sourceReference: row.input.sourceReference ?? null,
            supersedesId: null,
            amendmentReason: null,
            originType: null,
            originId: null,
            importBatchId: batchId,
            personIds: row.input.personIds,
          });
        }
        options.onProgress?.(Math.min(start + chunk.length, parsed.rows.length), parsed.rows.length * (options.dryRun ? 1 : 2));
      }
      const references = entries.map((entry) => entry.sourceReference).filter((reference): reference is string => reference !== null);
      for (const reference of await repository.existingReferences(db, agencyId, references)) {
        const line = parsed.rows[entries.findIndex((entry) => entry.sourceReference === reference)]?.line ?? 0;
        report.errors.push({ line, field: 'source_reference', message: `${reference} has already been imported for this agency` });
      }
      report.errors.sort((a, b) => a.line - b.line);
      if (report.errors.length > 0 || options.dryRun) {
        return report;
      }
      await withTransaction(db, async (tx) => {
        for (let start = 0; start < entries.length; start += 1000) {
          const batch = entries.slice(start, start + 1000);
          await insertChecked(tx, batch);
          await recordAuditEvents(
            tx,
            actor,
            clock,
            batch.flatMap((entry) =>
              entry.personIds.map((personId) => ({
                action: 'chronology.entry-imported',
                subjectType: 'person',
                subjectId: personId,
                details: { entryId: entry.id, batchId },
              })),
            ),
          );
          options.onProgress?.(parsed.rows.length + start + batch.length, parsed.rows.length * 2);
        }
      });
      report.imported = entries.length;
      return report;
    },

    /**
     * For other modules: adds the entry their own record implies (a referral received, a decision
     * made) in their transaction. Sending the same origin twice writes once.
     */
    async recordFromModule(tx: Tx, actor: Actor, entry: ModuleEntry): Promise<string> {
      const existing = await repository.findByOrigin(tx, entry.originType, entry.originId);
      if (existing) {
        return existing;
      }
      const { agencyId, partnershipId } = requireWriter(actor);
      const id = newId();
      await insertChecked(tx, [
        {
          id,
          partnershipId,
          occurredAt: entry.occurredAt,
          occurredAtIsApproximate: false,
          timeIsKnown: true,
          recordedAt: clock.now(),
          sourceAgencyId: agencyId,
          authorUserId: actor.userId,
          authorLabel: actor.displayName,
          category: entry.category,
          summary: entry.summary,
          nature: 'fact',
          significance: entry.significance,
          sensitivity: entry.sensitivity ?? 'standard',
          sourceReference: null,
          supersedesId: null,
          amendmentReason: null,
          originType: entry.originType,
          originId: entry.originId,
          importBatchId: null,
          personIds: entry.personIds,
        },
      ]);
      await recordAuditEvents(
        tx,
        actor,
        clock,
        entry.personIds.map((personId) => ({
          action: 'chronology.entry-recorded',
          subjectType: 'person',
          subjectId: personId,
          details: { entryId: id, origin: entry.originType },
        })),
      );
      return id;
    },

    /** Records what one person said, felt or wished, in their words where possible. */
    async recordVoice(actor: Actor, personId: string, rawInput: RecordVoiceInput): Promise<VoiceEntry> {
      const { agencyId, partnershipId } = requireWriter(actor);
      const input = parseInput(RecordVoiceInput, rawInput);
      const today = ukDateOf(clock.now());
      const id = newId();
      return withTransaction(db, async (tx) => {
        const [person] = await repository.peopleForWrite(tx, actor, [personId], partnershipId, clock.now());
        if (!person) {
          throw notFound();
        }
        const errors: FieldError[] = [];
        if (input.heardOn > today) {
          errors.push({ field: 'heardOn', message: 'The date they were heard cannot be in the future' });
        }
        if (person.dateOfBirth && input.heardOn < person.dateOfBirth) {
          errors.push({ field: 'heardOn', message: 'The date they were heard cannot be before their date of birth' });
        }
        if (errors.length > 0) {
          throw invalid(errors);
        }
        await repository.insertVoice(tx, {
          id,
          personId,
          partnershipId,
          agencyId,
          heardOn: input.heardOn,
          method: input.method,
          heardIndividually: input.heardIndividually,
          words: input.words,
          isVerbatim: input.isVerbatim,
          wishesAndFeelings: input.wishesAndFeelings ?? null,
          recordedBy: actor.userId,
          recordedByLabel: actor.displayName,
          recordedAt: clock.now(),
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'voice.recorded',
          subjectType: 'person',
          subjectId: personId,
          details: { voiceEntryId: id },
        });
        return (await repository.findVoiceEntry(tx, id)) as VoiceEntry;
      });
    },

    /** A person's voice over time, and whether they have been heard, individually, recently. */
    async voiceOf(actor: Actor, personId: string): Promise<VoiceSummary> {
      return withTransaction(db, async (tx) => {
        await access.requireVisiblePerson(tx, actor, personId);
        const entries = await repository.listVoiceOfVisiblePerson(tx, actor, personId, clock.now());
        await recordAuditEvent(tx, actor, clock, { action: 'voice.viewed', subjectType: 'person', subjectId: personId });
        const today = ukDateOf(clock.now());
        const lastHeardOn = entries[0]?.heardOn ?? null;
        const lastHeardIndividuallyOn = entries.find((entry) => entry.heardIndividually)?.heardOn ?? null;
        const recent = entries.filter((entry) => daysBetween(entry.heardOn, today) <= VOICE_STALE_AFTER_DAYS);
        return {
          entries,
          lastHeardOn,
          lastHeardIndividuallyOn,
          notHeardRecently: lastHeardIndividuallyOn === null || daysBetween(lastHeardIndividuallyOn, today) > VOICE_STALE_AFTER_DAYS,
          onlyHeardInGroup: recent.length > 0 && recent.every((entry) => !entry.heardIndividually),
        };
      });
    },
  };

  /** Inserts entries, turning a duplicate partner reference or a concurrent amendment into a clear conflict. */
  async function insertChecked(tx: Tx, rows: repository.NewEntryRow[]): Promise<void> {
    try {
      await repository.insertEntries(tx, rows);
    } catch (error) {
      const text = String((error as { message?: unknown }).message ?? '');
      if (text.includes('chronology_entry_supersedes')) {
        throw new AppError(ErrorCode.CONFLICT, 'Someone else amended this entry at the same time. Reload it and try again.');
      }
      if (text.includes('chronology_entry_source_reference')) {
        throw new AppError(ErrorCode.CONFLICT, 'An entry with this source reference has already been recorded by your agency');
      }
      throw error;
    }
  }

  return service;
}

export type ChronologyService = ReturnType<typeof createChronologyService>;
