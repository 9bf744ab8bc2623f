import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { listAuditEntriesForSubject } from '../../platform/audit-trail/verify-chain.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';

describe('Priya exports Ellie’s chronology for a rapid review', () => {
  let context: TestContext;
  let ellieId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    const hannah = await context.actor('hannah.reid');
    await context.services.chronology.recordEntry(hannah, {
      occurredAt: '2026-03-03T08:50',
      category: 'school_attendance',
      summary: '=HYPERLINK("http://evil.example") Ellie late for the fifth time this month',
      nature: 'fact',
      significance: 'medium',
      personIds: [ellieId],
    });
    await context.services.chronology.recordEntry(sam, {
      occurredAt: '2026-04-10T15:00',
      category: 'home_visit',
      summary: 'Home visit. Ellie seen alone in her room; she said she was hungry.',
      nature: 'fact',
      significance: 'high',
      personIds: [ellieId],
    });
    const aisha = await context.actor('aisha.rahman');
    await context.services.chronology.recordEntry(aisha, {
      occurredAt: '2026-02-01',
      category: 'assessment',
      summary: 'Confidential clinic note',
      nature: 'fact',
      significance: 'low',
      sensitivity: 'confidential',
      personIds: [ellieId],
    });
  });
  after(() => context.close());

  it('the CSV is oldest first, with each entry’s agency and author, and formulas disarmed', async () => {
    const priya = await context.actor('priya.nair');
    const file = await context.services.chronology.exportChronology(priya, { personId: ellieId, format: 'csv', title: 'Ellie Hartwell' });
    const rows = parse(file.body.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    assert.deepEqual(
      rows.map((row) => [row.source_agency, row.author]),
      [
        ['Ashford Primary School', 'Hannah Reid'],
        ['Northshire Council Children’s Services', 'Sam Okafor'],
      ],
    );
    assert.match(rows[0]?.summary ?? '', /^'=HYPERLINK/);
    assert.equal(file.contentType, 'text/csv; charset=utf-8');
  });

  it('the PDF is a real document and a date range narrows it; the export is one audited read', async () => {
    const priya = await context.actor('priya.nair');
    const exportsSoFar = async () =>
      (await listAuditEntriesForSubject(context.handle.db, 'person', ellieId)).filter((entry) => entry.action === 'chronology.exported')
        .length;
    const before = await exportsSoFar();
    const pdf = await context.services.chronology.exportChronology(priya, {
      personId: ellieId,
      format: 'pdf',
      title: 'Ellie Hartwell',
      from: '2026-04-01',
    });
    assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
    assert.equal(pdf.entries, 1);
    assert.ok(pdf.body.length > 1000);
    assert.equal(await exportsSoFar(), before + 1);
  });

  it('the police cannot export a chronology they cannot read', async () => {
    await assert.rejects(
      context.services.chronology.exportChronology(await context.actor('tom.fletcher'), { personId: ellieId, format: 'csv', title: 'x' }),
      /not found/i,
    );
  });
});
