import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type Actor, systemActor } from '../../platform/access/actor.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createJobRunner } from '../../platform/jobs/jobs.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { SCAN_JOB_KIND } from './index.ts';

function rejectsWith(code: string, words?: RegExp) {
  return (error: unknown) => error instanceof AppError && error.code === code && (words ? words.test(error.message) : true);
}

/**
 * Everything that refers to a person, table by table (from the catalog, as the merge finds it), so
 * the unmerge story can compare a record's whole attachment before the merge and after the undo.
 */
async function attachedRows(context: TestContext, personId: string): Promise<Record<string, string[]>> {
  const refs = await sql<{ table_name: string; column_name: string }>`
    select cl.relname::text as table_name, att.attname::text as column_name
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
    where con.contype = 'f' and con.confrelid = 'person'::regclass
      and cl.relname not in ('audit_event', 'duplicate_candidate', 'person_merge', 'person')`.execute(context.handle.db);
  const result: Record<string, string[]> = {};
  for (const ref of refs.rows) {
    const rows = await sql<{ row: string }>`
      select row_to_json(t)::text as row from ${sql.table(ref.table_name)} as t where ${sql.ref(`t.${ref.column_name}`)} = ${personId}`.execute(
      context.handle.db,
    );
    // The name's kind is what a merge changes and an unmerge restores, so it stays in the comparison.
    result[`${ref.table_name}.${ref.column_name}`] = rows.rows.map((row) => row.row).sort();
  }
  return result;
}

async function auditActions(context: TestContext, subjectId: string): Promise<string[]> {
  const rows = await sql<{ action: string }>`select action from audit_event where subject_id = ${subjectId} order by seq`.execute(
    context.handle.db,
  );
  return rows.rows.map((row) => row.action);
}

/**
 * Issue 5, item 2, in the fictional Northshire partnership on Monday 23 November 2026. Ashford
 * Primary and the health visitors each hold a record of the same girl: Mia Brennan to the school,
 * "Maya Brenan" (born 3 February, not 2 March: day and month swapped) to health. Marcus Bell at the
 * MASH reviews the pair, merges them, and when it turns out to be wrong, undoes it exactly. Twins
 * Amara and Adaeze Nwosu share everything but their names, and are never merged by the system.
 */
describe('The duplicate review queue: thresholds with a person in the loop, and merges that can be undone', () => {
  let context: TestContext;
  let marcus: Actor;
  let sam: Actor;
  let aisha: Actor;
  let lena: Actor;
  let mashTeam: string;
  let partnershipId: string;
  const ids: Record<string, string> = {};

  const involveMash = async (personId: string) => {
    await context.services.access.recordInvolvement(systemActor('test'), { personId, kind: 'allocated_team', teamId: mashTeam });
  };

  before(async () => {
    context = await createTestContext();
    const { services } = context;
    marcus = await context.actor('marcus.bell');
    sam = await context.actor('sam.okafor');
    aisha = await context.actor('aisha.rahman');
    lena = await context.actor('lena.kowalski');
    mashTeam = marcus.teamIds[0] as string;
    partnershipId = marcus.partnershipId as string;
    const home = { line1: '22 Copse Road', town: 'Northshire', postcode: 'NS4 7HD', validFrom: '2023-09-01' };
    ids.lisa = (
      await services.people.createPerson(sam, {
        kind: 'adult',
        givenName: 'Lisa',
        familyName: 'Brennan',
        dateOfBirth: '1991-05-14',
        sex: 'female',
        address: home,
      })
    ).id;
    ids.mia = (
      await services.people.createPerson(sam, {
        givenName: 'Mia',
        familyName: 'Brennan',
        dateOfBirth: '2017-03-02',
        sex: 'female',
        address: home,
        identifiers: [{ kind: 'la_reference', value: 'LA-100234' }],
      })
    ).id;
    // Health's record: a spelling, a day and month swapped, the family's previous address, an NHS number the school does not have.
    ids.maya = (
      await services.people.createPerson(aisha, {
        givenName: 'Maya',
        familyName: 'Brenan',
        dateOfBirth: '2017-02-03',
        sex: 'female',
        address: { line1: '3 Old Lane', town: 'Northshire', postcode: 'NS1 9ZZ' },
        identifiers: [{ kind: 'nhs_number', value: '9434765919' }],
      })
    ).id;
    ids.amara = (
      await services.people.createPerson(aisha, {
        givenName: 'Amara',
        familyName: 'Nwosu',
        dateOfBirth: '2020-08-14',
        sex: 'female',
        address: { line1: '7 Mill Street', town: 'Northshire', postcode: 'NS2 4BX' },
      })
    ).id;
    ids.adaeze = (
      await services.people.createPerson(aisha, {
        givenName: 'Adaeze',
        familyName: 'Nwosu',
        dateOfBirth: '2020-08-14',
        sex: 'female',
        address: { line1: '7 Mill Street', town: 'Northshire', postcode: 'NS2 4BX' },
      })
    ).id;
    for (const id of Object.values(ids)) {
      await involveMash(id);
    }
    // Each record has a life of its own: family, household, chronology, other names.
    const household = await services.relationships.createHousehold(sam, {
      personId: ids.lisa,
      label: 'Lisa Brennan’s home, 22 Copse Road',
      postcode: 'NS4 7HD',
      role: 'resident',
      startsOn: '2023-09-01',
    });
    ids.household = household.id;
    await services.relationships.addHouseholdMember(sam, household.id, { personId: ids.mia, role: 'resident', startsOn: '2023-09-01' });
    await services.relationships.addHouseholdMember(marcus, household.id, { personId: ids.maya, role: 'resident', startsOn: '2024-01-10' });
    await services.relationships.recordRelationship(sam, {
      personId: ids.mia,
      relatedPersonId: ids.lisa,
      kind: 'mother',
      hasParentalResponsibility: true,
      prEvidenceSeen: false,
    });
    await services.people.addName(sam, ids.mia, { kind: 'nickname', givenName: 'Mimi' });
    await services.chronology.recordEntry(sam, {
      occurredAt: '2026-10-05T10:00',
      category: 'home_visit',
      summary: 'Home visit: Mia seen with her mother; the house was cold.',
      nature: 'fact',
      significance: 'medium',
      personIds: [ids.mia, ids.lisa],
    });
    await services.chronology.recordEntry(aisha, {
      occurredAt: '2026-09-14T14:30',
      category: 'appointment_missed',
      summary: 'Maya not brought to her school-age health review.',
      nature: 'fact',
      significance: 'low',
      personIds: [ids.maya],
    });
    // One entry already names both records (the MASH could not tell whether they were one girl).
    await services.chronology.recordEntry(marcus, {
      occurredAt: '2026-11-02T11:00',
      category: 'decision',
      summary: 'MASH check: Mia Brennan and Maya Brenan may be the same child; records kept apart until checked.',
      nature: 'opinion',
      significance: 'medium',
      personIds: [ids.mia, ids.maya],
    });
  });

  after(async () => {
    await context.close();
  });

  it('a scan queues Mia and Maya for a person to decide, with the evidence in words, and never the twins for a merge', async () => {
    const report = await context.services.duplicates.scan(systemActor('cli'), partnershipId);
    assert.ok(report.people >= 5);
    const queue = await context.services.duplicates.list(marcus, { status: 'open' });
    const pairOf = (x: string, y: string) =>
      queue.items.find((item) => [item.personAId, item.personBId].sort().join() === [x, y].sort().join());
    const twins = pairOf(ids.amara as string, ids.adaeze as string);
    assert.ok(twins, 'the twins are in the queue for a person to decide');
    assert.equal(twins.guard, 'forenames-differ');
    assert.match(twins.guardWords ?? '', /twins and siblings/);
    // Mia and Maya may have been linked automatically (a certain match) or queued; in either case a pair exists.
    const linked = await context.services.duplicates.list(marcus, { status: 'linked' });
    assert.equal(
      linked.items.some((item) => [item.personAId, item.personBId].includes(ids.amara as string)),
      false,
      'twins are never merged automatically',
    );
    assert.ok((await auditActions(context, twins.id)).includes('duplicate.queued'));
  });

  it('Lena in adult services, who has no MASH role, cannot open the queue', async () => {
    await assert.rejects(context.services.duplicates.list(lena, {}), rejectsWith(ErrorCode.FORBIDDEN));
  });

  it('Marcus rejects the twins with a reason; a later scan does not queue them again', async () => {
    const queue = await context.services.duplicates.list(marcus, { status: 'open' });
    const twins = queue.items.find((item) => item.guard === 'forenames-differ') as NonNullable<(typeof queue.items)[number]>;
    await assert.rejects(context.services.duplicates.reject(marcus, twins.id, { reason: '  ' }), rejectsWith(ErrorCode.VALIDATION));
    const rejected = await context.services.duplicates.reject(marcus, twins.id, {
      reason: 'Twins: two girls, seen together at the health review.',
    });
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.decidedByLabel, marcus.label);
    assert.ok((await auditActions(context, twins.id)).includes('duplicate.rejected'));
    const again = await context.services.duplicates.scan(systemActor('cli'), partnershipId);
    assert.ok(again.skippedRejected >= 1);
    const open = await context.services.duplicates.list(marcus, { status: 'open' });
    assert.equal(
      open.items.some((item) => item.id === twins.id),
      false,
    );
    const decided = await context.services.duplicates.list(marcus, { status: 'decided' });
    assert.ok(decided.items.some((item) => item.id === twins.id && item.status === 'rejected'));
  });

  it('Marcus confirms Mia and Maya are one girl, keeping the school’s record; unmerging puts both records back exactly', async () => {
    const { services } = context;
    const beforeMia = await attachedRows(context, ids.mia as string);
    const beforeMaya = await attachedRows(context, ids.maya as string);
    // Make sure the pair is in the queue (the engine may already have linked it; undo that first).
    let pair = (await services.duplicates.list(marcus, { status: 'open' })).items.find(
      (item) => item.snapshot.a.surname?.startsWith('Bren') && item.snapshot.b.surname?.startsWith('Bren'),
    );
    if (!pair) {
      const linked = (await services.duplicates.list(marcus, { status: 'linked' })).items[0];
      assert.ok(linked, 'Mia and Maya were found one way or the other');
      throw new Error('expected the pair in the queue (the default model sends a day–month swap with a new NHS number to review)');
    }
    const detail = await services.duplicates.get(marcus, pair.id);
    assert.deepEqual(detail.records.map((record) => record.name).sort(), ['Maya Brenan', 'Mia Brennan']);
    assert.ok(detail.candidate.evidence.fields.some((field) => /Date of birth/.test(field.words)));
    await assert.rejects(
      services.duplicates.confirm(marcus, pair.id, { survivorId: ids.lisa, reason: 'Same girl' }),
      rejectsWith(ErrorCode.VALIDATION),
    );
    const { mergeId, candidate } = await services.duplicates.confirm(marcus, pair.id, {
      survivorId: ids.mia,
      reason: 'Same girl: the health visitor confirmed the address and mother.',
    });
    assert.equal(candidate.status, 'confirmed');
    pair = candidate;

    // Maya's record is now part of Mia's: her page is gone, and old links lead to Mia.
    await assert.rejects(services.people.getPerson(marcus, ids.maya as string), rejectsWith(ErrorCode.NOT_FOUND));
    assert.equal(await services.duplicates.survivorOf(marcus, ids.maya as string), ids.mia);
    const mia = await services.people.getPersonDetails(marcus, ids.mia as string);
    assert.ok(mia.names.some((name) => name.kind === 'alias' && name.givenName === 'Maya' && name.familyName === 'Brenan'));
    assert.ok(mia.names.some((name) => name.kind === 'legal' && name.givenName === 'Mia'));
    assert.ok(mia.identifiers.some((identifier) => identifier.kind === 'nhs_number'));
    const chronology = await services.chronology.personChronology(marcus, ids.mia as string, {});
    assert.ok(chronology.entries.some((entry) => entry.summary.startsWith('Maya not brought')));
    // Both were in Lisa's household: the second membership stays with the shell, recorded in the ledger.
    const merge = await services.duplicates.getMerge(marcus, mergeId);
    assert.ok(merge.rows.some((row) => row.table === 'household_member' && row.kept === 1));
    // The entry naming both stays with the shell (Mia is already on it); health's own entry moves.
    assert.ok(merge.rows.some((row) => row.table === 'chronology_entry_person' && row.moved === 1 && row.kept === 1));
    // A search for the merged name finds Mia, and never the shell.
    const found = await services.people.searchPeople(marcus, { name: 'Maya Brenan' });
    assert.equal(
      found.some((match) => match.person.id === ids.maya),
      false,
    );
    assert.ok((await auditActions(context, ids.mia as string)).includes('person.merged'));
    assert.ok((await auditActions(context, ids.maya as string)).includes('person.merged-into'));
    assert.ok((await auditActions(context, pair.id)).includes('duplicate.confirmed'));

    // After the merge Sam adds to Mia's chronology: that entry stays with Mia after the undo.
    const later = await services.chronology.recordEntry(sam, {
      occurredAt: '2026-11-20T09:00',
      category: 'meeting',
      summary: 'Team around the child meeting.',
      nature: 'fact',
      significance: 'low',
      personIds: [ids.mia as string],
    });

    await assert.rejects(services.duplicates.unmerge(marcus, mergeId, { reason: '' }), rejectsWith(ErrorCode.VALIDATION));
    const undone = await services.duplicates.unmerge(marcus, mergeId, {
      reason: 'Health confirmed Maya is Mia’s cousin visiting from Leeds: a different girl.',
    });
    assert.ok(undone.unmergedAt);
    const afterMia = await attachedRows(context, ids.mia as string);
    const afterMaya = await attachedRows(context, ids.maya as string);
    assert.deepEqual(afterMaya, beforeMaya, 'Maya’s record has everything it had, and nothing else');
    const laterRow = (afterMia['chronology_entry_person.person_id'] ?? []).filter((row) => row.includes(later.id));
    assert.equal(laterRow.length, 1, 'the entry added to Mia after the merge stays with Mia');
    const withoutLater = {
      ...afterMia,
      'chronology_entry_person.person_id': (afterMia['chronology_entry_person.person_id'] ?? []).filter((row) => !row.includes(later.id)),
    };
    assert.deepEqual(
      Object.fromEntries(Object.entries(withoutLater).filter(([key]) => key !== 'person_change.person_id')),
      Object.fromEntries(Object.entries(beforeMia).filter(([key]) => key !== 'person_change.person_id')),
      'Mia’s record has everything it had before the merge',
    );
    const maya = await services.people.getPersonDetails(marcus, ids.maya as string);
    assert.ok(maya.names.some((name) => name.kind === 'legal' && name.givenName === 'Maya'));
    assert.ok((await auditActions(context, ids.maya as string)).includes('person.unmerged'));
    // Undoing says they are different people: the pair is remembered as rejected and not queued again.
    const remembered = await services.duplicates.get(marcus, pair.id);
    assert.equal(remembered.candidate.status, 'rejected');
    const rescan = await services.duplicates.scan(systemActor('cli'), partnershipId);
    assert.ok(rescan.skippedRejected >= 2);
    await assert.rejects(services.duplicates.unmerge(marcus, mergeId, { reason: 'again' }), rejectsWith(ErrorCode.INVALID_TRANSITION));
  });

  it('people recorded as related are different people: a merge of them is refused', async () => {
    const { services } = context;
    const twinA = (
      await services.people.createPerson(aisha, { givenName: 'Noah', familyName: 'Pell', dateOfBirth: '2019-01-20', sex: 'male' })
    ).id;
    const twinB = (
      await services.people.createPerson(aisha, { givenName: 'Noah', familyName: 'Pell', dateOfBirth: '2019-01-20', sex: 'male' })
    ).id;
    await involveMash(twinA);
    await involveMash(twinB);
    await services.relationships.recordRelationship(aisha, { personId: twinA, relatedPersonId: twinB, kind: 'sibling' });
    const report = await services.duplicates.scan(systemActor('cli'), partnershipId);
    assert.ok(report.skippedRelated >= 1);
    const everything = [
      ...(await services.duplicates.list(marcus, { status: 'open' })).items,
      ...(await services.duplicates.list(marcus, { status: 'linked' })).items,
    ];
    assert.equal(
      everything.some((item) => [item.personAId, item.personBId].includes(twinA)),
      false,
    );
    // A pair queued before anyone recorded that they are brother and sister cannot then be merged.
    const zara = (
      await services.people.createPerson(aisha, { givenName: 'Zara', familyName: 'Pell', dateOfBirth: '2019-01-20', sex: 'female' })
    ).id;
    const zoe = (
      await services.people.createPerson(aisha, { givenName: 'Zoe', familyName: 'Pell', dateOfBirth: '2019-01-20', sex: 'female' })
    ).id;
    await involveMash(zara);
    await involveMash(zoe);
    await services.duplicates.scan(systemActor('cli'), partnershipId);
    const queued = (await services.duplicates.list(marcus, { status: 'open' })).items.find((item) =>
      [item.personAId, item.personBId].includes(zara),
    );
    assert.ok(queued);
    await services.relationships.recordRelationship(aisha, { personId: zara, relatedPersonId: zoe, kind: 'sibling' });
    await assert.rejects(
      services.duplicates.confirm(marcus, queued.id, { reason: 'Looks the same' }),
      rejectsWith(ErrorCode.CONFLICT, /related to each other/),
    );
    assert.equal((await services.duplicates.get(marcus, queued.id)).candidate.status, 'open', 'nothing was half-written');
  });

  it('a certain match is linked by the system, unless a record is restricted; a restricted record needs a grant to be reviewed', async () => {
    const { services } = context;
    const make = async (who: Actor, given: string) =>
      (
        await services.people.createPerson(who, {
          givenName: given,
          familyName: 'Okonkwo-Reyes',
          dateOfBirth: '2015-07-21',
          sex: 'male',
          address: { line1: '4 Tannery Walk', town: 'Northshire', postcode: 'NS7 1AA' },
        })
      ).id;
    const kofi = await make(sam, 'Kofi');
    context.clock.advance(60_000);
    const kofiHealth = await make(aisha, 'Kofi');
    await involveMash(kofi);
    await involveMash(kofiHealth);
    const report = await services.duplicates.scan(systemActor('cli'), partnershipId);
    assert.ok(report.linked >= 1);
    const linked = (await services.duplicates.list(marcus, { status: 'linked' })).items.find((item) =>
      [item.personAId, item.personBId].includes(kofi),
    );
    assert.ok(linked?.mergeId);
    assert.equal(linked.decidedByLabel, 'system:matching');
    const survivor = await services.duplicates.survivorOf(marcus, kofiHealth);
    assert.equal(survivor, kofi, 'the older record is kept');

    // Two records of a witness's son: one restricted. The system queues them; only a reviewer with a grant sees the pair.
    const rio = await make(sam, 'Rio');
    const rioPolice = await make(aisha, 'Rio');
    await involveMash(rio);
    await involveMash(rioPolice);
    const priya = await context.actor('priya.nair');
    await services.access.recordInvolvement(systemActor('test'), {
      personId: rioPolice,
      kind: 'allocated_team',
      teamId: priya.teamIds[0] as string,
    });
    await services.people.restrictPerson(priya, rio, { reason: 'Witness protection' });
    const next = await services.duplicates.scan(systemActor('cli'), partnershipId);
    assert.equal(next.linked, 0, 'a restricted record is never merged automatically');
    const marcusQueue = await services.duplicates.list(marcus, { status: 'open' });
    assert.equal(
      marcusQueue.items.some((item) => [item.personAId, item.personBId].includes(rio)),
      false,
      'Marcus has no grant to the restricted record, so the pair is not shown to him',
    );
    const priyaQueue = await services.duplicates.list(priya, { status: 'open' });
    const pair = priyaQueue.items.find((item) => [item.personAId, item.personBId].includes(rio));
    assert.ok(pair, 'Priya, who restricted the record and holds its grant, sees the pair');
    await assert.rejects(services.duplicates.get(marcus, pair.id), rejectsWith(ErrorCode.NOT_FOUND));
    const { mergeId } = await services.duplicates.confirm(priya, pair.id, { survivorId: rioPolice, reason: 'Same boy' });
    const merged = await services.people.getPersonDetails(priya, rioPolice);
    assert.equal(merged.isRestricted, true, 'the survivor of a merge with a restricted record is restricted');
    await services.duplicates.unmerge(priya, mergeId, { reason: 'Checking the restriction comes back as it was' });
    assert.equal((await services.people.getPersonDetails(priya, rio)).isRestricted, true);
    assert.equal((await services.people.getPerson(sam, rioPolice)).isRestricted, false);
  });

  it('training uses the decisions: the model is saved with the labelled pairs counted, and audited', async () => {
    const report = await context.services.duplicates.train(systemActor('cli'), partnershipId);
    assert.ok(report.labelledPairs >= 2);
    const summary = await context.services.matching.summary(marcus);
    assert.equal(summary.source, 'partnership');
    assert.ok((await auditActions(context, report.modelId)).includes('matching.model-replaced'));
    await assert.rejects(context.services.duplicates.train(marcus, partnershipId), rejectsWith(ErrorCode.FORBIDDEN));
  });

  it('the nightly scan queues a record created despite the duplicate check, and books the next night', async () => {
    const { services } = context;
    const hartwell = { givenName: 'Kayden', familyName: 'Okonjo', dateOfBirth: '2016-08-19', sex: 'male' as const };
    const first = await services.people.createPerson(marcus, { kind: 'child', ...hartwell });
    await involveMash(first.id);
    // Aisha, at the health visitors, types the same boy with one letter wrong and creates him anyway.
    const second = await services.people.createPerson(aisha, { kind: 'child', ...hartwell, givenName: 'Kaydn' });
    await involveMash(second.id);
    await services.duplicates.scheduleScans(context.clock.now());
    const runner = createJobRunner({
      db: context.handle.db,
      clock: context.clock,
      handlers: services.duplicates.jobHandlers(),
      pollMs: 60_000,
      batchSize: 5,
      log: () => {},
    });
    assert.equal(await runner.runOnce(), 1);
    const pair = [first.id, second.id].sort();
    const queued = await sql<{ status: string }>`select status from duplicate_candidate
      where person_a_id = ${pair[0]} and person_b_id = ${pair[1]}`.execute(context.handle.db);
    assert.equal(queued.rows.length, 1, 'the pair is in the queue (or linked) after the scan');
    const next = await sql<{ due_at: Date }>`select due_at from job where kind = ${SCAN_JOB_KIND} and done_at is null`.execute(
      context.handle.db,
    );
    assert.equal(next.rows.length, 1);
    assert.equal(next.rows[0]?.due_at.getTime(), context.clock.now().getTime() + 24 * 60 * 60 * 1000);
  });
});
