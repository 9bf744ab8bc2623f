import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';

function assertAppError(code: string, check?: (error: AppError) => void) {
  return (error: unknown) => {
    if (!(error instanceof AppError) || error.code !== code) {
      return false;
    }
    check?.(error);
    return true;
  };
}

async function countRows(context: TestContext, table: 'person' | 'person_name' | 'person_identifier' | 'person_address' | 'person_change') {
  const row = await context.handle.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describe('Sam records a family’s details: names over time, identifiers, addresses', () => {
  let context: TestContext;

  before(async () => {
    context = await createTestContext();
  });
  after(() => context.close());

  it('creates Kayleigh Hartwell, Ellie’s mother, with every detail, and reads them back normalised', async () => {
    const sam = await context.actor('sam.okafor');
    const kayleigh = await context.services.people.createPerson(sam, {
      givenName: 'Kayleigh',
      familyName: 'Hartwell',
      dateOfBirth: '1995-07-30',
      sex: 'female',
      genderIdentity: 'Woman',
      ethnicityCode: 'WBRI',
      firstLanguage: 'English',
      interpreterNeeded: false,
      disability: 'Dyslexia',
      identifiers: [
        { kind: 'nhs_number', value: '999 000 0026' },
        { kind: 'police_reference', value: 'ns/2025/ 0412' },
      ],
      address: { line1: '14 Cooper Street', town: 'Northbridge', postcode: 'ns1 4ab', validFrom: '2024-03-01' },
      otherNames: [{ kind: 'previous', familyName: 'Dawson', validTo: '2018-06-02' }],
    });
    assert.equal(kayleigh.kind, 'adult', 'born 1995: an adult');
    const details = await context.services.people.getPersonDetails(sam, kayleigh.id);
    assert.equal(details.ethnicityCode, 'WBRI');
    assert.equal(details.interpreterNeeded, false);
    assert.deepEqual(details.identifiers.map((identifier) => [identifier.kind, identifier.value]).sort(), [
      ['nhs_number', '9990000026'],
      ['police_reference', 'NS/2025/0412'],
    ]);
    assert.deepEqual(
      details.addresses.map((address) => [address.postcode, address.validFrom, address.validTo]),
      [['NS1 4AB', '2024-03-01', null]],
    );
    assert.deepEqual(
      details.names.map((name) => [name.kind, name.givenName, name.familyName]),
      [
        ['legal', 'Kayleigh', 'Hartwell'],
        ['previous', null, 'Dawson'],
      ],
    );
  });

  it('records an unborn baby with an expected date of delivery; at birth Sam makes them a child with a date of birth', async () => {
    const sam = await context.actor('sam.okafor');
    const baby = await context.services.people.createPerson(sam, {
      givenName: 'Unborn',
      familyName: 'Hartwell',
      expectedDeliveryDate: '2027-02-14',
    });
    assert.equal(baby.kind, 'unborn');
    const born = await context.services.people.updatePerson(sam, baby.id, baby.version, {
      kind: 'child',
      dateOfBirth: '2026-11-20',
      givenName: 'Rosie',
    });
    assert.equal(born.kind, 'child');
    assert.equal(born.dateOfBirth, '2026-11-20');
    assert.equal(born.expectedDeliveryDate, '2027-02-14', 'the expected date stays on record');
  });

  it('impossible dates are refused with a message at each field, and nothing is written', async () => {
    const sam = await context.actor('sam.okafor');
    const before = await Promise.all([countRows(context, 'person'), countRows(context, 'person_name')]);
    await assert.rejects(
      context.services.people.createPerson(sam, {
        kind: 'child',
        givenName: 'Ellie',
        familyName: 'Hartwell',
        dateOfBirth: '2019-04-12',
        dateOfDeath: '2019-04-11',
      }),
      assertAppError(ErrorCode.VALIDATION, (error) =>
        assert.deepEqual(error.fields, [{ field: 'dateOfDeath', message: 'Date of death must be the same as or after the date of birth' }]),
      ),
    );
    await assert.rejects(
      context.services.people.createPerson(sam, { givenName: 'Ellie', familyName: 'Hartwell', dateOfBirth: '2027-01-01' }),
      assertAppError(ErrorCode.VALIDATION, (error) =>
        assert.deepEqual(
          error.fields.map((field) => field.field),
          ['dateOfBirth'],
        ),
      ),
    );
    await assert.rejects(
      context.services.people.createPerson(sam, { kind: 'unborn', givenName: 'Unborn', familyName: 'Pryor', dateOfBirth: '2026-01-01' }),
      assertAppError(ErrorCode.VALIDATION, (error) =>
        assert.deepEqual(error.fields.map((field) => field.field).sort(), ['dateOfBirth', 'expectedDeliveryDate']),
      ),
    );
    await assert.rejects(
      context.services.people.createPerson(sam, {
        givenName: 'Ellie',
        familyName: 'Hartwell',
        ethnicityCode: 'XXXX' as 'WBRI',
        identifiers: [{ kind: 'nhs_number', value: '999 000 0019' }],
      }),
      assertAppError(ErrorCode.VALIDATION, (error) =>
        assert.deepEqual(error.fields.map((field) => field.field).sort(), ['ethnicityCode', 'identifiers.0.value']),
      ),
    );
    assert.deepEqual(await Promise.all([countRows(context, 'person'), countRows(context, 'person_name')]), before);
  });
});

describe('Changing and correcting Ellie’s record: the original is never lost', () => {
  let context: TestContext;
  let ellieId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
  });
  after(() => context.close());

  it('a change keeps the value it replaced in the history', async () => {
    const sam = await context.actor('sam.okafor');
    const ellie = await context.services.people.getPerson(sam, ellieId);
    const changed = await context.services.people.updatePerson(sam, ellieId, ellie.version, {
      firstLanguage: 'English',
      interpreterNeeded: false,
    });
    assert.equal(changed.version, ellie.version + 1);
    const again = await context.services.people.updatePerson(sam, ellieId, changed.version, { firstLanguage: 'English and Polish' });
    const history = await context.services.people.getHistory(sam, ellieId);
    const language = history.filter((entry) => entry.field === 'firstLanguage');
    assert.deepEqual(
      language.map((entry) => [entry.kind, entry.oldValue, entry.newValue, entry.version]),
      [
        ['change', 'English', 'English and Polish', again.version],
        ['change', null, 'English', changed.version],
      ],
    );
    assert.equal(history.find((entry) => entry.field === 'interpreterNeeded')?.newValue, 'no');
  });

  it('a correction needs a reason of at least 10 characters, and keeps the original value and the reason', async () => {
    const sam = await context.actor('sam.okafor');
    const ellie = await context.services.people.getPerson(sam, ellieId);
    await assert.rejects(
      context.services.people.correctPerson(sam, ellieId, ellie.version, { dateOfBirth: '2019-04-21', reason: 'typo' }),
      assertAppError(ErrorCode.VALIDATION, (error) =>
        assert.deepEqual(
          error.fields.map((field) => field.field),
          ['reason'],
        ),
      ),
    );
    const corrected = await context.services.people.correctPerson(sam, ellieId, ellie.version, {
      dateOfBirth: '2019-04-21',
      reason: 'Birth certificate seen at the home visit: the referral had the wrong day',
    });
    assert.equal(corrected.dateOfBirth, '2019-04-21');
    const [correction] = (await context.services.people.getHistory(sam, ellieId)).filter((entry) => entry.field === 'dateOfBirth');
    assert.deepEqual(
      [correction?.kind, correction?.oldValue, correction?.newValue],
      ['correction', '2019-04-12', '2019-04-21'],
      'the original date of birth is still on record',
    );
    assert.match(correction?.reason ?? '', /Birth certificate/);
  });

  it('the history cannot be rewritten, even by the database owner', async () => {
    await assert.rejects(context.handle.db.updateTable('person_change').set({ old_value: 'nothing to see' }).execute(), /append-only/);
    await assert.rejects(context.handle.db.deleteFrom('person_change').execute(), /append-only/);
  });

  it('a stale version changes nothing; a change without a version is refused', async () => {
    const sam = await context.actor('sam.okafor');
    const before = await countRows(context, 'person_change');
    await assert.rejects(
      context.services.people.updatePerson(sam, ellieId, 1, { firstLanguage: 'Polish' }),
      assertAppError(ErrorCode.STALE_VERSION),
    );
    await assert.rejects(
      context.services.people.correctPerson(sam, ellieId, undefined, { firstLanguage: 'Polish', reason: 'Recorded wrongly at referral' }),
      assertAppError(ErrorCode.VERSION_REQUIRED),
    );
    assert.equal(await countRows(context, 'person_change'), before);
  });

  it('a new legal name keeps the old one as a previous name; a corrected spelling does not', async () => {
    const sam = await context.actor('sam.okafor');
    const ellie = await context.services.people.getPerson(sam, ellieId);
    const renamed = await context.services.people.updatePerson(sam, ellieId, ellie.version, { familyName: 'Dawson' });
    let names = (await context.services.people.getPersonDetails(sam, ellieId)).names;
    assert.deepEqual(
      names.map((name) => [name.kind, name.familyName, name.validTo]),
      [
        ['legal', 'Dawson', null],
        ['previous', 'Hartwell', '2026-11-23'],
      ],
    );
    await context.services.people.correctPerson(sam, ellieId, renamed.version, {
      familyName: 'Dawsen',
      reason: 'Spelling on the deed poll is Dawsen',
    });
    names = (await context.services.people.getPersonDetails(sam, ellieId)).names;
    assert.deepEqual(
      names.map((name) => [name.kind, name.familyName]),
      [
        ['legal', 'Dawsen'],
        ['previous', 'Hartwell'],
      ],
    );
    const familyHistory = (await context.services.people.getHistory(sam, ellieId)).filter((entry) => entry.field === 'familyName');
    assert.deepEqual(
      familyHistory.map((entry) => [entry.kind, entry.oldValue, entry.newValue]),
      [
        ['correction', 'Dawson', 'Dawsen'],
        ['change', 'Hartwell', 'Dawson'],
      ],
    );
  });

  it('a change that would make her born after her death is refused at the field, and nothing is written', async () => {
    const sam = await context.actor('sam.okafor');
    const ellie = await context.services.people.getPerson(sam, ellieId);
    const before = await countRows(context, 'person_change');
    await assert.rejects(
      context.services.people.updatePerson(sam, ellieId, ellie.version, { dateOfDeath: '2018-01-01' }),
      assertAppError(ErrorCode.VALIDATION, (error) =>
        assert.deepEqual(
          error.fields.map((field) => field.field),
          ['dateOfDeath'],
        ),
      ),
    );
    assert.equal(await countRows(context, 'person_change'), before);
    assert.equal((await context.services.people.getPerson(sam, ellieId)).version, ellie.version);
  });

  it('a new address ends the one before it on the day it starts, and both stay on record', async () => {
    const sam = await context.actor('sam.okafor');
    await context.services.people.addAddress(sam, ellieId, { line1: '14 Cooper Street', postcode: 'NS1 4AB', validFrom: '2024-03-01' });
    await context.services.people.addAddress(sam, ellieId, {
      line1: '2 Flax Court',
      line2: 'Flat 3',
      postcode: 'NS2 7QD',
      validFrom: '2026-10-01',
    });
    const { addresses } = await context.services.people.getPersonDetails(sam, ellieId);
    assert.deepEqual(
      addresses.map((address) => [address.line1, address.validFrom, address.validTo]),
      [
        ['2 Flax Court', '2026-10-01', null],
        ['14 Cooper Street', '2024-03-01', '2026-10-01'],
      ],
    );
    await assert.rejects(
      context.services.people.addAddress(sam, ellieId, { line1: '1 Old Road', postcode: 'NS3 1AA', validFrom: '2025-01-01' }),
      assertAppError(ErrorCode.VALIDATION, (error) => assert.equal(error.fields[0]?.field, 'validFrom')),
    );
    const [moved] = (await context.services.people.getHistory(sam, ellieId)).filter((entry) => entry.field === 'address');
    assert.equal(moved?.oldValue, '14 Cooper Street, NS1 4AB');
  });

  it('identifiers: one live NHS number per record; an ended one stays on record as ended', async () => {
    const sam = await context.actor('sam.okafor');
    const nhs = await context.services.people.addIdentifier(sam, ellieId, { kind: 'nhs_number', value: '999 000 0018' });
    await assert.rejects(
      context.services.people.addIdentifier(sam, ellieId, { kind: 'nhs_number', value: '999 000 0034' }),
      assertAppError(ErrorCode.CONFLICT),
    );
    await assert.rejects(
      context.services.people.addIdentifier(sam, ellieId, { kind: 'upn', value: 'A801200005001' }),
      assertAppError(ErrorCode.VALIDATION, (error) => assert.equal(error.fields[0]?.field, 'value')),
    );
    await context.services.people.endIdentifier(sam, ellieId, nhs.id, { reason: 'Number belonged to her brother' });
    await context.services.people.addIdentifier(sam, ellieId, { kind: 'nhs_number', value: '999 000 0034' });
    const { identifiers } = await context.services.people.getPersonDetails(sam, ellieId);
    assert.deepEqual(
      identifiers.map((identifier) => [identifier.value, identifier.endedAt === null]),
      [
        ['9990000034', true],
        ['9990000018', false],
      ],
    );
  });

  it('someone who cannot see Ellie cannot read or add to her details, and is told nothing', async () => {
    const tom = await context.actor('tom.fletcher');
    await assert.rejects(context.services.people.getPersonDetails(tom, ellieId), assertAppError(ErrorCode.NOT_FOUND));
    await assert.rejects(context.services.people.getHistory(tom, ellieId), assertAppError(ErrorCode.NOT_FOUND));
    await assert.rejects(
      context.services.people.addName(tom, ellieId, { kind: 'alias', givenName: 'Ellz' }),
      assertAppError(ErrorCode.NOT_FOUND),
    );
    await assert.rejects(
      context.services.people.correctPerson(tom, ellieId, 1, { firstLanguage: 'Polish', reason: 'I think it is wrong' }),
      assertAppError(ErrorCode.NOT_FOUND),
    );
  });
});

describe('The duplicate check before a record is made', () => {
  let context: TestContext;
  let ellieId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
    await context.services.people.addIdentifier(sam, ellieId, { kind: 'nhs_number', value: '999 000 0018' });
  });
  after(() => context.close());

  it('Hannah, about to add “Elly Hartwel” born 12 April 2019, is shown Ellie first, with why', async () => {
    const hannah = await context.actor('hannah.reid');
    const { items: matches } = await context.services.people.findLikelyMatches(hannah, {
      givenName: 'Elly',
      familyName: 'Hartwel',
      dateOfBirth: '2019-04-12',
    });
    assert.equal(matches[0]?.person.id, ellieId);
    assert.ok((matches[0]?.probability ?? 0) >= 0.9, `a strong match (${matches[0]?.summary})`);
    assert.ok(matches[0]?.reasons.some((reason) => reason.startsWith('Date of birth: 12/04/2019, the same on both')));
    assert.ok(
      matches.every((match) => match.person.givenName !== 'Jayden'),
      'a brother with another name and birthday is not a likely match',
    );
  });

  it('Sam, entering Ellie’s NHS number, sees her record however the name was typed', async () => {
    const sam = await context.actor('sam.okafor');
    const { items: matches } = await context.services.people.findLikelyMatches(sam, {
      givenName: 'Eleanor',
      familyName: 'Smith',
      identifiers: [{ kind: 'nhs_number', value: '9990000018' }],
    });
    assert.deepEqual(
      matches.map((match) => match.person.id),
      [ellieId],
    );
    assert.ok(matches[0]?.reasons.some((reason) => reason.startsWith('NHS number: 9990000018, the same on both')));
    await assert.rejects(
      context.services.people.createPerson(sam, {
        givenName: 'Eleanor',
        familyName: 'Smith',
        identifiers: [{ kind: 'nhs_number', value: '9990000018' }],
      }),
      assertAppError(ErrorCode.CONFLICT, (error) => assert.equal(error.fields[0]?.field, 'identifiers.0.value')),
    );
  });

  it('Tom, who cannot see Ellie, is refused with one neutral sentence, nothing is written, and the MASH can see the attempt', async () => {
    const tom = await context.actor('tom.fletcher');
    const before = await countRows(context, 'person');
    const neutral = 'A record with this NHS number already exists. Ask the MASH to check it.';
    for (const attempt of [context.services.people.findLikelyMatches, context.services.people.createPerson]) {
      await assert.rejects(
        attempt(tom, { givenName: 'Child', familyName: 'Unknown', identifiers: [{ kind: 'nhs_number', value: '999 000 0018' }] }),
        assertAppError(ErrorCode.CONFLICT, (error) => {
          assert.equal(error.message, neutral);
          assert.deepEqual(error.fields, [], 'not even which field');
        }),
      );
    }
    assert.equal(await countRows(context, 'person'), before);
    const log = await context.services.people.getAccessLog(await context.actor('sam.okafor'), ellieId);
    assert.ok(
      log.some(
        (entry) => entry.action === 'person.duplicate-refused' && entry.outcome === 'denied' && /tom\.fletcher/.test(entry.actorLabel),
      ),
    );
  });

  it('nobody may see matches they are not allowed to see: Tom’s check for “Ellie Hartwell” says only to ask the MASH', async () => {
    const tom = await context.actor('tom.fletcher');
    assert.deepEqual(
      await context.services.people.findLikelyMatches(tom, { givenName: 'Ellie', familyName: 'Hartwell', dateOfBirth: '2019-04-12' }),
      {
        items: [],
        heldElsewhere: true,
        heldElsewherePrompt: 'A possible match is held by another agency. Ask the MASH before you create a new record.',
      },
    );
  });
});
