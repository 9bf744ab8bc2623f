import { type Actor, systemActor } from '../../platform/access/actor.ts';
import type { AuditEventInput } from '../../platform/audit-trail/audit-event.ts';
import { recordAuditEvents } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { type JobHandler, jobWaiting, scheduleJob } from '../../platform/jobs/jobs.ts';
import { parseInput } from '../../platform/validation.ts';
import type { AgenciesService } from '../agencies/index.ts';
import {
  assertCanChangeModel,
  forEachCandidatePair,
  GUARD_WORDS,
  type Guard,
  type LabelledPair,
  type MatchInput,
  type MatchingService,
  type PreparedRecord,
  prepareRecord,
  probabilityOf,
  trainModel,
} from '../matching/index.ts';
import type { PeopleService, PersonDetails } from '../people/index.ts';
import { IDENTIFIER_LABELS, NAME_KIND_LABELS, SEX_LABELS } from '../people/index.ts';
import { assertCanResolveDuplicates, assertCanScan, mayLinkAutomatically } from './duplicates.policy.ts';
import * as repository from './duplicates.repository.ts';
import {
  type CandidateDetail,
  type CandidateRecord,
  ConfirmDuplicateInput,
  type DuplicateCandidate,
  type DuplicateQueuePage,
  ListDuplicatesInput,
  type PersonMerge,
  RejectDuplicateInput,
  type ScanReport,
  type TrainingReport,
  UnmergeInput,
} from './duplicates.schema.ts';

/** The automatic link is the system's own decision, and the audit trail says so. */
export const MATCHING_ACTOR = systemActor('matching');

/** The job that scans every partnership for duplicates, once a day. */
export const SCAN_JOB_KIND = 'duplicates.scan';
const SCAN_INTERVAL_MS = 24 * 60 * 60 * 1000;

function guardWords(guard: string | null): string | null {
  return guard && guard in GUARD_WORDS ? GUARD_WORDS[guard as Guard] : null;
}

function nameOf(input: MatchInput | undefined): string {
  return [input?.forename, input?.surname].filter(Boolean).join(' ') || 'Name not recorded';
}

function recordFromSnapshot(input: MatchInput, facts: repository.PersonFacts | undefined): CandidateRecord {
  return {
    personId: input.id,
    current: false,
    name: nameOf(input),
    dateOfBirth: input.dob ?? null,
    sex: input.sex ? (SEX_LABELS[input.sex as keyof typeof SEX_LABELS] ?? input.sex) : null,
    isRestricted: facts?.isRestricted ?? false,
    createdAt: facts?.createdAt ?? null,
    otherNames: (input.otherNames ?? []).map((name) => [name.forename, name.surname].filter(Boolean).join(' ')),
    identifiers: [
      ...(input.nhsNumber ? [`NHS number ${input.nhsNumber}`] : []),
      ...Object.entries(input.identifiers ?? {}).flatMap(([kind, value]) =>
        value ? [`${IDENTIFIER_LABELS[kind as keyof typeof IDENTIFIER_LABELS] ?? kind} ${value}`] : [],
      ),
    ],
    addresses: [
      ...(input.address || input.postcode ? [[input.address, input.postcode].filter(Boolean).join(', ')] : []),
      ...(input.otherPostcodes ?? []).map((postcode) => `Earlier: ${postcode}`),
    ],
  };
}

function recordFromDetails(details: PersonDetails): CandidateRecord {
  return {
    personId: details.id,
    current: true,
    name: `${details.givenName} ${details.familyName}`,
    dateOfBirth: details.dateOfBirth,
    sex: details.sex ? SEX_LABELS[details.sex] : null,
    isRestricted: details.isRestricted,
    createdAt: details.createdAt,
    otherNames: details.names
      .filter((name) => name.kind !== 'legal')
      .map((name) => `${[name.givenName, name.familyName].filter(Boolean).join(' ')} (${NAME_KIND_LABELS[name.kind]})`),
    identifiers: details.identifiers.map(
      (identifier) => `${IDENTIFIER_LABELS[identifier.kind]} ${identifier.value}${identifier.endedAt ? ' (ended)' : ''}`,
    ),
    addresses: details.addresses.map(
      (address) =>
        `${[address.line1, address.line2, address.town, address.postcode].filter(Boolean).join(', ')}${address.validTo ? ` (until ${address.validTo})` : ''}`,
    ),
  };
}

/**
 * The record kept when nobody chose: the older one, whose id others have used longest; made at the
 * same moment, the one with more attached to it (fewer rows move); then the smaller id, so the choice
 * is the same every time.
 */
async function survivorOf(executor: Db | Tx, a: repository.PersonFacts, b: repository.PersonFacts): Promise<repository.PersonFacts> {
  const byAge = a.createdAt.getTime() - b.createdAt.getTime();
  if (byAge !== 0) {
    return byAge < 0 ? a : b;
  }
  const byRows = (await repository.attachedRowCount(executor, a.id)) - (await repository.attachedRowCount(executor, b.id));
  if (byRows !== 0) {
    return byRows > 0 ? a : b;
  }
  return a.id < b.id ? a : b;
}

export interface DuplicatesDependencies {
  agencies: AgenciesService;
  people: PeopleService;
  matching: MatchingService;
}

export function createDuplicatesService(db: Db, clock: Clock, { agencies, people, matching }: DuplicatesDependencies) {
  async function loadPartnership(partnershipId: string) {
    const facts = await repository.unsafePartnershipFacts(db, partnershipId);
    const inputs: MatchInput[] = [];
    for await (const page of people.unsafePartnershipMatchInputs(partnershipId)) {
      for (const input of page) {
        const fact = facts.get(input.id);
        // A shell's rows now belong to its survivor; comparing it would only find the merge again.
        if (fact && fact.mergedIntoId === null) {
          inputs.push(input);
        }
      }
    }
    return { facts, inputs, prepared: inputs.map(prepareRecord) };
  }

  async function snapshotOf(candidate: { personAId: string; personBId: string }): Promise<{ a: MatchInput; b: MatchInput }> {
    const inputs = await people.unsafeMatchInputs([candidate.personAId, candidate.personBId]);
    const byId = new Map(inputs.map((input) => [input.id, input]));
    return {
      a: byId.get(candidate.personAId) ?? { id: candidate.personAId },
      b: byId.get(candidate.personBId) ?? { id: candidate.personBId },
    };
  }

  /**
   * Merges one record into another in the caller's transaction: every row that refers to the merged
   * record is re-pointed to the survivor and written to the ledger, so that unmerge can put exactly
   * those rows back. Refused for people recorded as related, for a record the actor cannot see, and
   * (for the system) for restricted records.
   */
  async function mergeInTransaction(
    tx: Tx,
    actor: Actor,
    input: { survivorId: string; mergedId: string; candidateId: string | null; reason: string },
  ): Promise<{ mergeId: string; events: AuditEventInput[] }> {
    const now = clock.now();
    const facts = await repository.unsafePersonFacts(tx, [input.survivorId, input.mergedId], true);
    const survivor = facts.get(input.survivorId);
    const merged = facts.get(input.mergedId);
    if (!survivor || !merged || survivor.partnershipId !== merged.partnershipId) {
      throw notFound();
    }
    if (actor.kind === 'user') {
      const visible = await repository.visibleIds(tx, actor, now, [survivor.id, merged.id]);
      if (visible.size < 2) {
        throw notFound();
      }
    } else if (!mayLinkAutomatically(survivor, merged)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'A restricted record is never merged automatically: a person with a grant to it decides');
    }
    if (survivor.mergedIntoId || merged.mergedIntoId) {
      throw new AppError(
        ErrorCode.CONFLICT,
        'One of these records has already been merged into another. Open the record it was merged into.',
      );
    }
    if (await repository.areRelated(tx, survivor.id, merged.id)) {
      throw new AppError(
        ErrorCode.CONFLICT,
        'These two records are recorded as related to each other (for example as brothers, sisters or parent and child), so they are different people and cannot be merged.',
      );
    }
    const mergeId = newId();
    await repository.insertMerge(tx, {
      id: mergeId,
      partnership_id: survivor.partnershipId,
      survivor_id: survivor.id,
      merged_id: merged.id,
      candidate_id: input.candidateId,
      reason: input.reason,
      merged_by: actor.userId,
      merged_by_label: actor.label,
      merged_at: now,
      survivor_was_restricted: survivor.isRestricted,
      survivor_restriction_reason: survivor.restrictionReason,
      unmerged_at: null,
      unmerged_by: null,
      unmerged_by_label: null,
      unmerge_reason: null,
    });
    const legalNames = new Set(await repository.legalNameToAlias(tx, merged.id));
    const ledger: repository.LedgerRow[] = [];
    await repository.allowPersonRepoint(tx, merged.id, survivor.id);
    for (const ref of await repository.referencingColumns(tx)) {
      const { moved, kept } = await repository.moveRows(tx, ref, merged.id, survivor.id);
      for (const [action, keys] of [
        ['moved', moved],
        ['kept', kept],
      ] as const) {
        for (const key of keys) {
          const wasLegal = ref.table === 'person_name' && key.id !== undefined && legalNames.has(key.id);
          ledger.push({ table: ref.table, column: ref.column, key, action, originalKind: wasLegal ? 'legal' : undefined });
        }
      }
    }
    await repository.endPersonRepoint(tx);
    await repository.insertLedger(tx, mergeId, ledger);
    await repository.setMergedInto(tx, merged.id, survivor.id, now);
    const restrictedNow = merged.isRestricted && !survivor.isRestricted;
    if (restrictedNow) {
      await repository.setRestriction(tx, survivor.id, true, merged.restrictionReason ?? 'Merged with a restricted record', now);
    }
    const withdrawn = await repository.withdrawOpenCandidatesOf(
      tx,
      merged.id,
      actor,
      now,
      'One of the two records was merged into another; the next scan compares the record it became part of.',
    );
    const counts: Record<string, { moved: number; kept: number }> = {};
    for (const row of ledger) {
      const entry = counts[row.table] ?? { moved: 0, kept: 0 };
      entry[row.action] += 1;
      counts[row.table] = entry;
    }
    const events: AuditEventInput[] = [
      {
        action: 'person.merged',
        subjectType: 'person',
        subjectId: survivor.id,
        details: {
          mergeId,
          mergedId: merged.id,
          candidateId: input.candidateId,
          rowsMoved: ledger.filter((row) => row.action === 'moved').length,
          rowsKept: ledger.filter((row) => row.action === 'kept').length,
          tables: Object.entries(counts).map(([table, count]) => `${table}: ${count.moved} moved, ${count.kept} kept`),
          madeRestricted: restrictedNow,
        },
      },
      { action: 'person.merged-into', subjectType: 'person', subjectId: merged.id, details: { mergeId, survivorId: survivor.id } },
      ...withdrawn.map((id) => ({
        action: 'duplicate.withdrawn',
        subjectType: 'duplicate_candidate',
        subjectId: id,
        details: { mergeId },
      })),
    ];
    return { mergeId, events };
  }

  async function requireVisibleCandidate(actor: Actor, id: string, tx?: Tx): Promise<DuplicateCandidate> {
    const candidate = await repository.findVisibleCandidate(tx ?? db, actor, clock.now(), id, guardWords, tx !== undefined);
    if (!candidate) {
      throw notFound();
    }
    return candidate;
  }

  function requireOpen(candidate: DuplicateCandidate): void {
    if (candidate.status !== 'open') {
      throw new AppError(ErrorCode.INVALID_TRANSITION, 'This pair has already been decided. Reload the page to see the decision.');
    }
  }

  /** A merge and what it moved, for a reviewer who may see the record it made. */
  async function getMerge(actor: Actor, mergeId: string): Promise<PersonMerge> {
    assertCanResolveDuplicates(actor);
    const merge = await repository.findMerge(db, mergeId);
    if (!merge) {
      throw notFound();
    }
    const visible = await repository.visibleIds(db, actor, clock.now(), [
      merge.unmerged_at ? merge.merged_id : merge.survivor_id,
      merge.survivor_id,
    ]);
    if (!visible.has(merge.survivor_id)) {
      throw notFound();
    }
    const candidate = merge.candidate_id ? await repository.unsafeFindCandidate(db, merge.candidate_id, guardWords) : undefined;
    const snapshotName = (personId: string) =>
      nameOf(candidate ? [candidate.snapshot.a, candidate.snapshot.b].find((input) => input.id === personId) : undefined);
    return {
      id: merge.id,
      survivorId: merge.survivor_id,
      mergedId: merge.merged_id,
      candidateId: merge.candidate_id,
      reason: merge.reason,
      mergedByLabel: merge.merged_by_label,
      mergedAt: merge.merged_at,
      survivorWasRestricted: merge.survivor_was_restricted,
      unmergedAt: merge.unmerged_at,
      unmergedByLabel: merge.unmerged_by_label,
      unmergeReason: merge.unmerge_reason,
      rows: await repository.ledgerCounts(db, merge.id),
      survivorName: snapshotName(merge.survivor_id),
      mergedName: snapshotName(merge.merged_id),
    };
  }

  const service = {
    /**
     * Compares every record of the partnership (blocked, as the engine does it), scores each pair
     * with the partnership's model, queues those for a person to decide, and links the certain ones.
     * A pair recorded as related, or rejected before, is never queued.
     */
    async scan(actor: Actor, partnershipId: string, options: { foundBy?: 'scan' } = {}): Promise<ScanReport> {
      assertCanScan(actor, partnershipId);
      const { facts, inputs, prepared } = await loadPartnership(partnershipId);
      const model = await matching.model(partnershipId);
      const found: { i: number; j: number; probability: number }[] = [];
      const stats = forEachCandidatePair(prepared, (i, j) => {
        const quick = model.quickScore(prepared[i] as PreparedRecord, prepared[j] as PreparedRecord);
        const probability = probabilityOf(quick.weight);
        if (model.decide(probability, quick.guard) !== 'none') {
          found.push({ i, j, probability });
        }
      });
      found.sort((x, y) => y.probability - x.probability);
      const related = await repository.relatedPairs(db, partnershipId);
      const known = await repository.candidatesOfPartnership(db, partnershipId);
      const report: ScanReport = {
        partnershipId,
        people: inputs.length,
        pairsCompared: stats.pairs,
        queued: 0,
        refreshed: 0,
        linked: 0,
        skippedRelated: 0,
        skippedRejected: 0,
      };
      const now = clock.now();
      const toQueue: { id: string; isNew: boolean; pair: repository.ScoredPair }[] = [];
      const mergedThisScan = new Set<string>();
      for (const { i, j } of found) {
        const [aIndex, bIndex] = (inputs[i] as MatchInput).id < (inputs[j] as MatchInput).id ? [i, j] : [j, i];
        const a = inputs[aIndex] as MatchInput;
        const b = inputs[bIndex] as MatchInput;
        const key = repository.pairKey(a.id, b.id);
        if (related.has(key)) {
          report.skippedRelated += 1;
          continue;
        }
        const existing = known.get(key);
        if (existing?.status === 'rejected') {
          report.skippedRejected += 1;
          continue;
        }
        if (existing && existing.status !== 'open' && existing.status !== 'withdrawn') {
          continue;
        }
        if (mergedThisScan.has(a.id) || mergedThisScan.has(b.id)) {
          // The survivor is compared with this record at the next scan.
          continue;
        }
        const score = model.score(prepared[aIndex] as PreparedRecord, prepared[bIndex] as PreparedRecord);
        const pair: repository.ScoredPair = { partnershipId, personAId: a.id, personBId: b.id, score, snapshot: { a, b } };
        const factsA = facts.get(a.id) as repository.PersonFacts;
        const factsB = facts.get(b.id) as repository.PersonFacts;
        if (score.decision === 'link' && mayLinkAutomatically(factsA, factsB)) {
          const survivor = await survivorOf(db, factsA, factsB);
          const mergedId = survivor.id === a.id ? b.id : a.id;
          const id = existing?.id ?? newId();
          await withTransaction(db, async (tx) => {
            if (existing) {
              await repository.rescoreCandidate(tx, id, pair, now);
            } else {
              await repository.insertCandidate(tx, id, pair, options.foundBy ?? 'scan', now);
            }
            const { mergeId, events } = await mergeInTransaction(tx, MATCHING_ACTOR, {
              survivorId: survivor.id,
              mergedId,
              candidateId: id,
              reason: `Linked automatically: ${score.summary}, above the partnership’s auto-link threshold, with no warning sign.`,
            });
            await repository.decideCandidate(tx, id, { status: 'linked', actor: MATCHING_ACTOR, at: now, reason: score.summary });
            await recordAuditEvents(tx, MATCHING_ACTOR, clock, [
              ...events,
              {
                action: 'duplicate.linked',
                subjectType: 'duplicate_candidate',
                subjectId: id,
                details: { mergeId, survivorId: survivor.id, mergedId, probability: score.probability },
              },
            ]);
          });
          mergedThisScan.add(mergedId);
          report.linked += 1;
          continue;
        }
        toQueue.push({ id: existing?.id ?? newId(), isNew: existing === undefined, pair });
      }
      await withTransaction(db, async (tx) => {
        const events: AuditEventInput[] = [];
        for (const item of toQueue) {
          if (item.isNew) {
            await repository.insertCandidate(tx, item.id, item.pair, options.foundBy ?? 'scan', now);
            report.queued += 1;
            events.push({
              action: 'duplicate.queued',
              subjectType: 'duplicate_candidate',
              subjectId: item.id,
              details: { probability: item.pair.score.probability, guard: item.pair.score.guard ?? null },
            });
          } else {
            await repository.rescoreCandidate(tx, item.id, item.pair, now);
            report.refreshed += 1;
          }
        }
        events.push({
          action: 'duplicates.scanned',
          subjectType: 'partnership',
          subjectId: partnershipId,
          details: { ...report },
        });
        await recordAuditEvents(tx, actor, clock, events);
      });
      return report;
    },

    /** The queue: pairs whose two records the actor may both see, most likely first; every record named counts as listed. */
    async list(actor: Actor, rawInput: ListDuplicatesInput = {}): Promise<DuplicateQueuePage> {
      assertCanResolveDuplicates(actor);
      const input = parseInput(ListDuplicatesInput, rawInput);
      return withTransaction(db, async (tx) => {
        const page = await repository.listVisibleCandidates(tx, actor, clock.now(), input, guardWords);
        await recordAuditEvents(
          tx,
          actor,
          clock,
          page.items.flatMap((candidate) =>
            [candidate.personAId, candidate.personBId].map((personId) => ({
              action: 'person.listed',
              subjectType: 'person',
              subjectId: personId,
              purpose: 'duplicate review',
            })),
          ),
        );
        return { status: input.status, page: input.page, pageSize: input.pageSize, ...page };
      });
    },

    /** One pair: both records side by side (each read is audited as a view of that record) and the evidence. */
    async get(actor: Actor, id: string): Promise<CandidateDetail> {
      assertCanResolveDuplicates(actor);
      const candidate = await requireVisibleCandidate(actor, id);
      const facts = await repository.unsafePersonFacts(db, [candidate.personAId, candidate.personBId]);
      const side = async (input: MatchInput): Promise<CandidateRecord> => {
        const fact = facts.get(input.id);
        if (fact && fact.mergedIntoId === null) {
          return recordFromDetails(await people.getPersonDetails(actor, input.id, 'duplicate review'));
        }
        return recordFromSnapshot(input, fact);
      };
      return { candidate, records: [await side(candidate.snapshot.a), await side(candidate.snapshot.b)] };
    },

    /** "These are the same person": the other record is merged into the one chosen (by default the older). */
    async confirm(actor: Actor, id: string, rawInput: ConfirmDuplicateInput): Promise<{ candidate: DuplicateCandidate; mergeId: string }> {
      assertCanResolveDuplicates(actor);
      const input = parseInput(ConfirmDuplicateInput, rawInput);
      const before = await requireVisibleCandidate(actor, id);
      requireOpen(before);
      if (input.survivorId !== undefined && input.survivorId !== before.personAId && input.survivorId !== before.personBId) {
        throw new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', [
          { field: 'survivorId', message: 'Choose one of the two records to keep' },
        ]);
      }
      const snapshot = await snapshotOf(before);
      const now = clock.now();
      const mergeId = await withTransaction(db, async (tx) => {
        const candidate = await requireVisibleCandidate(actor, id, tx);
        requireOpen(candidate);
        let survivorId = input.survivorId;
        if (survivorId === undefined) {
          const facts = await repository.unsafePersonFacts(tx, [candidate.personAId, candidate.personBId]);
          const chosen = await survivorOf(
            tx,
            facts.get(candidate.personAId) as repository.PersonFacts,
            facts.get(candidate.personBId) as repository.PersonFacts,
          );
          survivorId = chosen.id;
        }
        const mergedId = survivorId === candidate.personAId ? candidate.personBId : candidate.personAId;
        const merge = await mergeInTransaction(tx, actor, { survivorId, mergedId, candidateId: id, reason: input.reason });
        await repository.decideCandidate(tx, id, { status: 'confirmed', actor, at: now, reason: input.reason, snapshot });
        await recordAuditEvents(tx, actor, clock, [
          ...merge.events,
          {
            action: 'duplicate.confirmed',
            subjectType: 'duplicate_candidate',
            subjectId: id,
            details: { mergeId: merge.mergeId, survivorId, mergedId, probability: candidate.probability },
          },
        ]);
        return merge.mergeId;
      });
      return { candidate: await requireVisibleCandidate(actor, id), mergeId };
    },

    /** "These are different people": remembered, never queued again, and a lesson for the model. */
    async reject(actor: Actor, id: string, rawInput: RejectDuplicateInput): Promise<DuplicateCandidate> {
      assertCanResolveDuplicates(actor);
      const input = parseInput(RejectDuplicateInput, rawInput);
      const before = await requireVisibleCandidate(actor, id);
      requireOpen(before);
      const snapshot = await snapshotOf(before);
      await withTransaction(db, async (tx) => {
        const candidate = await requireVisibleCandidate(actor, id, tx);
        requireOpen(candidate);
        await repository.decideCandidate(tx, id, { status: 'rejected', actor, at: clock.now(), reason: input.reason, snapshot });
        await recordAuditEvents(tx, actor, clock, [
          {
            action: 'duplicate.rejected',
            subjectType: 'duplicate_candidate',
            subjectId: id,
            details: { personAId: candidate.personAId, personBId: candidate.personBId, probability: candidate.probability },
          },
        ]);
      });
      return requireVisibleCandidate(actor, id);
    },

    getMerge,

    /**
     * Undoes a merge exactly: the rows the ledger says were moved go back (rows added to the survivor
     * since stay with it), the legal name is legal again, the shell is a record again and the
     * survivor's restriction is as it was. The pair is then remembered as different people.
     */
    async unmerge(actor: Actor, mergeId: string, rawInput: UnmergeInput): Promise<PersonMerge> {
      assertCanResolveDuplicates(actor);
      const input = parseInput(UnmergeInput, rawInput);
      const now = clock.now();
      await withTransaction(db, async (tx) => {
        const merge = await repository.findMerge(tx, mergeId, true);
        if (!merge || !(await repository.visibleIds(tx, actor, now, [merge.survivor_id])).has(merge.survivor_id)) {
          throw notFound();
        }
        if (merge.unmerged_at) {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'This merge has already been undone.');
        }
        await repository.unsafePersonFacts(tx, [merge.survivor_id, merge.merged_id], true);
        if (await repository.liveMergeOf(tx, merge.survivor_id)) {
          throw new AppError(
            ErrorCode.CONFLICT,
            'The record this one was merged into has since been merged into another. Undo that merge first.',
          );
        }
        const ledger = await repository.ledgerOf(tx, mergeId);
        let restored = 0;
        let missing = 0;
        await repository.allowPersonRepoint(tx, merge.survivor_id, merge.merged_id);
        for (const row of ledger.filter((entry) => entry.action === 'moved')) {
          if (await repository.moveRowBack(tx, row.table, row.column, row.key, merge.survivor_id, merge.merged_id)) {
            restored += 1;
          } else {
            missing += 1;
          }
        }
        await repository.endPersonRepoint(tx);
        for (const row of ledger) {
          if (row.originalKind && row.key.id) {
            await repository.restoreNameKind(tx, row.key.id, row.originalKind);
          }
        }
        await repository.setMergedInto(tx, merge.merged_id, null, now);
        await repository.setRestriction(tx, merge.survivor_id, merge.survivor_was_restricted, merge.survivor_restriction_reason, now);
        await repository.markUnmerged(tx, mergeId, actor, now, input.reason);
        const events: AuditEventInput[] = [
          {
            action: 'person.unmerged',
            subjectType: 'person',
            subjectId: merge.survivor_id,
            details: { mergeId, mergedId: merge.merged_id, restored, missing },
          },
          {
            action: 'person.unmerged',
            subjectType: 'person',
            subjectId: merge.merged_id,
            details: { mergeId, survivorId: merge.survivor_id },
          },
        ];
        if (merge.candidate_id) {
          // Undoing a merge says the two are different people: a later scan must not link them again.
          await repository.decideCandidate(tx, merge.candidate_id, {
            status: 'rejected',
            actor,
            at: now,
            reason: `Unmerged: ${input.reason}`,
          });
          events.push({
            action: 'duplicate.rejected',
            subjectType: 'duplicate_candidate',
            subjectId: merge.candidate_id,
            details: { mergeId, by: 'unmerge' },
          });
        }
        await recordAuditEvents(tx, actor, clock, events);
      });
      return getMerge(actor, mergeId);
    },

    /**
     * Trains the partnership's model on its own records, with every confirmed and rejected decision
     * (as the records were when decided) as a certain match or non-match, and saves it (audited).
     */
    async train(actor: Actor, partnershipId: string): Promise<TrainingReport> {
      assertCanChangeModel(actor);
      const { prepared } = await loadPartnership(partnershipId);
      const labels: LabelledPair[] = (await repository.decidedSnapshots(db, partnershipId)).map((decision) => ({
        a: prepareRecord(decision.snapshot.a),
        b: prepareRecord(decision.snapshot.b),
        match: decision.status === 'confirmed',
      }));
      const base = (await matching.model(partnershipId)).parameters;
      const note = `Trained on ${prepared.length} records with ${labels.length} decisions from the review queue`;
      const parameters = trainModel(prepared, { base, labels, now: clock.now(), note });
      const modelId = await matching.saveModel(actor, partnershipId, parameters, note);
      return { modelId, records: prepared.length, labelledPairs: labels.length };
    },

    /** Where a merged record went, when the actor may open that record; undefined otherwise (the page is then "not found"). */
    async survivorOf(actor: Actor, personId: string): Promise<string | undefined> {
      const survivor = await repository.unsafeSurvivorOf(db, personId);
      if (!survivor) {
        return undefined;
      }
      return (await repository.visibleIds(db, actor, clock.now(), [survivor])).has(survivor) ? survivor : undefined;
    },

    /** Queues the first nightly scan unless one is already waiting; called at start-up. */
    async scheduleScans(dueAt: Date = clock.now()): Promise<void> {
      if (!(await jobWaiting(db, SCAN_JOB_KIND))) {
        await scheduleJob(db, clock, { kind: SCAN_JOB_KIND, payload: {}, dueAt });
      }
    },

    /**
     * The nightly scan of every partnership, which queues its own next run: a record created
     * despite the duplicate check, or by an import, reaches the review queue by the next morning.
     */
    jobHandlers(): Record<string, JobHandler> {
      return {
        [SCAN_JOB_KIND]: async (_payload, job) => {
          for (const partnershipId of await agencies.listPartnershipIds()) {
            await service.scan(MATCHING_ACTOR, partnershipId);
          }
          if (!(await jobWaiting(db, SCAN_JOB_KIND, job.id))) {
            await scheduleJob(db, clock, { kind: SCAN_JOB_KIND, payload: {}, dueAt: new Date(clock.now().getTime() + SCAN_INTERVAL_MS) });
          }
        },
      };
    },
  };
  return service;
}

export type DuplicatesService = ReturnType<typeof createDuplicatesService>;
