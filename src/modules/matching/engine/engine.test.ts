import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedupeRecords, linkRecords } from './batch.ts';
import { forEachCandidatePair } from './blocking.ts';
import { Clusters } from './clustering.ts';
import { jaroWinkler, postcodeDisplay, postcodeParts, sameArea, sameDistrict, sameSector, withinOneEdit } from './comparators.ts';
import { parseFlexibleDate } from './dates.ts';
import { DEFAULT_MODEL } from './default-model.ts';
import { MatchModel } from './model.ts';
import { type MatchInput, type PreparedRecord, prepareRecord } from './record.ts';
import { seededRandom, trainModel } from './training.ts';

const model = new MatchModel(DEFAULT_MODEL);

function score(left: Omit<MatchInput, 'id'>, right: Omit<MatchInput, 'id'>) {
  return model.score(prepareRecord({ id: 'left', ...left }), prepareRecord({ id: 'right', ...right }));
}

function field(result: ReturnType<typeof score>, comparison: string) {
  const found = result.fields.find((evidence) => evidence.comparison === comparison);
  assert.ok(found, `no evidence for ${comparison}`);
  return found;
}

describe('Comparators', () => {
  it('Jaro–Winkler gives the textbook figures: MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84', () => {
    assert.equal(jaroWinkler('martha', 'marhta').toFixed(3), '0.961');
    assert.equal(jaroWinkler('dwayne', 'duane').toFixed(2), '0.84');
    assert.equal(jaroWinkler('abc', 'xyz'), 0);
    assert.equal(jaroWinkler('', ''), 0);
  });

  it('one edit is one substituted digit or one swap of neighbours, not two changes', () => {
    assert.equal(withinOneEdit('20190314', '20190315'), true);
    assert.equal(withinOneEdit('20190314', '20190341'), true);
    assert.equal(withinOneEdit('20190314', '20180315'), false);
    assert.equal(withinOneEdit('20190314', '20190314'), false);
  });

  it('a UK postcode is read as sector, district and area; another country’s code is compared whole', () => {
    const home = postcodeParts('ns1 4ab');
    assert.ok(home);
    assert.equal(postcodeDisplay(home), 'NS1 4AB');
    const sector = postcodeParts('NS1 4ZZ');
    const district = postcodeParts('NS1 9AB');
    const area = postcodeParts('NS12 4AB');
    assert.ok(sector && district && area);
    assert.equal(sameSector(home, sector), true);
    assert.equal(sameSector(home, district), false);
    assert.equal(sameDistrict(home, district), true);
    assert.equal(sameDistrict(home, area), false, 'NS1 and NS12 are different districts');
    assert.equal(sameArea(home, area), true);
    const foreign = postcodeParts('2615');
    assert.ok(foreign);
    assert.equal(postcodeDisplay(foreign), '2615');
    assert.equal(sameArea(foreign, postcodeParts('2600') ?? foreign), false);
  });

  it('dates of birth arrive as ISO, day first, or compact, and impossible dates are no dates', () => {
    const today = new Date('2026-11-23T09:00:00Z');
    assert.equal(parseFlexibleDate('2019-03-14', today), '2019-03-14');
    assert.equal(parseFlexibleDate('14/03/2019', today), '2019-03-14');
    assert.equal(parseFlexibleDate('14.3.2019', today), '2019-03-14');
    assert.equal(parseFlexibleDate('20190314', today), '2019-03-14');
    assert.equal(parseFlexibleDate('14/03/19', today), '2019-03-14');
    assert.equal(parseFlexibleDate('14/03/48', today), '1948-03-14');
    assert.equal(parseFlexibleDate('2019-03-14T10:00:00Z', today), '2019-03-14');
    assert.equal(parseFlexibleDate('31/02/2019', today), undefined);
    assert.equal(parseFlexibleDate('March 2019', today), undefined);
  });
});

describe('Kayden Brooks as the police and the school record him', () => {
  const police = {
    forename: 'Kayden',
    surname: 'Brooks',
    dob: '2014-03-07',
    sex: 'M',
    postcode: 'NS3 2QT',
    address: '4 Meadow Road',
  };
  const school = {
    forename: 'Kaden',
    surname: 'Brookes',
    dob: '2014-07-03',
    sex: 'male',
    postcode: 'ns32qt',
    address: '4 Meadow Rd',
    identifiers: { upn: 'A801200300401' },
  };

  it('is very likely the same boy, and each field says why in words', () => {
    const result = score(police, school);
    assert.equal(result.decision, 'link');
    assert.ok(result.probability > 0.99);
    assert.equal(field(result, 'dob').levelKey, 'swapped');
    assert.match(field(result, 'dob').words, /day and month swapped/);
    assert.match(field(result, 'forename').words, /^Given name: Kayden and Kaden/);
    assert.equal(field(result, 'address').levelKey, 'same-address', '"Rd" is read as "Road"');
    assert.match(field(result, 'nhsNumber').words, /not recorded on both, so it counts neither way/);
    assert.equal(field(result, 'nhsNumber').weight, 0);
  });

  it('the match weight is the prior plus each field’s weight, and the probability follows from it', () => {
    const result = score(police, school);
    const total = model.priorWeight + result.fields.reduce((sum, evidence) => sum + evidence.weight, 0);
    assert.ok(Math.abs(total - result.weight) < 1e-9);
    assert.ok(Math.abs(result.probability - 2 ** result.weight / (1 + 2 ** result.weight)) < 1e-12);
  });

  it('an NHS number with a wrong check digit does not count', () => {
    const result = score({ ...police, nhsNumber: '943 476 5918' }, { ...school, nhsNumber: '943 476 5918' });
    assert.equal(field(result, 'nhsNumber').level, -1);
    const valid = score({ ...police, nhsNumber: '943 476 5919' }, { ...school, nhsNumber: '9434765919' });
    assert.equal(field(valid, 'nhsNumber').levelKey, 'exact');
  });
});

describe('People who must not be merged', () => {
  const twin = { surname: 'Achterberg', dob: '2020-06-01', sex: 'F', postcode: 'NS7 1AA', address: '22 Orchard Close' };

  it('the twins Amara and Ayla Achterberg share everything but the given name: never linked automatically', () => {
    const result = score({ forename: 'Amara', ...twin }, { forename: 'Ayla', ...twin });
    assert.equal(result.guard, 'forenames-differ');
    assert.notEqual(result.decision, 'link');
  });

  it('twins Sana and Safa Ahmed, both common names, one letter apart: held back; a typo no one is named is not', () => {
    const known = new MatchModel({
      ...DEFAULT_MODEL,
      termFrequencies: { forename: { values: { sana: 0.0004, safa: 0.0003, ivy: 0.002 }, floor: 0.000001 } },
      trainedOn: { records: 100_000, pairs: 1_000_000, labelledPairs: 0, at: '2026-11-23T09:00:00Z', note: 'test' },
    });
    const family = { surname: 'Ahmed', dob: '2009-02-13', sex: 'F', postcode: 'NX2 4WL', address: '102 Colliery Road' };
    const twins = known.score(
      prepareRecord({ id: 'a', forename: 'Sana', ...family }),
      prepareRecord({ id: 'b', forename: 'Safa', ...family }),
    );
    assert.equal(twins.guard, 'names-alike');
    assert.notEqual(twins.decision, 'link');
    assert.match(twins.summary, /^Alike in most details .*sign of two different people/);
    const typo = known.score(
      prepareRecord({ id: 'a', forename: 'Ivy', ...family }),
      prepareRecord({ id: 'b', forename: 'Iyv', ...family }),
    );
    assert.equal(typo.guard, undefined);
    assert.equal(typo.decision, 'link');
  });

  it('a baby recorded before naming and after, with the same NHS number, is not held back by the guard', () => {
    const result = score({ forename: 'Baby', ...twin, nhsNumber: '9434765919' }, { forename: 'Ayla', ...twin, nhsNumber: '9434765919' });
    assert.equal(result.guard, undefined);
  });

  it('Daniel Fairweather and his son Daniel, born 27 years apart at the same address, are different people', () => {
    const father = { forename: 'Daniel', surname: 'Fairweather', sex: 'M', postcode: 'NS2 9XY', address: '7 Mill Street' };
    const result = score({ ...father, dob: '1988-02-11' }, { ...father, dob: '2015-05-30' });
    assert.equal(field(result, 'dob').levelKey, 'different');
    assert.equal(result.guard, 'generations-apart');
    assert.notEqual(result.decision, 'link');
  });

  it('two valid NHS numbers that differ hold the pair back whatever else agrees', () => {
    const same = { forename: 'Zofia', surname: 'Nowak', dob: '2011-01-09', postcode: 'NS4 4DD' };
    const result = score({ ...same, nhsNumber: '9434765919' }, { ...same, nhsNumber: '9990000026' });
    assert.equal(result.guard, 'nhs-numbers-differ');
    assert.notEqual(result.decision, 'link');
  });
});

describe('Names as partners write them', () => {
  it('Okafor Samuel and Samuel Okafor: names the other way round are read crossed', () => {
    const result = score(
      { forename: 'Okafor', surname: 'Samuel', dob: '2009-10-10' },
      { forename: 'Samuel', surname: 'Okafor', dob: '2009-10-10' },
    );
    assert.equal(field(result, 'forename').swapped, true);
    assert.match(field(result, 'forename').words, /other way round/);
    assert.ok(result.probability > 0.9);
  });

  it('Lisa Brennan, once Lisa Doyle: her previous family name agrees', () => {
    const result = score(
      { forename: 'Lisa', surname: 'Brennan', otherNames: [{ surname: 'Doyle' }], dob: '1994-08-21' },
      { forename: 'Lisa', surname: 'Doyle', dob: '1994-08-21' },
    );
    assert.equal(field(result, 'surname').levelKey, 'exact');
    assert.equal(field(result, 'surname').other, true);
  });

  it('Smith-Jones and Smith share one part of a double-barrelled name', () => {
    const result = score({ forename: 'Ella', surname: 'Smith-Jones' }, { forename: 'Ella', surname: 'Smith' });
    assert.equal(field(result, 'surname').levelKey, 'part');
  });

  it('a match on a common surname counts for less than on a rare one', () => {
    const tuned = new MatchModel({
      ...DEFAULT_MODEL,
      termFrequencies: { surname: { values: { smith: 0.012, okonkwo: 0.00002 }, floor: 0.00001 } },
    });
    const smith = tuned.score(prepareRecord({ id: 'a', surname: 'Smith' }), prepareRecord({ id: 'b', surname: 'Smith' }));
    const okonkwo = tuned.score(prepareRecord({ id: 'a', surname: 'Okonkwo' }), prepareRecord({ id: 'b', surname: 'Okonkwo' }));
    assert.ok((okonkwo.fields[1]?.weight ?? 0) > (smith.fields[1]?.weight ?? 0) + 5);
    assert.match(smith.fields[1]?.words ?? '', /common, so agreeing counts for less/);
    assert.match(okonkwo.fields[1]?.words ?? '', /unusual, so agreeing counts for more/);
  });
});

describe('Blocking and clustering', () => {
  const records = [
    { id: 'p1', forename: 'Mia', surname: 'Brennan', dob: '2016-04-02', postcode: 'NS1 4AB' },
    { id: 'h1', forename: 'Maya', surname: 'Brenan', dob: '2016-02-04', postcode: 'NS1 4AB' },
    { id: 's1', forename: 'Mia', surname: 'Brennan', dob: '2016-04-02', postcode: 'NS1 4AB', nhsNumber: '9434765919' },
    { id: 'x1', forename: 'Noah', surname: 'Brennan', dob: '2018-09-30', postcode: 'NS1 4AB' },
    { id: 'z1', forename: 'Oscar', surname: 'Quigley', dob: '1970-01-20', postcode: 'NX5 7ZZ' },
  ].map(prepareRecord);

  it('each candidate pair is made once, however many rules find it', () => {
    const seen = new Set<string>();
    forEachCandidatePair(records, (i, j) => {
      const key = `${i}-${j}`;
      assert.ok(!seen.has(key), `pair ${key} made twice`);
      assert.ok(i < j);
      seen.add(key);
    });
    assert.ok(seen.has('0-2'), 'Mia and Mia share a date of birth');
    assert.ok(seen.has('0-1'), 'Mia and Maya share a postcode and an initial, and a swapped date of birth');
    assert.ok(![...seen].some((key) => key.includes('4')), 'Oscar shares no key with anyone');
  });

  it('dedupe puts Mia’s three records in one cluster and leaves Noah and Oscar alone', () => {
    const result = dedupeRecords(records, model);
    const [mia, maya, miaAgain, noah, oscar] = result.clusters;
    assert.equal(mia, maya);
    assert.equal(mia, miaAgain);
    assert.notEqual(noah, mia);
    assert.notEqual(oscar, mia);
    assert.notEqual(oscar, noah);
  });

  it('a chain of links may not join two records that must stay apart', () => {
    const clusters = new Clusters(3);
    clusters.forbid(0, 2);
    assert.equal(clusters.link(0, 1), true);
    assert.equal(clusters.link(1, 2), false);
    assert.equal(clusters.refusedLinks, 1);
    const ids = clusters.clusterIds();
    assert.equal(ids[0], ids[1]);
    assert.notEqual(ids[1], ids[2]);
  });

  it('link pairs only records from different files', () => {
    const pairs: [number, number][] = [];
    linkRecords(records.slice(0, 2), records.slice(2), model, (pair) => pairs.push([pair.left, pair.right]));
    assert.deepEqual(pairs, [
      [0, 0],
      [1, 0],
    ]);
  });
});

describe('Training on the data itself', () => {
  it('estimates u from random pairs and m by EM, and a common forename agreeing is weak evidence', () => {
    const random = seededRandom(7);
    const forenames = ['Oliver', 'Amelia', 'Noah', 'Isla', 'Leo', 'Ava', 'Zayn', 'Maja', 'Kwame', 'Aoife'];
    const surnames = ['Smith', 'Jones', 'Khan', 'Nowak', 'Mensah', 'Byrne', 'Okafor', 'Taylor', 'Patel', 'Evans', 'Hughes', 'Chen'];
    const inputs: MatchInput[] = [];
    for (let person = 0; person < 600; person += 1) {
      const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
      const year = 1960 + Math.floor(random() * 60);
      const dob = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      const base = {
        forename: pick(forenames),
        surname: pick(surnames),
        dob,
        postcode: `NS${1 + Math.floor(random() * 9)} ${Math.floor(random() * 10)}AB`,
      };
      inputs.push({ id: `a${person}`, ...base });
      if (random() < 0.5) {
        inputs.push({ id: `b${person}`, ...base, forename: random() < 0.3 ? `${base.forename}e` : base.forename });
      }
    }
    const trained = trainModel(inputs.map(prepareRecord), { base: DEFAULT_MODEL, seed: 3, now: new Date('2026-11-23T09:00:00Z') });
    assert.notDeepEqual(trained.comparisons.forename.u, DEFAULT_MODEL.comparisons.forename.u);
    assert.ok((trained.comparisons.forename.u[0] ?? 0) > 0.05, 'with ten forenames, random pairs often share one');
    assert.ok((trained.comparisons.dob.m[0] ?? 0) > 0.8, 'true matches nearly always share the date of birth here');
    assert.equal(trained.trainedOn?.records, inputs.length);
    assert.ok(trained.prior > 0 && trained.prior < 0.01);
  });

  it('too few records to estimate from: the base model is kept', () => {
    const small = [prepareRecord({ id: '1', forename: 'A' }), prepareRecord({ id: '2', forename: 'B' })];
    assert.equal(trainModel(small, { base: DEFAULT_MODEL }), DEFAULT_MODEL);
  });
});

/** Sharing equal parts of prepared records saves memory on a large file and must change no score. */
describe('Prepared records share what they have in common', () => {
  const rows = [
    { id: 'P1', forename: 'Kayden', surname: 'Brooks', dob: '2016-03-04', postcode: 'NS1 4AB', sex: 'M' },
    { id: 'S1', forename: 'Kaden', surname: 'Brookes', dob: '2016-04-03', postcode: 'NS1 4AB', sex: 'M' },
    { id: 'S2', forename: 'Ava', surname: 'Okafor', dob: '2018-09-02', postcode: 'NS2 7QT', identifiers: { upn: '' } },
    { id: 'S3', forename: 'Amelia', surname: 'Okafor', dob: '2018-09-02', postcode: 'NS2 7QT', nhsNumber: '943 476 5919' },
    { id: 'P2', forename: 'Amelia', surname: 'Okafor', dob: '2018-09-02', postcode: 'NS2 7QT', address: '4 Mill Lane' },
  ];

  it('shares names, birthdays and postcodes between records', () => {
    const [, , ava, amelia, again] = rows.map((row) => prepareRecord(row));
    assert.equal(ava?.surnames, amelia?.surnames);
    assert.equal(amelia?.forenames, again?.forenames);
    assert.equal(ava?.dob, again?.dob);
    assert.equal(ava?.postcodes, amelia?.postcodes);
    assert.notEqual(ava?.forenames, amelia?.forenames);
    assert.equal(again?.address?.display, '4 Mill Lane');
    assert.equal(amelia?.nhsNumber, '9434765919');
    assert.equal(ava?.identifiers.size, 0, 'an empty UPN is no identifier');
  });

  it('gives every pair the same score whether its parts were worked out afresh or shared', () => {
    const model = new MatchModel(DEFAULT_MODEL);
    // Names and postcodes no other story uses, so the first preparation works everything out.
    const fresh = rows.map((row) => prepareRecord({ ...row, forename: `${row.forename}x`, postcode: `NX9 ${row.id.length}ZZ` }));
    const shared = rows.map((row) => prepareRecord({ ...row, forename: `${row.forename}x`, postcode: `NX9 ${row.id.length}ZZ` }));
    for (let i = 0; i < rows.length; i += 1) {
      for (let j = i + 1; j < rows.length; j += 1) {
        assert.deepEqual(
          model.score(shared[i] as PreparedRecord, shared[j] as PreparedRecord),
          model.score(fresh[i] as PreparedRecord, fresh[j] as PreparedRecord),
        );
      }
    }
  });
});
