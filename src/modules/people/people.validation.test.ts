import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { describeNameMatch, nicknamesOf, parseNameQuery } from './people.matching.ts';
import { CreatePersonInput, checkIdentifier } from './people.schema.ts';
import {
  addYears,
  checkPersonFacts,
  defaultKind,
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  nhsCheckDigit,
  normalisePostcode,
  upnCheckLetter,
} from './people.validation.ts';

describe('NHS numbers: the modulus 11 check catches a mistyped digit', () => {
  it('accepts a valid number with or without spaces, and the reserved test range used in Northshire’s fictional data', () => {
    assert.equal(isValidNhsNumber('943 476 5919'), true);
    assert.equal(isValidNhsNumber('9434765919'), true);
    assert.equal(isValidNhsNumber('999 000 0018'), true);
    assert.equal(isValidNhsNumber('999-000-0026'), true);
  });

  it('refuses a wrong check digit, the wrong length, and letters', () => {
    assert.equal(isValidNhsNumber('943 476 5918'), false);
    assert.equal(isValidNhsNumber('943 476 591'), false);
    assert.equal(isValidNhsNumber('94347659190'), false);
    assert.equal(isValidNhsNumber('94347659A9'), false);
  });

  it('a remainder giving check digit 10 means no number with those first nine digits is valid', () => {
    const firstNine = Array.from({ length: 200 }, (_, index) => String(100000000 + index)).find(
      (digits) => nhsCheckDigit(digits) === undefined,
    );
    assert.ok(firstNine, 'some prefixes have no valid check digit');
    for (let digit = 0; digit <= 9; digit += 1) {
      assert.equal(isValidNhsNumber(`${firstNine}${digit}`), false);
    }
  });

  it('a check result of 11 means check digit 0', () => {
    assert.equal(nhsCheckDigit('999000005'), 0);
    assert.equal(isValidNhsNumber('9990000050'), true);
  });

  it('any single mistyped digit in a valid number is caught', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const valid = '9434765919';
        const digits = [...valid];
        digits[position] = String((Number(digits[position]) + delta) % 10);
        return !isValidNhsNumber(digits.join(''));
      }),
    );
  });
});

describe('Unique pupil numbers: the DfE check letter', () => {
  it('computes the check letter from the other twelve characters (weights 2 to 13, modulo 23)', () => {
    assert.equal(upnCheckLetter('801200005001'), 'B');
    assert.equal(isValidUpn('B801200005001'), true);
    assert.equal(isValidUpn('b801 2000 05001'), true, 'case and spaces do not matter');
  });

  it('accepts a temporary UPN ending in a letter', () => {
    assert.equal(upnCheckLetter('93520152600A'), 'Y');
    assert.equal(isValidUpn('Y93520152600A'), true);
  });

  it('refuses a wrong check letter, the wrong length, and I, O or S at the end', () => {
    assert.equal(isValidUpn('A801200005001'), false);
    assert.equal(isValidUpn('B80120000500'), false);
    assert.equal(isValidUpn('B80120000500O'), false);
  });

  it('gives located, practical messages', () => {
    assert.deepEqual(checkIdentifier('nhs_number', '943 476 5918'), { error: 'The NHS number is not valid: check each digit' });
    assert.match((checkIdentifier('nhs_number', '12345') as { error: string }).error, /10 digits/);
    assert.match((checkIdentifier('upn', 'A801200005001') as { error: string }).error, /first letter does not match/);
    assert.deepEqual(checkIdentifier('upn', 'b801200005001'), { value: 'B801200005001' });
    assert.deepEqual(checkIdentifier('police_reference', ' np/2026/0412 '), { value: 'NP/2026/0412' });
  });
});

describe('Postcodes', () => {
  it('normalises to capitals with one space before the last three characters', () => {
    assert.equal(normalisePostcode('ns14ab'), 'NS1 4AB');
    assert.equal(normalisePostcode('  NS1   4AB '), 'NS1 4AB');
    assert.equal(normalisePostcode('NS12 9ZD'), 'NS12 9ZD');
    assert.equal(normalisePostcode('n1c4ag'), 'N1C 4AG');
  });

  it('refuses what is not the shape of a UK postcode', () => {
    for (const bad of ['NS1', '12345', 'NS1 4A', 'NS1 4CI', 'NSS1 4AB']) {
      assert.equal(isValidPostcode(bad), false, bad);
    }
  });
});

describe('Dates that cannot all be true', () => {
  const today = '2026-11-23';
  const none = { dateOfBirth: null, expectedDeliveryDate: null, dateOfDeath: null };

  it('a child born after they died, or in the future, is refused at the field concerned', () => {
    assert.deepEqual(
      checkPersonFacts({ ...none, kind: 'child', dateOfBirth: '2020-05-01', dateOfDeath: '2020-04-30' }, today, { checkAge: true }),
      [{ field: 'dateOfDeath', message: 'Date of death must be the same as or after the date of birth' }],
    );
    assert.deepEqual(checkPersonFacts({ ...none, kind: 'child', dateOfBirth: '2026-11-24' }, today, { checkAge: true }), [
      { field: 'dateOfBirth', message: 'Date of birth must be today or in the past' },
    ]);
    assert.deepEqual(checkPersonFacts({ ...none, kind: 'adult', dateOfDeath: '2027-01-01' }, today, { checkAge: false }), [
      { field: 'dateOfDeath', message: 'Date of death must be today or in the past' },
    ]);
  });

  it('an unborn baby has an expected date of delivery that is not long past nor too far ahead, and no date of birth', () => {
    assert.deepEqual(checkPersonFacts({ ...none, kind: 'unborn', expectedDeliveryDate: '2027-03-01' }, today, { checkAge: true }), []);
    assert.deepEqual(
      checkPersonFacts({ ...none, kind: 'unborn' }, today, { checkAge: true }).map((error) => error.field),
      ['expectedDeliveryDate'],
    );
    assert.match(
      checkPersonFacts({ ...none, kind: 'unborn', expectedDeliveryDate: '2026-08-01' }, today, { checkAge: true })[0]?.message ?? '',
      /8 weeks ago/,
    );
    assert.match(
      checkPersonFacts({ ...none, kind: 'unborn', expectedDeliveryDate: '2028-01-01' }, today, { checkAge: true })[0]?.message ?? '',
      /next 10 months/,
    );
    assert.deepEqual(
      checkPersonFacts({ ...none, kind: 'unborn', expectedDeliveryDate: '2027-03-01', dateOfBirth: '2026-01-01' }, today, {
        checkAge: true,
      }).map((error) => error.field),
      ['dateOfBirth'],
    );
  });

  it('a child must be under 18 and an adult 18 or over, unless the child died young', () => {
    assert.equal(checkPersonFacts({ ...none, kind: 'child', dateOfBirth: '2008-11-23' }, today, { checkAge: true }).length, 1);
    assert.equal(checkPersonFacts({ ...none, kind: 'child', dateOfBirth: '2008-11-24' }, today, { checkAge: true }).length, 0);
    assert.equal(
      checkPersonFacts({ ...none, kind: 'child', dateOfBirth: '2000-01-01', dateOfDeath: '2010-01-01' }, today, { checkAge: true }).length,
      0,
    );
    assert.equal(checkPersonFacts({ ...none, kind: 'adult', dateOfBirth: '2010-01-01' }, today, { checkAge: true }).length, 1);
    assert.equal(
      checkPersonFacts({ ...none, kind: 'child', dateOfBirth: '2000-01-01' }, today, { checkAge: false }).length,
      0,
      'not rechecked on every change',
    );
  });

  it('the kind follows from the dates when not given', () => {
    assert.equal(defaultKind({ expectedDeliveryDate: '2027-02-01' }, today), 'unborn');
    assert.equal(defaultKind({ dateOfBirth: '2019-04-12' }, today), 'child');
    assert.equal(defaultKind({ dateOfBirth: '1990-04-12' }, today), 'adult');
    assert.equal(defaultKind({}, today), 'adult');
  });

  it('29 February plus 18 years is 28 February', () => {
    assert.equal(addYears('2008-02-29', 18), '2026-02-28');
  });

  it('the create schema names every bad identifier by its position', () => {
    const result = CreatePersonInput.safeParse({
      givenName: 'Ellie',
      familyName: 'Hartwell',
      identifiers: [
        { kind: 'nhs_number', value: '999 000 0018' },
        { kind: 'upn', value: 'A801200005001' },
        { kind: 'nhs_number', value: '999 000 0026' },
      ],
      address: { line1: '4 Mill Lane', postcode: 'NOT A CODE' },
    });
    assert.equal(result.success, false);
    const fields = result.error?.issues.map((issue) => issue.path.join('.')).sort();
    assert.deepEqual(fields, ['address.postcode', 'identifiers.1.value']);
  });
});

describe('Reading a typed name, and nicknames', () => {
  it('splits given and family names, either way round', () => {
    assert.deepEqual(parseNameQuery('Jon Hartwel'), { given: 'jon', family: 'hartwel' });
    assert.deepEqual(parseNameQuery('Hartwell, Jon'), { given: 'jon', family: 'hartwell' });
    assert.deepEqual(parseNameQuery('  ellie  '), { single: 'ellie' });
    assert.deepEqual(parseNameQuery('Chloé O’Neill'), { given: 'chloe', family: "o'neill" });
    assert.equal(parseNameQuery('%%% 123'), undefined);
  });

  it('knows the common short forms, both ways, and names in several groups reach all of them', () => {
    assert.ok(nicknamesOf('Bill').includes('william'));
    assert.ok(nicknamesOf('william').includes('bill'));
    assert.ok(['elizabeth', 'beth', 'lizzie'].every((name) => nicknamesOf('liz').includes(name)));
    assert.ok(nicknamesOf('mo').includes('muhammad') && nicknamesOf('mohammed').includes('muhammad'));
    assert.ok(nicknamesOf('sasha').includes('alexandra') && nicknamesOf('sasha').includes('alexander'));
    assert.deepEqual(nicknamesOf('zebedee'), []);
  });

  it('explains each match in words', () => {
    assert.equal(
      describeNameMatch('given', { how: 'nickname', nameKind: 'legal', value: 'William', typed: 'bill' }),
      '“Bill” is a nickname of William (given name)',
    );
    assert.equal(
      describeNameMatch('family', { how: 'exact', nameKind: 'previous', value: 'Smith', typed: 'smith' }),
      'previous family name Smith',
    );
    assert.equal(
      describeNameMatch('family', { how: 'sounds', nameKind: 'legal', value: 'Hartwell', typed: 'hartwel' }),
      'family name Hartwell sounds like “Hartwel”',
    );
  });
});
