import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';

const HEADER = 'occurred_at,approximate,category,summary,nature,significance,sensitivity,person_ids,source_reference';

describe('Northshire Community Health loads its records of the Hartwell children from its own system', () => {
  let context: TestContext;
  let ellieId: string;
  let jaydenId: string;
  let masonId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    const people = await context.services.people.listPeople(sam, { name: 'Hartwell' });
    ellieId = people.find((person) => person.givenName === 'Ellie')?.id as string;
    jaydenId = people.find((person) => person.givenName === 'Jayden')?.id as string;
    masonId = (await context.services.people.listPeople(await context.actor('aisha.rahman'), { name: 'Mason' }))[0]?.id as string;
  });
  after(() => context.close());

  it('a file with bad rows is reported row by row, and nothing is imported even without --dry-run', async () => {
    const aisha = await context.actor('aisha.rahman');
    const csv = [
      HEADER,
      `2026-05-01T10:00,no,home_visit,New birth visit follow-up,fact,low,standard,${ellieId},HV-1`,
      `2026-05-32,no,home_visit,Bad date,fact,low,standard,${ellieId},HV-2`,
      `2026-06-01,maybe,telepathy,Bad code,gossip,low,standard,${ellieId},HV-3`,
      `2026-06-02,no,home_visit,Someone unknown,fact,low,standard,00000000-0000-4000-8000-000000000000,HV-4`,
      `2015-01-01,no,home_visit,Before birth,fact,low,standard,${ellieId},HV-5`,
      `2026-06-03,no,home_visit,Too few columns`,
      `2026-06-04,no,home_visit,Duplicate ref,fact,low,standard,${ellieId},HV-1`,
    ].join('\n');
    const report = await context.services.chronology.importCsv(aisha, { csv, dryRun: false });
    assert.equal(report.imported, 0);
    assert.deepEqual(
      report.errors.map((error) => [error.line, error.field]),
      [
        [3, 'occurred_at'],
        [4, 'approximate'],
        [5, 'person_ids'],
        [6, 'occurred_at'],
        [7, '(row)'],
        [8, 'source_reference'],
      ],
    );
    const page = await context.services.chronology.personChronology(aisha, ellieId);
    assert.equal(page.total, 0, 'not even the good row was written');
  });

  it('every problem of one row is reported, not just the first', async () => {
    const aisha = await context.actor('aisha.rahman');
    const csv = [HEADER, `2026-06-01,no,telepathy,,gossip,urgent,standard,${ellieId},HV-9`].join('\n');
    const report = await context.services.chronology.importCsv(aisha, { csv, dryRun: true });
    assert.deepEqual(report.errors.map((error) => error.field).sort(), ['category', 'nature', 'significance', 'summary']);
  });

  it('a broken file or header is refused as a whole', async () => {
    const aisha = await context.actor('aisha.rahman');
    const unclosed = await context.services.chronology.importCsv(aisha, {
      csv: `${HEADER}\n2026-06-01,no,home_visit,"unclosed,fact`,
      dryRun: true,
    });
    assert.equal(unclosed.errors[0]?.field, '(file)');
    const header = await context.services.chronology.importCsv(aisha, { csv: 'when,what\n2026-01-01,x', dryRun: true });
    assert.match(header.errors[0]?.message ?? '', /Missing column\(s\): occurred_at/);
  });

  it('a clean dry run reports what would be imported and writes nothing; the real run imports it all', async () => {
    const aisha = await context.actor('aisha.rahman');
    const csv = [
      HEADER,
      `2026-05-01T10:00,no,home_visit,"Visit: Ellie and Jayden seen, home warm",fact,low,standard,${ellieId};${jaydenId},HV-10`,
      `2026-07-15,yes,appointment_missed,Hearing test not attended,fact,medium,,${ellieId},HV-11`,
      `2026-08-01T09:30,no,assessment,"Mason's 12-month review, weight on the 9th centile",fact,medium,standard,${masonId},HV-12`,
    ].join('\r\n');
    const progress: number[] = [];
    const dry = await context.services.chronology.importCsv(aisha, { csv, dryRun: true, onProgress: (done) => progress.push(done) });
    assert.deepEqual(dry, { rows: 3, errors: [], imported: 0, dryRun: true });
    assert.equal((await context.services.chronology.personChronology(aisha, ellieId)).total, 0);
    const real = await context.services.chronology.importCsv(aisha, { csv, dryRun: false });
    assert.equal(real.imported, 3);
    const ellie = await context.services.chronology.personChronology(aisha, ellieId);
    assert.equal(ellie.total, 2);
    assert.ok(ellie.entries.every((entry) => entry.sourceAgencyName === 'Northshire Community Health NHS Trust'));
    assert.ok(progress.length > 0);
    const again = await context.services.chronology.importCsv(aisha, { csv, dryRun: true });
    assert.deepEqual(
      again.errors.map((error) => [error.line, error.field]),
      [
        [2, 'source_reference'],
        [3, 'source_reference'],
        [4, 'source_reference'],
      ],
      'the same file twice would double the chronology, so it is refused',
    );
  });

  it('the school cannot import on behalf of the health trust', async () => {
    const hannah = await context.actor('hannah.reid');
    const aisha = await context.actor('aisha.rahman');
    await assert.rejects(
      context.services.chronology.importCsv(hannah, { csv: HEADER, agencyId: aisha.agencyId as string, dryRun: true }),
      /only for your own agency/,
    );
  });
});
