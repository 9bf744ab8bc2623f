import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MODEL, MatchModel, type PreparedRecord, prepareRecord } from '../index.ts';
import { createRecordInterner } from './intern.ts';

/** Sharing equal parts of prepared records saves memory on a large file and must change no score. */
describe('record interning', () => {
  const rows = [
    { id: 'P1', forename: 'Kayden', surname: 'Brooks', dob: '2016-03-04', postcode: 'NS1 4AB', sex: 'M' },
    { id: 'S1', forename: 'Kaden', surname: 'Brookes', dob: '2016-04-03', postcode: 'NS1 4AB', sex: 'M' },
    { id: 'S2', forename: 'Ava', surname: 'Okafor', dob: '2018-09-02', postcode: 'NS2 7QT', identifiers: { upn: '' } },
    { id: 'S3', forename: 'Amelia', surname: 'Okafor', dob: '2018-09-02', postcode: 'NS2 7QT', nhsNumber: '943 476 5919' },
    { id: 'P2', forename: 'Amelia', surname: 'Okafor', dob: '2018-09-02', postcode: 'NS2 7QT', address: '4 Mill Lane' },
  ];

  it('shares names, birthdays and postcodes between records', () => {
    const intern = createRecordInterner();
    const [, , ava, amelia, again] = rows.map((row) => intern(prepareRecord(row)));
    assert.equal(ava?.surnames, amelia?.surnames);
    assert.equal(amelia?.forenames, again?.forenames);
    assert.equal(ava?.dob, again?.dob);
    assert.equal(ava?.postcodes, amelia?.postcodes);
    assert.notEqual(ava?.forenames, amelia?.forenames);
    assert.equal(again?.address?.display, '4 Mill Lane');
    assert.equal(amelia?.nhsNumber, '9434765919');
  });

  it('gives every pair the same score as records prepared on their own', () => {
    const model = new MatchModel(DEFAULT_MODEL);
    const intern = createRecordInterner();
    const plain = rows.map((row) => prepareRecord(row));
    const shared = rows.map((row) => intern(prepareRecord(row)));
    for (let i = 0; i < rows.length; i += 1) {
      for (let j = i + 1; j < rows.length; j += 1) {
        assert.deepEqual(
          model.score(shared[i] as PreparedRecord, shared[j] as PreparedRecord),
          model.score(plain[i] as PreparedRecord, plain[j] as PreparedRecord),
        );
      }
    }
  });
});
