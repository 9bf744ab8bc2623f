import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChain } from '../../platform/audit-trail/verify-chain.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';

function rejectsWith(code: string, check?: (error: AppError) => boolean) {
  return (error: unknown) => error instanceof AppError && error.code === code && (check ? check(error) : true);
}

describe('The Hartwell children’s chronology, contributed by school, health and children’s services', () => {
  let context: TestContext;
  let ellieId: string;
  let jaydenId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    const people = await context.services.people.listPeople(sam, { name: 'Hartwell' });
    ellieId = people.find((person) => person.givenName === 'Ellie')?.id as string;
    jaydenId = people.find((person) => person.givenName === 'Jayden')?.id as string;
  });
  after(() => context.close());

  it('Hannah at Ashford Primary records a disclosure about both children; it is sourced to her school', async () => {
    const hannah = await context.actor('hannah.reid');
    const entry = await context.services.chronology.recordEntry(hannah, {
      occurredAt: '2026-11-02T10:15',
      category: 'disclosure',
      summary: 'Jayden told his teacher that “Dean shouts at Mum and hit Ellie”. Ellie was present and nodded.',
      nature: 'fact',
      significance: 'high',
      personIds: [jaydenId, ellieId],
    });
    assert.equal(entry.sourceAgencyName, 'Ashford Primary School');
    assert.equal(entry.authorLabel, 'Hannah Reid');
    assert.deepEqual(entry.people.map((person) => person.name).sort(), ['Ellie Hartwell', 'Jayden Hartwell']);
    assert.equal(entry.occurredAt.toISOString(), '2026-11-02T10:15:00.000Z', 'UK local time in November is GMT');
    assert.equal(entry.timeIsKnown, true);
    const { listAuditEntriesForSubject } = await import('../../platform/audit-trail/verify-chain.ts');
    const trail = (await listAuditEntriesForSubject(context.handle.db, 'person', ellieId)).map((event) => event.action);
    assert.ok(trail.includes('chronology.entry-recorded'));
    assert.ok(!trail.includes('chronology.entry-viewed'), 'the writer getting back what they wrote is not a second, separate read');
  });

  it('Aisha, the health visitor, records a missed appointment known only by date, with her opinion marked as such', async () => {
    const aisha = await context.actor('aisha.rahman');
    const entry = await context.services.chronology.recordEntry(aisha, {
      occurredAt: '2026-10-20',
      occurredAtIsApproximate: true,
      category: 'appointment_missed',
      summary: 'Third missed developmental review. In my view the family is avoiding health contact.',
      nature: 'opinion',
      significance: 'medium',
      personIds: [ellieId],
    });
    assert.equal(entry.timeIsKnown, false);
    assert.equal(entry.occurredAtIsApproximate, true);
    assert.equal(entry.nature, 'opinion');
  });

  it('Sam sees both children’s entries in Ellie’s chronology, newest first, each with its source', async () => {
    const sam = await context.actor('sam.okafor');
    const page = await context.services.chronology.personChronology(sam, ellieId);
    assert.deepEqual(
      page.entries.map((entry) => [entry.category, entry.sourceAgencyName]),
      [
        ['disclosure', 'Ashford Primary School'],
        ['appointment_missed', 'Northshire Community Health NHS Trust'],
      ],
    );
    assert.equal(page.withheld, 0);
    const jaydens = await context.services.chronology.personChronology(sam, jaydenId);
    assert.deepEqual(
      jaydens.entries.map((entry) => entry.category),
      ['disclosure'],
    );
  });

  it('filters by agency, category, significance and date, and pages a long history', async () => {
    const sam = await context.actor('sam.okafor');
    for (let day = 1; day <= 12; day += 1) {
      await context.services.chronology.recordEntry(sam, {
        occurredAt: `2026-09-${String(day).padStart(2, '0')}T09:00`,
        category: 'home_visit',
        summary: `Home visit ${day}: Ellie seen in her bedroom.`,
        nature: 'fact',
        significance: 'low',
        personIds: [ellieId],
      });
    }
    const chronology = context.services.chronology;
    const visits = await chronology.personChronology(sam, ellieId, { categories: ['home_visit'], pageSize: 5, page: 2 });
    assert.equal(visits.total, 12);
    assert.deepEqual(
      visits.entries.map((entry) => entry.summary.slice(0, 13)),
      ['Home visit 7:', 'Home visit 6:', 'Home visit 5:', 'Home visit 4:', 'Home visit 3:'],
    );
    const high = await chronology.personChronology(sam, ellieId, { significances: ['high'] });
    assert.deepEqual(
      high.entries.map((entry) => entry.category),
      ['disclosure'],
    );
    const school = await chronology.personChronology(sam, ellieId, { agencyIds: [high.entries[0]?.sourceAgencyId as string] });
    assert.equal(school.total, 1);
    const october = await chronology.personChronology(sam, ellieId, { from: '2026-10-01', to: '2026-10-31' });
    assert.deepEqual(
      october.entries.map((entry) => entry.category),
      ['appointment_missed'],
    );
    await assert.rejects(
      chronology.personChronology(sam, ellieId, { from: '2026-10-31', to: '2026-10-01' }),
      rejectsWith(ErrorCode.VALIDATION, (error) => error.fields[0]?.field === 'to'),
    );
  });

  it('an amendment is a new entry; the original is kept and visible in the history', async () => {
    const aisha = await context.actor('aisha.rahman');
    const sam = await context.actor('sam.okafor');
    const [missed] = (await context.services.chronology.personChronology(aisha, ellieId, { categories: ['appointment_missed'] })).entries;
    assert.ok(missed);
    await assert.rejects(
      context.services.chronology.amendEntry(sam, missed.id, { summary: 'Changed by someone else', reason: 'I think this is wrong' }),
      rejectsWith(ErrorCode.FORBIDDEN),
      'only the source agency amends its entries',
    );
    await assert.rejects(
      context.services.chronology.amendEntry(aisha, missed.id, { summary: 'x', reason: 'short' }),
      rejectsWith(ErrorCode.VALIDATION, (error) => error.fields.some((field) => field.field === 'reason')),
    );
    const amended = await context.services.chronology.amendEntry(aisha, missed.id, {
      summary: 'Second missed developmental review (the first was rearranged by us). In my view the family is avoiding health contact.',
      reason: 'Our records show the first appointment was cancelled by the service',
    });
    assert.equal(amended.supersedesId, missed.id);
    const current = await context.services.chronology.personChronology(sam, ellieId, { categories: ['appointment_missed'] });
    assert.deepEqual(
      current.entries.map((entry) => entry.id),
      [amended.id],
      'only the current version is listed',
    );
    const history = await context.services.chronology.getEntryHistory(sam, amended.id);
    assert.deepEqual(
      history.map((entry) => entry.summary.slice(0, 20)),
      ['Third missed develop', 'Second missed develo'],
    );
    assert.equal(history[0]?.supersededById, amended.id);
    await assert.rejects(
      context.services.chronology.amendEntry(aisha, missed.id, { summary: 'again', reason: 'amending the old version' }),
      rejectsWith(ErrorCode.CONFLICT),
    );
  });

  it('a withdrawal keeps the entry but takes it out of the chronology, and says so', async () => {
    const sam = await context.actor('sam.okafor');
    const wrong = await context.services.chronology.recordEntry(sam, {
      occurredAt: '2026-11-10T16:00',
      category: 'home_visit',
      summary: 'Visit recorded on the wrong child.',
      nature: 'fact',
      significance: 'low',
      personIds: [jaydenId],
    });
    const withdrawn = await context.services.chronology.withdrawEntry(sam, wrong.id, {
      reason: 'Recorded on Jayden by mistake; the visit was to a neighbour',
    });
    assert.equal(withdrawn.withdrawal?.reason, 'Recorded on Jayden by mistake; the visit was to a neighbour');
    const page = await context.services.chronology.personChronology(sam, jaydenId);
    assert.equal(
      page.entries.some((entry) => entry.id === wrong.id),
      false,
    );
    assert.equal(page.withdrawn, 1);
    const all = await context.services.chronology.personChronology(sam, jaydenId, { includeWithdrawn: true });
    assert.equal(all.entries.find((entry) => entry.id === wrong.id)?.withdrawal?.byLabel, 'Sam Okafor');
  });

  it('a sensitive health entry is withheld from the school, and the school is told something is withheld', async () => {
    const aisha = await context.actor('aisha.rahman');
    await context.services.chronology.recordEntry(aisha, {
      occurredAt: '2026-11-05T11:00',
      category: 'assessment',
      summary: 'Mother disclosed a sexual health matter at the clinic.',
      nature: 'fact',
      significance: 'medium',
      sensitivity: 'sensitive',
      personIds: [ellieId],
    });
    const hannah = await context.actor('hannah.reid');
    const schoolView = await context.services.chronology.personChronology(hannah, ellieId);
    assert.equal(
      schoolView.entries.some((entry) => entry.category === 'assessment'),
      false,
    );
    assert.equal(schoolView.withheld, 1);
    const sam = await context.actor('sam.okafor');
    const samView = await context.services.chronology.personChronology(sam, ellieId);
    assert.ok(
      samView.entries.some((entry) => entry.category === 'assessment'),
      'Sam is Ellie’s allocated worker, so sensitive entries reach him',
    );
    assert.equal(samView.withheld, 0);
  });

  it('the police, with no involvement, cannot read Ellie’s chronology or any entry in it', async () => {
    const tom = await context.actor('tom.fletcher');
    await assert.rejects(context.services.chronology.personChronology(tom, ellieId), rejectsWith(ErrorCode.NOT_FOUND));
    const sam = await context.actor('sam.okafor');
    const [anyEntry] = (await context.services.chronology.personChronology(sam, ellieId)).entries;
    await assert.rejects(context.services.chronology.getEntry(tom, anyEntry?.id as string), rejectsWith(ErrorCode.NOT_FOUND));
    await assert.rejects(
      context.services.chronology.recordEntry(tom, {
        occurredAt: '2026-11-01T22:00',
        category: 'police_callout',
        summary: 'Call-out',
        nature: 'fact',
        significance: 'high',
        personIds: [ellieId],
      }),
      rejectsWith(ErrorCode.VALIDATION, (error) => error.fields[0]?.field === 'personIds.0'),
    );
  });

  it('impossible entries are refused with located messages, and nothing is written', async () => {
    const sam = await context.actor('sam.okafor');
    const before = (await context.services.chronology.personChronology(sam, ellieId)).total;
    await assert.rejects(
      context.services.chronology.recordEntry(sam, {
        occurredAt: '2018-01-01',
        category: 'incident',
        summary: 'Before Ellie was born',
        nature: 'fact',
        significance: 'low',
        personIds: [ellieId],
      }),
      rejectsWith(
        ErrorCode.VALIDATION,
        (error) => error.fields[0]?.field === 'occurredAt' && /before the date of birth/.test(error.fields[0].message),
      ),
    );
    await assert.rejects(
      context.services.chronology.recordEntry(sam, {
        occurredAt: '2026-02-30T10:00',
        category: 'bruising' as 'incident',
        summary: '',
        nature: 'fact',
        significance: 'low',
        personIds: [ellieId, ellieId],
      }),
      rejectsWith(ErrorCode.VALIDATION, (error) => {
        const fields = error.fields.map((field) => field.field).sort();
        return ['category', 'occurredAt', 'personIds', 'summary'].every((field) => fields.includes(field));
      }),
    );
    await assert.rejects(
      context.services.chronology.recordEntry(sam, {
        occurredAt: '2027-01-01',
        category: 'incident',
        summary: 'In the future',
        nature: 'fact',
        significance: 'low',
        personIds: [ellieId],
      }),
      rejectsWith(ErrorCode.VALIDATION),
    );
    assert.equal((await context.services.chronology.personChronology(sam, ellieId)).total, before);
  });

  it('entries from other modules appear once, however often they are sent', async () => {
    const marcus = await context.actor('marcus.bell');
    await context.services.access.recordInvolvement(marcus, {
      personId: ellieId,
      kind: 'allocated_worker',
      userId: marcus.userId as string,
    });
    const { withTransaction } = await import('../../platform/database/transaction.ts');
    const send = () =>
      withTransaction(context.handle.db, (tx) =>
        context.services.chronology.recordFromModule(tx, marcus, {
          originType: 'referral',
          originId: 'REF-0042',
          occurredAt: new Date('2026-11-03T09:30:00Z'),
          category: 'referral',
          summary: 'Referral received from Ashford Primary School',
          significance: 'high',
          personIds: [ellieId, jaydenId],
        }),
      );
    const first = await send();
    assert.equal(await send(), first);
    const sam = await context.actor('sam.okafor');
    const referrals = await context.services.chronology.personChronology(sam, jaydenId, { categories: ['referral'] });
    assert.equal(referrals.total, 1);
    assert.equal(referrals.entries[0]?.originType, 'referral');
  });

  it('Ellie’s voice: heard only with her brother, so she is flagged as not heard on her own', async () => {
    const sam = await context.actor('sam.okafor');
    const none = await context.services.chronology.voiceOf(sam, ellieId);
    assert.equal(none.notHeardRecently, true);
    await context.services.chronology.recordVoice(sam, ellieId, {
      heardOn: '2026-11-16',
      method: 'play_or_drawing',
      heardIndividually: false,
      words: 'I like it when Nanny picks me up',
      isVerbatim: true,
    });
    const grouped = await context.services.chronology.voiceOf(sam, ellieId);
    assert.equal(grouped.onlyHeardInGroup, true);
    assert.equal(grouped.notHeardRecently, true);
    await context.services.chronology.recordVoice(sam, ellieId, {
      heardOn: '2026-11-20',
      method: 'seen_alone',
      heardIndividually: true,
      words: 'Dean is loud. I hide under my bed.',
      isVerbatim: true,
      wishesAndFeelings: 'Wants to stay with Mum but not with Dean there',
    });
    const heard = await context.services.chronology.voiceOf(sam, ellieId);
    assert.equal(heard.notHeardRecently, false);
    assert.equal(heard.lastHeardIndividuallyOn, '2026-11-20');
    assert.equal(heard.entries[0]?.agencyName, 'Northshire Council Children’s Services');
    await assert.rejects(
      context.services.chronology.recordVoice(sam, ellieId, {
        heardOn: '2027-01-01',
        method: 'seen_alone',
        heardIndividually: true,
        words: 'x',
      }),
      rejectsWith(ErrorCode.VALIDATION, (error) => error.fields[0]?.field === 'heardOn'),
    );
    await assert.rejects(
      context.services.chronology.voiceOf(await context.actor('tom.fletcher'), ellieId),
      rejectsWith(ErrorCode.NOT_FOUND),
    );
  });

  it('the database itself refuses to rewrite or delete an entry, whoever asks', async () => {
    const { sql } = await import('kysely');
    await assert.rejects(sql`update chronology_entry set summary = 'rewritten'`.execute(context.handle.db), /append-only/);
    await assert.rejects(sql`delete from chronology_entry_person`.execute(context.handle.db), /append-only/);
    await assert.rejects(sql`delete from voice_entry`.execute(context.handle.db), /append-only/);
  });

  it('the audit chain holds every write and read above', async () => {
    const result = await verifyAuditChain(context.handle.db);
    assert.equal(result.ok, true);
  });
});
