import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { seedDemoPartnership } from '../../demo/northshire.ts';
import { testConfig } from '../../platform/config/config.ts';
import { openDatabase } from '../../platform/database/database.ts';
import { migrateToLatest } from '../../platform/database/migrate.ts';
import { createServices } from '../../services.ts';
import { runCliInProcess } from '../../testing/cli-run.ts';

function run(dataDir: string, args: string[]) {
  return runCliInProcess(args, { NODE_ENV: 'test', DATA_DIR: dataDir });
}

describe('wholepicture register: Oliver Grant fills the review queue and trains the model from the shell', { timeout: 120_000 }, () => {
  let dataDir: string;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-register-'));
    const handle = await openDatabase({ dataDir });
    try {
      await migrateToLatest(handle.db);
      const services = createServices(handle.db, testConfig());
      await seedDemoPartnership(services);
      const aisha = await services.agencies.findUserByEmail('aisha.rahman@northshire.example');
      const actor = await services.agencies.loadActor(aisha?.id as string);
      for (const given of ['Ruby', 'Rose']) {
        await services.people.createPerson(actor as NonNullable<typeof actor>, {
          givenName: given,
          familyName: 'Achterberg',
          dateOfBirth: '2021-03-09',
          address: { line1: '9 Weir Lane', town: 'Northshire', postcode: 'NS3 8RT' },
        });
      }
    } finally {
      await handle.close();
    }
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('scan reports what it queued; a second scan queues nothing new', async () => {
    const first = await run(dataDir, ['register', 'scan']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /1 new pair\(s\) to review/);
    const second = await run(dataDir, ['register', 'scan', '--partnership', 'northshire']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /0 new pair\(s\) to review, 1 already in the queue/);
  });

  it('an unknown partnership is refused with exit 1; train saves a model', async () => {
    const unknown = await run(dataDir, ['register', 'scan', '--partnership', 'southvale']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No partnership has the code "southvale"/);
    const trained = await run(dataDir, ['register', 'train']);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stdout, /Trained a new model for the partnership on \d+ records and 0 decision\(s\)/);
  });
});
