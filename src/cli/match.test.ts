import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type CliRun, runCliInProcess } from '../testing/cli-run.ts';

/**
 * `wholepicture match dedupe|link` as an analyst at the MASH uses it: the police and Northfield
 * Primary each send a file about the same children. Kayden Brooks is "Kaden Brookes" at school, his
 * birthday written with day and month swapped; Amelia and Ava Okafor are twins who share everything
 * but a given name and must stay two people. Run in-process: these commands open no database.
 */
function wholepicture(...args: string[]): Promise<CliRun> {
  return runCliInProcess(args);
}

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file, 'utf8'), { columns: true });
}

const POLICE = `ref,first_name,last_name,birth_date,gender,postcode
P1,Kayden,Brooks,04/03/2016,M,NS1 4AB
P2,Amelia,Okafor,02/09/2018,F,NS2 7QT
P3,Harriet,Lindqvist,30/11/2009,F,NS9 1ZZ
P4,Tomasz,Wrobel,05/06/2012,M,NS4 2CD
`;

// The school's system writes ISO dates; Kayden's was typed month first, so 4 March became 3 April.
const SCHOOL = `upn,forename,surname,dob,sex,postcode
S1,Kaden,Brookes,2016-04-03,M,NS1 4AB
S2,Ava,Okafor,2018-09-02,F,NS2 7QT
S3,Amelia,Okafor,20180902,F,NS2 7QT
S4,Priya,Raman,2013-01-20,F,NS5 3EF
`;

/** Both agencies' rows in one file headed with the standard field names, so no --map is needed. */
const COMBINED = `id,forename,surname,dob,sex,postcode
${POLICE.split('\n').slice(1).join('\n').trim()}
${SCHOOL.split('\n').slice(1).join('\n').trim()}
`;

const POLICE_MAP = 'id=ref,forename=first_name,surname=last_name,dob=birth_date,sex=gender,postcode=postcode';

/**
 * A county-sized file, big enough for the model to be estimated from it: invented children whose
 * names and birthdays are combinations of short lists, each third one recorded twice with a typo.
 */
function countyFile(): string {
  const forenames = ['Oliver', 'Isla', 'Noah', 'Freya', 'Arjun', 'Zara', 'Leo', 'Maisie', 'Kofi', 'Niamh', 'Yusuf', 'Elsie'];
  const surnames = ['Hartley', 'Nwosu', 'Pemberton', 'Kowalski', 'Ahmed', 'Fairweather', 'Thorne', 'Mensah', 'Doyle', 'Caldwell'];
  const rows = ['id,forename,surname,dob,postcode'];
  let person = 0;
  for (const [f, forename] of forenames.entries()) {
    for (const [s, surname] of surnames.entries()) {
      person += 1;
      const dob = `${String(1 + ((f * 7 + s * 3) % 28)).padStart(2, '0')}/${String(1 + ((f + s * 5) % 12)).padStart(2, '0')}/${2006 + ((f * s) % 12)}`;
      const postcode = `NS${1 + (s % 9)} ${1 + (f % 9)}${'ABDEFGHJLNPQRSTUWXYZ'[(f * 3 + s) % 20]}${'ABDEFGHJLNPQRSTUWXYZ'[(f + s * 7) % 20]}`;
      rows.push(`C${person},${forename},${surname},${dob},${postcode}`);
      if (person % 3 === 0) {
        rows.push(`C${person}b,${forename},${surname.slice(0, -1)},${dob},${postcode}`);
      }
    }
  }
  return `${rows.join('\n')}\n`;
}

describe('wholepicture match', () => {
  let folder: string;
  const file = (name: string) => path.join(folder, name);
  /** Nothing but the inputs: no output, and no temporary file left beside where it would have been. */
  const onlyInputs = () => fs.readdirSync(folder).filter((name) => !name.startsWith('in-'));

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-match-'));
    fs.writeFileSync(file('in-police.csv'), POLICE);
    fs.writeFileSync(file('in-school.csv'), SCHOOL);
    fs.writeFileSync(file('in-people.csv'), COMBINED);
    fs.writeFileSync(file('in-county.csv'), countyFile());
    fs.writeFileSync(file('in-empty.csv'), '');
    fs.writeFileSync(file('in-header-only.csv'), 'id,forename,surname\n');
    fs.writeFileSync(file('in-addresses.csv'), 'ref,postcode,notes\nA1,NS1 4AB,flat\n');
    fs.writeFileSync(file('in-ragged.csv'), 'id,forename,surname\nP1,Kayden,Brooks\nP2,Amelia\n');
    fs.writeFileSync(file('in-bad-model.json'), '{"version":1,"prior":0.5}');
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  describe('dedupe', () => {
    it('puts Kayden and "Kaden Brookes" in one cluster and keeps the Okafor twins apart', async () => {
      const run = await wholepicture('match', 'dedupe', '--input', file('in-people.csv'), '--output', file('clusters.csv'));
      assert.equal(run.code, 0, run.stderr);
      const rows = readCsv(file('clusters.csv'));
      // Every input row, in input order; a cluster is named by its first record.
      assert.deepEqual(
        rows.map((row) => [row.id, row.cluster_id]),
        [
          ['P1', 'P1'],
          ['P2', 'P2'],
          ['P3', 'P3'],
          ['P4', 'P4'],
          ['S1', 'P1'],
          ['S2', 'S2'],
          ['S3', 'P2'],
          ['S4', 'S4'],
        ],
      );
      assert.match(run.stdout, /Records read: +8\n/);
      assert.match(run.stdout, /Links: +2\n/);
      assert.match(run.stdout, /Clusters: +6 \(2 with more than one record\)/);
      assert.match(run.stdout, /Pairs scored: +\d+/);
      assert.match(run.stdout, /Deduplicated 8 records in [\d.]+ s/);
      assert.match(run.stdout, /the default model \(too few records/);
      assert.match(run.stderr, /Reading in-people\.csv/);
      assert.match(run.stderr, /Scoring pairs/);
      fs.rmSync(file('clusters.csv'));
    });

    it('uses the row number as the id when the file has no id column', async () => {
      fs.writeFileSync(
        file('in-no-ids.csv'),
        'given,family,born,postcode\nKayden,Brooks,04/03/2016,NS1 4AB\nKaden,Brookes,2016-04-03,NS1 4AB\nPriya,Raman,20130120,NS5 3EF\n',
      );
      const run = await wholepicture(
        'match',
        'dedupe',
        '--input',
        file('in-no-ids.csv'),
        '--map',
        'forename=given,surname=family,dob=born', // postcode: found by its own name
        '--output',
        file('clusters.csv'),
      );
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(
        readCsv(file('clusters.csv')).map((row) => [row.id, row.cluster_id]),
        [
          ['1', '1'],
          ['2', '1'],
          ['3', '3'],
        ],
      );
      fs.rmSync(file('clusters.csv'));
    });

    it('estimates a model from a big enough file, saves it, and gives the same answer when it is loaded again', async () => {
      const trained = await wholepicture(
        'match',
        'dedupe',
        '--input',
        file('in-county.csv'),
        '--output',
        file('county-1.csv'),
        '--save-model',
        file('county-model.json'),
      );
      assert.equal(trained.code, 0, trained.stderr);
      assert.match(trained.stdout, /Model: +estimated from the records/);
      const model = JSON.parse(fs.readFileSync(file('county-model.json'), 'utf8')) as { trainedOn?: { records: number } };
      assert.equal(model.trainedOn?.records, 160);
      const rows = readCsv(file('county-1.csv'));
      assert.equal(rows.length, 160);
      // Each child recorded twice (the second time with a typo in the surname) is one cluster.
      const doubles = rows.filter((row) => row.id?.endsWith('b'));
      assert.equal(doubles.length, 40);
      for (const row of doubles) {
        assert.equal(row.cluster_id, row.id?.slice(0, -1));
      }

      const loaded = await wholepicture(
        'match',
        'dedupe',
        '--input',
        file('in-county.csv'),
        '--output',
        file('county-2.csv'),
        '--model',
        file('county-model.json'),
      );
      assert.equal(loaded.code, 0, loaded.stderr);
      assert.match(loaded.stdout, /Model: +loaded from --model/);
      assert.equal(fs.readFileSync(file('county-2.csv'), 'utf8'), fs.readFileSync(file('county-1.csv'), 'utf8'));
      for (const name of ['county-1.csv', 'county-2.csv', 'county-model.json']) {
        fs.rmSync(file(name));
      }
    });

    it('links nothing at a threshold no pair reaches', async () => {
      const run = await wholepicture(
        'match',
        'dedupe',
        '--input',
        file('in-people.csv'),
        '--output',
        file('clusters.csv'),
        '--threshold',
        '0.999999999999',
      );
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /linked at probability 0.999999999999 or more/);
      fs.rmSync(file('clusters.csv'));
    });
  });

  describe('link', () => {
    it('pairs Kayden with Kaden and each twin only with herself, the school file mapped on its own', async () => {
      const run = await wholepicture(
        'match',
        'link',
        '--left',
        file('in-police.csv'),
        '--right',
        file('in-school.csv'),
        '--map',
        POLICE_MAP,
        '--map-right',
        'id=upn',
        '--output',
        file('pairs.csv'),
      );
      assert.equal(run.code, 0, run.stderr);
      const rows = readCsv(file('pairs.csv'));
      assert.deepEqual(
        rows.map((row) => [row.left_id, row.right_id]),
        [
          ['P1', 'S1'],
          ['P2', 'S3'],
        ],
      );
      for (const row of rows) {
        assert.match(row.match_probability ?? '', /^(0|1)\.\d{6}$/);
        assert.ok(Number(row.match_probability) >= 0.99);
        assert.ok(Number(row.match_weight) > 0);
      }
      assert.match(run.stdout, /Linked 4 left and 4 right records/);
      assert.match(run.stdout, /Records read: +8\n/);
      assert.match(run.stdout, /Links: +2 \(2 left records linked\)/);
      fs.rmSync(file('pairs.csv'));
    });
  });

  it('runs as the real command, with no database configured, and exits with the code the message implies', () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/wholepicture.js');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [bin, 'match', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' } });
    const done = run('dedupe', '--input', file('in-people.csv'), '--output', file('clusters.csv'));
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /Clusters: +6 /);
    assert.equal(readCsv(file('clusters.csv')).length, 8);
    fs.rmSync(file('clusters.csv'));
    const refused = run('dedupe', '--input', file('in-police.csv'), '--map', 'forename=given_nam', '--output', file('clusters.csv'));
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /--map names column 'given_nam'/);
    assert.deepEqual(onlyInputs(), []);
  });

  describe('bad input: a clear message, a non-zero exit and no output file', () => {
    const dedupe = (...extra: string[]) => ['match', 'dedupe', '--output', file('out.csv'), ...extra];
    const cases: { name: string; args: () => string[]; code: number; message: RegExp }[] = [
      {
        name: 'a mapping naming an unknown column',
        args: () => dedupe('--input', file('in-police.csv'), '--map', 'forename=given_nam'),
        code: 2,
        message:
          /--map names column 'given_nam', which is not in in-police\.csv; its columns are: ref, first_name, last_name, birth_date, gender, postcode/,
      },
      {
        name: 'an unknown standard field',
        args: () => dedupe('--input', file('in-police.csv'), '--map', 'birthday=birth_date'),
        code: 2,
        message:
          /"birthday" is not a field the matcher knows; use id, forename, surname, dob, sex, postcode, address, nhs_number or identifier:NAME/,
      },
      {
        name: 'malformed --map syntax',
        args: () => dedupe('--input', file('in-police.csv'), '--map', 'forename:first_name'),
        code: 2,
        message: /--map must be a list of FIELD=COLUMN/,
      },
      {
        name: 'a missing file',
        args: () => dedupe('--input', file('in-missing.csv')),
        code: 2,
        message: /Cannot read .*in-missing\.csv: there is no such file/,
      },
      {
        name: 'an unreadable file (a folder)',
        args: () => dedupe('--input', folder),
        code: 2,
        message: /Cannot read .*: it is a folder, not a file/,
      },
      {
        name: 'a missing right file for link',
        args: () => ['match', 'link', '--left', file('in-police.csv'), '--right', file('in-gone.csv'), '--output', file('out.csv')],
        code: 2,
        message: /Cannot read .*in-gone\.csv/,
      },
      {
        name: 'a file with no usable fields',
        args: () => dedupe('--input', file('in-addresses.csv')),
        code: 1,
        message: /in-addresses\.csv has no usable fields: map at least one of forename, surname, dob, nhs_number or identifier:NAME/,
      },
      {
        name: 'an empty file',
        args: () => dedupe('--input', file('in-empty.csv')),
        code: 1,
        message: /in-empty\.csv is empty/,
      },
      {
        name: 'a file with a header and no records',
        args: () => dedupe('--input', file('in-header-only.csv')),
        code: 1,
        message: /in-header-only\.csv has a header but no records/,
      },
      {
        name: 'a row with a missing column',
        args: () => dedupe('--input', file('in-ragged.csv')),
        code: 1,
        message: /in-ragged\.csv is not a CSV file this command can read: .*line 3/,
      },
      {
        name: 'a threshold that is not a probability',
        args: () => dedupe('--input', file('in-people.csv'), '--threshold', '95'),
        code: 2,
        message: /--threshold.*Enter a probability greater than 0 and less than 1/,
      },
      {
        name: 'a threshold that is not a number',
        args: () => dedupe('--input', file('in-people.csv'), '--threshold', 'high'),
        code: 2,
        message: /Enter a probability greater than 0 and less than 1/,
      },
      {
        name: 'a threshold of 0, which would link everything',
        args: () => dedupe('--input', file('in-people.csv'), '--threshold', '0'),
        code: 2,
        message: /Enter a probability greater than 0 and less than 1/,
      },
      {
        name: 'a saved model that is not one',
        args: () => dedupe('--input', file('in-people.csv'), '--model', file('in-bad-model.json')),
        code: 1,
        message: /--model .*in-bad-model\.json is not a saved match model/,
      },
      {
        name: 'an output folder that does not exist',
        args: () => ['match', 'dedupe', '--input', file('in-people.csv'), '--output', path.join(folder, 'nowhere', 'out.csv')],
        code: 2,
        message: /Cannot write --output .*out\.csv: the folder does not exist/,
      },
      {
        name: 'an output that would replace an input',
        args: () => ['match', 'link', '--left', file('in-police.csv'), '--right', file('in-school.csv'), '--output', file('in-school.csv')],
        code: 2,
        message: /--output .*in-school\.csv is also an input file/,
      },
      {
        name: 'a right-hand mapping naming a column only the left file has',
        args: () => [
          'match',
          'link',
          '--left',
          file('in-police.csv'),
          '--right',
          file('in-school.csv'),
          '--map',
          POLICE_MAP,
          '--map-right',
          'forename=first_name',
          '--output',
          file('out.csv'),
        ],
        code: 2,
        message: /--map-right names column 'first_name', which is not in in-school\.csv/,
      },
    ];
    for (const { name, args, code, message } of cases) {
      it(name, async () => {
        const run = await wholepicture(...args());
        assert.equal(run.code, code, `${run.stdout}\n${run.stderr}`);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
        assert.deepEqual(onlyInputs(), []);
      });
    }

    it('left every input file as it was', () => {
      assert.equal(fs.readFileSync(file('in-school.csv'), 'utf8'), SCHOOL);
      assert.equal(fs.readFileSync(file('in-police.csv'), 'utf8'), POLICE);
    });
  });
});
