import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { areNicknames, type MatchInput, parseFlexibleDate } from '../../modules/matching/index.ts';
import { isValidNhsNumber } from '../../platform/identifiers.ts';
import { runCliInProcess } from '../../testing/cli-run.ts';
import {
  type CorruptionLevel,
  generateIdentities,
  type IdentityRow,
  identityRows,
  REALISTIC_RATES,
  relation,
  relationFactsFromNote,
  relationNote,
} from './identities.ts';
import { feminineSurname } from './identity-names.ts';

/**
 * Priya Mistry, Northshire's performance analyst, needs a population whose truth she knows to test
 * and benchmark the matcher: people in households, each with the records other agencies hold about
 * them, corrupted the way real records are, and the twins, juniors and namesakes a careless matcher
 * would merge.
 */
const populations = new Map<CorruptionLevel, IdentityRow[]>();
function population(corruption: CorruptionLevel): IdentityRow[] {
  let rows = populations.get(corruption);
  if (!rows) {
    rows = generateIdentities({ entities: 20_000, seed: 11, corruption });
    populations.set(corruption, rows);
  }
  return rows;
}

function originals(rows: readonly IdentityRow[]): Map<string, IdentityRow> {
  return new Map(rows.filter((row) => row.role === 'original').map((row) => [row.entityId, row]));
}

function duplicates(rows: readonly IdentityRow[]): IdentityRow[] {
  return rows.filter((row) => row.role === 'duplicate');
}

function share(count: number, total: number): number {
  return count / total;
}

describe('Priya’s synthetic population: people, households and the records agencies hold', () => {
  it('is the same for the same seed and different for another', () => {
    const first = generateIdentities({ entities: 300, seed: 42 });
    const again = generateIdentities({ entities: 300, seed: 42 });
    const other = generateIdentities({ entities: 300, seed: 43 });
    assert.deepEqual(again, first);
    assert.notDeepEqual(
      other.map((row) => row.record),
      first.map((row) => row.record),
    );
  });

  it('gives every record a unique id, and every person exactly one original record', () => {
    const rows = population('realistic');
    const ids = new Set(rows.map((row) => row.record.id));
    assert.equal(ids.size, rows.length);
    assert.ok(rows.every((row) => /^R\d{7}$/.test(row.record.id)));
    const people = originals(rows);
    assert.equal(people.size, 20_000);
    assert.ok(
      duplicates(rows).every((row) => people.has(row.entityId)),
      'every duplicate belongs to someone with an original',
    );
  });

  it('stops at exactly the number of records or people asked for', () => {
    assert.equal([...identityRows({ records: 1_234, seed: 5 })].length, 1_234);
    const rows = generateIdentities({ entities: 777, seed: 5 });
    assert.equal(new Set(rows.map((row) => row.entityId)).size, 777);
  });

  it('gives about half the people duplicates, some of them two or three', () => {
    const rows = population('realistic');
    const counts = new Map<string, number>();
    for (const row of duplicates(rows)) {
      counts.set(row.entityId, (counts.get(row.entityId) ?? 0) + 1);
    }
    const withDuplicates = share(counts.size, 20_000);
    assert.ok(withDuplicates > 0.4 && withDuplicates < 0.6, `${withDuplicates} of people have duplicates`);
    const several = [...counts.values()].filter((count) => count >= 2).length;
    assert.ok(share(several, 20_000) > 0.1, `${several} people have two or more duplicates`);
    assert.ok([...counts.values()].every((count) => count <= 3));
  });

  it('lives in households of families with children, couples and people on their own', () => {
    const rows = [...originals(population('realistic')).values()];
    const children = rows.filter((row) => row.member === 'child');
    assert.ok(share(children.length, rows.length) > 0.2 && share(children.length, rows.length) < 0.45);
    assert.ok(children.every((child) => child.parentIds.length >= 1));
    const households = new Map<string, number>();
    for (const row of rows) {
      households.set(row.householdId, (households.get(row.householdId) ?? 0) + 1);
    }
    const sizes = [...households.values()];
    assert.ok(sizes.some((size) => size === 1) && sizes.some((size) => size >= 5));
    const byId = new Map(rows.map((row) => [row.entityId, row]));
    for (const child of children.slice(0, 500)) {
      for (const parentId of child.parentIds) {
        const parent = byId.get(parentId);
        assert.equal(parent?.householdId, child.householdId);
        assert.ok((parent?.record.dob ?? '') < (child.record.dob ?? ''), 'parents are born before their children');
      }
    }
  });

  it('has the surnames of a multi-ethnic English town, Smith the commonest', () => {
    const rows = [...originals(population('realistic')).values()];
    const counts = new Map<string, number>();
    for (const row of rows) {
      counts.set(row.record.surname as string, (counts.get(row.record.surname as string) ?? 0) + 1);
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1]);
    assert.equal(ranked[0]?.[0], 'Smith');
    const smith = share(ranked[0]?.[1] ?? 0, rows.length);
    assert.ok(smith > 0.005 && smith < 0.03, `Smith is ${smith}`);
    assert.ok(counts.size > 1_000, `${counts.size} different surnames`);
    for (const name of ['Khan', 'Patel', 'Murphy', 'Okafor', 'Kowalski']) {
      assert.ok(counts.has(name), `${name} occurs`);
    }
    assert.ok(
      rows.some((row) => row.record.forename === 'Mohammed' && row.record.surname === 'Khan'),
      'a Mohammed Khan',
    );
  });

  it('places everyone at an address in the fictional NS and NX postcode districts', () => {
    for (const row of originals(population('realistic')).values()) {
      assert.match(row.record.postcode as string, /^N[SX]\d [1-9][A-Z]{2}$/);
      assert.match(row.record.address as string, /^(Flat \d+, )?\d+ [A-Z][a-z]+ [A-Z][a-z]+, [A-Z]/);
    }
  });

  it('gives people NHS numbers from the 999 test range that pass the check digit, one each', () => {
    const rows = population('realistic');
    const numbers = new Map<string, string>();
    for (const row of rows) {
      const nhs = row.record.nhsNumber?.replaceAll(' ', '');
      if (!nhs || row.corruptions.includes('nhs_typo') || row.corruptions.includes('nhs_other_person')) {
        continue;
      }
      assert.ok(nhs.startsWith('999') && isValidNhsNumber(nhs), `${nhs} is a valid test number`);
      const holder = numbers.get(nhs);
      assert.ok(holder === undefined || holder === row.entityId, `${nhs} belongs to one person`);
      numbers.set(nhs, row.entityId);
    }
    assert.ok(numbers.size > 10_000);
    const typos = rows.filter((row) => row.corruptions.includes('nhs_typo'));
    assert.ok(
      typos.length > 0 && typos.every((row) => !isValidNhsNumber(row.record.nhsNumber as string)),
      'a one-digit slip fails the check',
    );
  });

  it('leaves the NHS number off most police, school and housing records but not health ones', () => {
    const rows = population('realistic');
    const carried = (source: IdentityRow['source']) => {
      const held = rows.filter((row) => row.source === source);
      return share(held.filter((row) => row.record.nhsNumber).length, held.length);
    };
    assert.ok(carried('health') > 0.85, `health ${carried('health')}`);
    assert.ok(carried('police') < 0.2, `police ${carried('police')}`);
    assert.ok(carried('school') < 0.25, `school ${carried('school')}`);
  });
});

describe('Priya’s hard cases: the people a matcher must keep apart', () => {
  it('has twins sharing surname, date of birth, address and parents, but never a forename', () => {
    const rows = [...originals(population('realistic')).values()];
    const sets = new Map<string, IdentityRow[]>();
    for (const row of rows) {
      if (row.twinSet) {
        sets.set(row.twinSet, [...(sets.get(row.twinSet) ?? []), row]);
      }
    }
    assert.ok(sets.size > 50, `${sets.size} sets of twins`);
    for (const [first, ...others] of sets.values()) {
      assert.ok(first && others.length >= 1);
      const a: MatchInput = first.record;
      for (const twin of others) {
        const b = twin.record;
        assert.equal(b.dob, a.dob);
        assert.equal(b.postcode, a.postcode);
        assert.equal(b.address, a.address);
        assert.deepEqual(twin.parentIds, first.parentIds);
        const surnamesAgree =
          a.surname === b.surname ||
          feminineSurname(a.surname as string) === b.surname ||
          feminineSurname(b.surname as string) === a.surname;
        assert.ok(surnamesAgree, `${a.surname} and ${b.surname}`);
        const [x, y] = [(a.forename as string).toLowerCase(), (b.forename as string).toLowerCase()];
        assert.ok(x !== y && !areNicknames(x, y), `twins ${a.forename} and ${b.forename} have names of their own`);
        assert.equal(relation(first, twin), 'twin');
      }
    }
  });

  it('has brothers and sisters close in age, who are siblings and not twins', () => {
    const rows = [...originals(population('realistic')).values()].filter((row) => row.member === 'child');
    const byParent = new Map<string, IdentityRow[]>();
    for (const row of rows) {
      const key = row.parentIds.join(' ');
      byParent.set(key, [...(byParent.get(key) ?? []), row]);
    }
    let close = 0;
    for (const children of byParent.values()) {
      for (const [index, a] of children.entries()) {
        for (const b of children.slice(index + 1)) {
          const days = Math.abs(Date.parse(a.record.dob as string) - Date.parse(b.record.dob as string)) / 86_400_000;
          if (days > 0 && days < 400) {
            close += 1;
            assert.equal(relation(a, b), 'sibling');
          }
        }
      }
    }
    assert.ok(close > 20, `${close} sibling pairs born within 400 days`);
  });

  it('has fathers and sons of one name, a generation apart', () => {
    const people = originals(population('realistic'));
    const juniors = [...people.values()].filter((row) => row.juniorOf);
    assert.ok(juniors.length > 20, `${juniors.length} juniors`);
    for (const junior of juniors) {
      const father = people.get(junior.juniorOf as string);
      assert.ok(father);
      assert.equal(junior.record.forename, father.record.forename);
      assert.equal(junior.record.surname, father.record.surname);
      assert.equal(junior.record.postcode, father.record.postcode);
      const years = (Date.parse(junior.record.dob as string) - Date.parse(father.record.dob as string)) / (365.25 * 86_400_000);
      assert.ok(years >= 15, `${years} years apart`);
      assert.equal(relation(junior, father), 'parent-child');
    }
  });

  it('has unrelated namesakes born in the same year', () => {
    const people = originals(population('realistic'));
    const namesakes = [...people.values()].filter((row) => row.namesakeOf);
    assert.ok(namesakes.length > 10, `${namesakes.length} namesakes`);
    for (const namesake of namesakes) {
      const other = people.get(namesake.namesakeOf as string);
      assert.ok(other);
      assert.equal(namesake.record.forename, other.record.forename);
      assert.equal(namesake.record.surname, other.record.surname);
      assert.equal(namesake.record.dob?.slice(0, 4), other.record.dob?.slice(0, 4));
      assert.notEqual(namesake.record.dob, other.record.dob);
      assert.notEqual(namesake.record.nhsNumber ?? 'none', other.record.nhsNumber ?? 'other');
      assert.equal(relation(namesake, other), 'unrelated');
    }
  });

  it('writes enough truth in each note to work out any relation from the truth file alone', () => {
    const rows = population('realistic').slice(0, 3_000);
    const facts = rows.map((row) => relationFactsFromNote(row.entityId, row.householdId, relationNote(row)));
    for (let index = 0; index + 1 < rows.length; index += 1) {
      for (const other of [index + 1, rows.length - 1 - (index % 50)]) {
        assert.equal(
          relation(facts[index] as NonNullable<(typeof facts)[number]>, facts[other] as NonNullable<(typeof facts)[number]>),
          relation(rows[index] as IdentityRow, rows[other] as IdentityRow),
        );
      }
    }
  });
});

describe('Priya’s corruption levels: how far duplicates stray from the original', () => {
  function observed(level: CorruptionLevel) {
    const rows = population(level);
    const people = originals(rows);
    const copies = duplicates(rows);
    const original = (row: IdentityRow) => people.get(row.entityId)?.record ?? assert.fail('no original');
    const clean = (value: string | null | undefined) => (value ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
    const nicknamable = copies.filter((row) =>
      ['william', 'elizabeth', 'james', 'thomas', 'samuel', 'daniel', 'oliver', 'mohammed', 'jack', 'charlotte'].includes(
        clean(original(row).forename),
      ),
    );
    return {
      copies,
      dobMissing: share(copies.filter((row) => !row.record.dob).length, copies.length),
      sexMissing: share(copies.filter((row) => !row.record.sex).length, copies.length),
      identityChanged: share(
        copies.filter((row) => {
          const first = original(row);
          return (
            clean(row.record.forename) !== clean(first.forename) ||
            clean(row.record.surname) !== clean(first.surname) ||
            row.record.dob !== first.dob
          );
        }).length,
        copies.length,
      ),
      nickname: share(
        nicknamable.filter((row) => areNicknames(clean(original(row).forename), clean(row.record.forename))).length,
        nicknamable.length,
      ),
    };
  }

  it('at none, copies every duplicate exactly', () => {
    const rows = population('none');
    const people = originals(rows);
    for (const row of duplicates(rows)) {
      const { id: _duplicateId, ...copy } = row.record;
      const { id: _originalId, ...first } = people.get(row.entityId)?.record ?? assert.fail('no original');
      assert.deepEqual(copy, first);
      assert.deepEqual(row.corruptions, []);
    }
  });

  it('at realistic, corrupts at the configured rates', () => {
    const realistic = observed('realistic');
    const near = (value: number, rate: number, name: string) =>
      assert.ok(Math.abs(value - rate) < rate * 0.35, `${name}: ${value.toFixed(4)} observed, ${rate} configured`);
    near(realistic.dobMissing, REALISTIC_RATES.dob_missing, 'missing date of birth');
    near(realistic.sexMissing, REALISTIC_RATES.sex_missing, 'missing sex');
    near(realistic.nickname, REALISTIC_RATES.forename_nickname, 'nickname for a forename that has one');
  });

  it('corrupts more at each level: light, realistic, heavy', () => {
    const [light, realistic, heavy] = (['light', 'realistic', 'heavy'] as const).map(observed) as [
      ReturnType<typeof observed>,
      ReturnType<typeof observed>,
      ReturnType<typeof observed>,
    ];
    assert.ok(light.dobMissing < realistic.dobMissing && realistic.dobMissing < heavy.dobMissing);
    assert.ok(
      light.identityChanged < realistic.identityChanged && realistic.identityChanged < heavy.identityChanged,
      `names or date changed: ${light.identityChanged}, ${realistic.identityChanged}, ${heavy.identityChanged}`,
    );
    assert.ok(realistic.identityChanged > 0.15 && realistic.identityChanged < 0.5, `${realistic.identityChanged} at realistic`);
  });

  it('makes each corruption what it says: a swapped day and month, an old address after a move', () => {
    const rows = population('realistic');
    const people = originals(rows);
    const swapped = rows.filter((row) => row.corruptions.includes('dob_swap'));
    assert.ok(swapped.length > 20);
    for (const row of swapped) {
      const [year, month, day] = String(people.get(row.entityId)?.record.dob).split('-');
      assert.equal(row.record.dob, `${year}-${day}-${month}`);
    }
    const moved = rows.filter((row) => row.corruptions.includes('postcode_old') && !row.corruptions.includes('postcode_missing'));
    assert.ok(moved.length > 100);
    for (const row of moved.slice(0, 200)) {
      const first = people.get(row.entityId)?.record;
      assert.notEqual(row.record.postcode?.toUpperCase().replace(/\s/g, ''), first?.postcode?.replace(/\s/g, ''));
    }
    const married = rows.filter((row) => row.corruptions.includes('surname_previous') && row.corruptions.length === 1);
    assert.ok(married.length > 20);
    for (const row of married) {
      assert.notEqual(row.record.surname, people.get(row.entityId)?.record.surname);
    }
  });
});

describe('wholepicture demo identities: Priya writes the population to CSV', () => {
  function run(args: string[]) {
    return runCliInProcess(['demo', 'identities', ...args], { NODE_ENV: 'test' });
  }

  it('writes a people file with dates in mixed formats and a truth file for the same ids, the same each time', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-identities-'));
    try {
      const people = path.join(folder, 'people.csv');
      const truth = path.join(folder, 'truth.csv');
      const done = await run(['--records', '600', '--seed', '3', '--output', people, '--truth', truth]);
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stdout, /^Wrote 600 records of \d+ people in \d+ households \(\d+ duplicates, corruption realistic\)/);
      const peopleText = fs.readFileSync(people, 'utf8');
      assert.equal(peopleText.split('\n')[0], 'id,forename,surname,dob,sex,postcode,address,nhs_number');
      assert.equal(fs.readFileSync(truth, 'utf8').split('\n')[0], 'id,entity_id,household_id,relation_note');
      const rows = parse(peopleText, { columns: true }) as Record<string, string>[];
      const truths = parse(fs.readFileSync(truth, 'utf8'), { columns: true }) as Record<string, string>[];
      assert.equal(rows.length, 600);
      assert.deepEqual(
        truths.map((row) => row.id),
        rows.map((row) => row.id),
      );
      const dobs = rows.map((row) => row.dob as string).filter((dob) => dob !== '');
      assert.ok(
        dobs.every((dob) => parseFlexibleDate(dob) !== undefined),
        'every date of birth can be read',
      );
      assert.ok(
        dobs.some((dob) => /^\d{4}-\d{2}-\d{2}$/.test(dob)),
        'some ISO dates',
      );
      assert.ok(
        dobs.some((dob) => /^\d{2}\/\d{2}\/\d{4}$/.test(dob)),
        'some dd/mm/yyyy dates',
      );
      assert.ok(
        dobs.some((dob) => /^\d{8}$/.test(dob)),
        'some yyyymmdd dates',
      );
      assert.ok(truths.some((row) => row.relation_note?.startsWith('duplicate; ')));
      assert.deepEqual(fs.readdirSync(folder).sort(), ['people.csv', 'truth.csv'], 'no temporary files left behind');

      const again = path.join(folder, 'again.csv');
      assert.equal((await run(['--records', '600', '--seed', '3', '--output', again])).code, 0);
      assert.equal(fs.readFileSync(again, 'utf8'), peopleText, 'the same seed writes the same file');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a bad corruption level or a missing folder, and writes nothing', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-identities-'));
    try {
      const people = path.join(folder, 'people.csv');
      const level = await run(['--records', '10', '--corruption', 'mild', '--output', people]);
      assert.equal(level.code, 2);
      assert.match(level.stderr, /--corruption must be one of none, light, realistic, heavy/);
      const count = await run(['--records', 'lots', '--output', people]);
      assert.equal(count.code, 2);
      assert.match(count.stderr, /--records must be a whole number/);
      const nowhere = await run(['--records', '10', '--output', path.join(folder, 'missing', 'people.csv')]);
      assert.equal(nowhere.code, 1);
      assert.match(nowhere.stderr, /does not exist\. Nothing was written\./);
      const intoFolder = await run(['--records', '10', '--output', people, '--truth', folder]);
      assert.equal(intoFolder.code, 1);
      assert.match(intoFolder.stderr, /is a folder/);
      assert.deepEqual(fs.readdirSync(folder), []);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
