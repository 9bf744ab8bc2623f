import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { BatchInputError, parseFlexibleDate, parseMapping, resolveMapping, rowToMatchInput, writeAtomically } from '../index.ts';

/** The column mapping and date reading of `wholepicture match`, and the no-partial-file rule. */
function issues() {
  return { unreadableDates: 0, missingIds: 0 };
}

function refusal(work: () => unknown, pattern: RegExp, usage: boolean): void {
  assert.throws(work, (error: unknown) => {
    assert.ok(error instanceof BatchInputError, String(error));
    assert.match(error.message, pattern);
    assert.equal(error.usage, usage);
    return true;
  });
}

describe('--map', () => {
  it('reads FIELD=COLUMN pairs, identifiers and joined address columns', () => {
    assert.deepEqual(parseMapping('forename=given_name, Surname=family_name,identifier:UPN=pupil_number,address=line1+line2+town'), [
      { field: 'forename', columns: ['given_name'] },
      { field: 'surname', columns: ['family_name'] },
      { field: 'identifier:upn', columns: ['pupil_number'] },
      { field: 'address', columns: ['line1', 'line2', 'town'] },
    ]);
    assert.deepEqual(parseMapping(undefined), []);
    assert.deepEqual(parseMapping('  '), []);
  });

  it('refuses malformed pairs, unknown fields, repeats and joins other than address', () => {
    refusal(() => parseMapping('forename'), /FIELD=COLUMN.*"forename" is not/, true);
    refusal(() => parseMapping('forename=a,,surname=b'), /FIELD=COLUMN/, true);
    refusal(() => parseMapping('forename='), /FIELD=COLUMN/, true);
    refusal(() => parseMapping('given=first_name'), /"given" is not a field the matcher knows; use id, forename, surname/, true);
    refusal(() => parseMapping('identifier:=ref'), /not a valid identifier field/, true);
    refusal(() => parseMapping('forename=a,forename=b'), /maps forename twice/, true);
    refusal(() => parseMapping('forename=first+middle'), /only address may join several columns/, true);
    refusal(() => parseMapping('address=line1++town'), /empty column/, true);
  });

  it('names the unknown column and lists the columns the file has', () => {
    refusal(
      () => resolveMapping(parseMapping('forename=given_nam'), ['ref', 'given_name', 'surname'], 'people.csv'),
      /^--map names column 'given_nam', which is not in people\.csv; its columns are: ref, given_name, surname$/,
      true,
    );
  });

  it('uses a column named after a standard field when the mapping leaves that field out, ignoring case', () => {
    const mapping = resolveMapping(parseMapping('forename=Given_Name'), ['ID', 'given_name', 'Surname', 'dob', 'notes'], 'people.csv');
    assert.equal(mapping.describe(), 'forename=given_name, id=ID, surname=Surname, dob=dob');
  });

  it('keeps the mapped column over a column named after the field', () => {
    const mapping = resolveMapping(parseMapping('forename=known_as'), ['forename', 'known_as'], 'people.csv');
    assert.deepEqual(mapping.fields.get('forename'), [1]);
  });

  it('refuses a file with nothing to match on (a postcode and sex alone identify nobody)', () => {
    refusal(
      () => resolveMapping(parseMapping('postcode=pc'), ['pc', 'sex', 'notes'], 'addresses.csv'),
      /addresses\.csv has no usable fields: map at least one of forename, surname, dob, nhs_number or identifier:NAME.*its columns are: pc, sex, notes/,
      false,
    );
    assert.ok(resolveMapping(parseMapping('identifier:upn=pupil'), ['pupil'], 'school.csv').fields.has('identifier:upn'));
  });

  it('turns a row into the matcher input, with the row number when there is no id', () => {
    const header = ['ref', 'first', 'last', 'born', 'line1', 'line2', 'town', 'upn', 'nhs'];
    const mapping = resolveMapping(
      parseMapping('id=ref,forename=first,surname=last,dob=born,address=line1+line2+town,identifier:upn=upn,nhs_number=nhs'),
      header,
      'police.csv',
    );
    const found = issues();
    const input = rowToMatchInput(
      ['P-17', ' Kayden ', 'Brooks', '14/03/2016', '12 Mill Lane', '', 'Northtown', 'A123', '943 476 5919'],
      mapping,
      4,
      found,
    );
    assert.deepEqual(input, {
      id: 'P-17',
      forename: 'Kayden',
      surname: 'Brooks',
      dob: '2016-03-14',
      address: '12 Mill Lane, Northtown',
      identifiers: { upn: 'A123' },
      nhsNumber: '943 476 5919',
    });
    const withoutId = rowToMatchInput(['', 'Ava', 'Okafor', 'not known', '', '', '', '', ''], mapping, 5, found);
    assert.equal(withoutId.id, '5');
    assert.equal(withoutId.dob, undefined);
    assert.deepEqual(found, { unreadableDates: 1, missingIds: 1 });
    const noIdColumn = resolveMapping(parseMapping('forename=first'), ['first'], 'school.csv');
    assert.equal(rowToMatchInput(['Ava'], noIdColumn, 9, issues()).id, '9');
  });
});

describe('dates of birth in the formats partners send', () => {
  for (const [text, iso] of [
    ['2016-03-14', '2016-03-14'],
    ['2016-03-14T00:00:00Z', '2016-03-14'],
    ['14/03/2016', '2016-03-14'],
    ['14-03-2016', '2016-03-14'],
    ['14.3.2016', '2016-03-14'],
    ['20160314', '2016-03-14'],
    ['2016/03/14', '2016-03-14'],
  ] as const) {
    it(`reads ${text} as ${iso}`, () => {
      assert.equal(parseFlexibleDate(text), iso);
      const mapping = resolveMapping(parseMapping('dob=born'), ['born'], 'f.csv');
      assert.equal(rowToMatchInput([text], mapping, 1, issues()).dob, iso);
    });
  }

  it('reads day first, as UK files do, and refuses a date that does not exist', () => {
    assert.equal(parseFlexibleDate('03/04/2016'), '2016-04-03');
    assert.equal(parseFlexibleDate('31/02/2016'), undefined);
    assert.equal(parseFlexibleDate('14th March'), undefined);
  });
});

describe('output files', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-atomic-'));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('leave nothing behind when writing fails part way', async () => {
    const target = path.join(folder, 'clusters.csv');
    async function* failing() {
      yield 'id,cluster_id\n';
      yield 'P1,P1\n';
      throw new Error('disk full');
    }
    await assert.rejects(writeAtomically(target, failing()), /disk full/);
    assert.deepEqual(fs.readdirSync(folder), []);
  });

  it('replace the target only when complete', async () => {
    const target = path.join(folder, 'pairs.csv');
    fs.writeFileSync(target, 'old\n');
    await writeAtomically(target, ['left_id,right_id\n', 'P1,S1\n']);
    assert.equal(fs.readFileSync(target, 'utf8'), 'left_id,right_id\nP1,S1\n');
    assert.deepEqual(fs.readdirSync(folder), ['pairs.csv']);
  });
});
