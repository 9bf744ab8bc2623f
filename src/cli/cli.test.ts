import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { DEMO_EMAIL_DOMAIN } from '../demo/northshire.ts';
import { testConfig } from '../platform/config/config.ts';
import { type DatabaseHandle, openDatabase } from '../platform/database/database.ts';
import { createServices } from '../services.ts';
import { runCliInProcess } from '../testing/cli-run.ts';

/**
 * The `wholepicture` command as an operator uses it: the real process, spawned, on a fresh database
 * (embedded in a temporary DATA_DIR; or, when TEST_DATABASE_URL is set, a throwaway PostgreSQL
 * database). Each spawn costs a second or two, so one seeded database carries the whole story, and
 * checks that need no process of their own run in-process through runCli.
 */
const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin', 'wholepicture.js');
const sam = `sam.okafor@${DEMO_EMAIL_DOMAIN}`;
const jo = `jo.winters@${DEMO_EMAIL_DOMAIN}`;

interface Target {
  kind: 'embedded' | 'postgresql';
  /** The variables that point the CLI at this database. */
  env: Record<string, string>;
  /** Opens the same database in this process (on the embedded database, taking the DATA_DIR lock). */
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

async function createTarget(): Promise<Target> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-cli-'));
    return {
      kind: 'embedded',
      env: { DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `wp_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    kind: 'postgresql',
    env: { DATABASE_URL: databaseUrl },
    open: () => openDatabase({ databaseUrl }),
    dispose: () => admin(`drop database if exists ${name} with (force)`),
  };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the real command with only the environment given (no DATABASE_URL leaks in from the shell). */
function wholepicture(target: Target, args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...target.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** runCli in this process, with its output captured. */
function runInProcess(target: Target, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCliInProcess(args, { NODE_ENV: 'test', ...target.env, ...env });
}

function explain(run: Run): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

describe('wholepicture: Oliver Grant, Northshire’s system administrator, at the shell', { timeout: 180_000 }, () => {
  let target: Target;
  let token = '';

  before(async () => {
    target = await createTarget();
  });
  after(async () => {
    await target?.dispose();
  });

  it('db migrate on a new database says how many migrations it applied', async () => {
    const run = await wholepicture(target, ['db', 'migrate']);
    assert.equal(run.code, 0, explain(run));
    assert.match(run.stdout, /^Applied [1-9]\d* migration\(s\):/);
  });

  it('demo seed creates Northshire, and users list then shows Sam Okafor in children’s services', async () => {
    const seeded = await wholepicture(target, ['demo', 'seed']);
    assert.equal(seeded.code, 0, explain(seeded));
    assert.match(seeded.stdout, /Seeded the fictional Northshire Safeguarding Partnership/);

    const listed = await wholepicture(target, ['users', 'list', '--json']);
    assert.equal(listed.code, 0, explain(listed));
    const users = JSON.parse(listed.stdout) as { email: string; agency: string; roles: string[]; isActive: boolean }[];
    const samRow = users.find((user) => user.email === sam);
    assert.deepEqual(samRow && { agency: samRow.agency, roles: samRow.roles, isActive: samRow.isActive }, {
      agency: 'childrens',
      roles: ['practitioner'],
      isActive: true,
    });
  });

  it('users create adds Jo Winters to Assessment Team East with a password from stdin; deactivate stops her getting a token', async () => {
    const created = await wholepicture(
      target,
      [
        ...['users', 'create', '--email', jo, '--name', 'Jo Winters', '--agency', 'childrens'],
        ...['--team', 'Assessment Team East', '--role', 'practitioner', '--password-stdin'],
      ],
      { input: 'jo-has-a-long-passphrase\n' },
    );
    assert.equal(created.code, 0, explain(created));
    assert.match(created.stdout, /Created user jo\.winters@northshire\.example .*Assessment Team East.*and a password/);

    const again = await runInProcess(target, [
      'users',
      'create',
      '--email',
      jo,
      '--name',
      'Jo',
      '--agency',
      'childrens',
      '--role',
      'practitioner',
    ]);
    assert.equal(again.code, 1, explain(again));
    assert.match(again.stderr, /already exists/);

    const deactivated = await runInProcess(target, ['users', 'deactivate', '--email', jo]);
    assert.equal(deactivated.code, 0, explain(deactivated));
    const refused = await runInProcess(target, ['tokens', 'create', '--user', jo]);
    assert.equal(refused.code, 1, explain(refused));
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /deactivated/);

    const unknown = await runInProcess(target, ['users', 'deactivate', '--email', 'nobody@northshire.example']);
    assert.equal(unknown.code, 1, explain(unknown));
    assert.match(unknown.stderr, /No user has the email address nobody@northshire\.example/);
  });

  it('tokens create prints only the token on stdout, and that token authenticates as Sam', async () => {
    const run = await wholepicture(target, ['tokens', 'create', '--user', sam, '--label', 'case sync', '--expires-in-days', '7']);
    assert.equal(run.code, 0, explain(run));
    assert.match(run.stdout, /^wpt_[A-Za-z0-9_-]{20,}\n$/);
    assert.match(run.stderr, /shown only once/);
    token = run.stdout.trim();

    const handle = await target.open();
    try {
      const services = createServices(handle.db, testConfig());
      const actor = await services.identity.authenticateBearer(token);
      assert.equal(actor?.label, `user:${sam}`);
    } finally {
      await handle.close();
    }
    const listed = await runInProcess(target, ['tokens', 'list', '--user', sam, '--json']);
    assert.equal(listed.code, 0, explain(listed));
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { label: string; status: string }[]).map(({ label, status }) => ({ label, status })),
      [{ label: 'case sync', status: 'live' }],
    );
  });

  it('chronology import: a bad file is reported line by line with exit 1 and nothing written; a clean one lands, with progress', async () => {
    const handle = await target.open();
    let ellieId: string;
    try {
      const services = createServices(handle.db, testConfig());
      const user = await services.agencies.findUserByEmail(sam);
      const actor = await services.agencies.loadActor(user?.id as string);
      ellieId = (await services.people.listPeople(actor as NonNullable<typeof actor>, { name: 'Ellie' }))[0]?.id as string;
    } finally {
      await handle.close();
    }
    const header = 'occurred_at,approximate,category,summary,nature,significance,sensitivity,person_ids,source_reference';
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-import-'));
    const bad = path.join(folder, 'police-bad.csv');
    fs.writeFileSync(
      bad,
      `${header}\n2026-10-01T23:10,no,police_callout,Call-out to the Hartwell home,fact,high,,${ellieId},NP-1\n2026-10-02,no,riot,Bad,fact,low,,${ellieId},NP-2\n`,
    );
    const refused = await runInProcess(target, ['chronology', 'import', bad, '--agency', 'police']);
    assert.equal(refused.code, 1, explain(refused));
    assert.match(refused.stderr, /police-bad\.csv:3: category: Choose a category/);
    assert.match(refused.stderr, /Nothing was imported/);
    const good = path.join(folder, 'police.csv');
    fs.writeFileSync(good, `${header}\n2026-10-01T23:10,no,police_callout,Call-out to the Hartwell home,fact,high,,${ellieId},NP-1\n`);
    const dry = await runInProcess(target, ['chronology', 'import', good, '--agency', 'police', '--dry-run']);
    assert.equal(dry.code, 0, explain(dry));
    assert.match(dry.stdout, /1 row\(s\) checked: the file is clean/);
    const real = await wholepicture(target, ['chronology', 'import', good, '--agency', 'police']);
    assert.equal(real.code, 0, explain(real));
    assert.match(real.stdout, /Imported 1 entries from Northshire Police/);
    assert.match(real.stderr, /Importing \[/, 'a progress bar on stderr');
    const exported = path.join(folder, 'ellie.csv');
    const run = await runInProcess(target, ['chronology', 'export', '--person', ellieId, '--format', 'csv', '--out', exported]);
    assert.equal(run.code, 0, explain(run));
    assert.match(fs.readFileSync(exported, 'utf8'), /Northshire Police/);
    const pdf = path.join(folder, 'ellie.pdf');
    assert.equal((await runInProcess(target, ['chronology', 'export', '--person', ellieId, '--format', 'pdf', '--out', pdf])).code, 0);
    assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    const usage = await runInProcess(target, ['chronology', 'export', '--person', 'ellie', '--format', 'pdf']);
    assert.equal(usage.code, 2, explain(usage));
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('calendar add-working-days gives the statutory test dates; calendar update takes gov.uk’s file and refuses a broken one', async () => {
    const dayZero = await runInProcess(target, ['calendar', 'add-working-days', '2026-12-17', '15']);
    assert.equal(dayZero.code, 0, explain(dayZero));
    assert.equal(dayZero.stdout, '2027-01-12\n');
    const dayOne = await runInProcess(target, ['calendar', 'add-working-days', '2026-12-17', '15', '--count-from', '1']);
    assert.equal(dayOne.stdout, '2027-01-11\n', explain(dayOne));

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-calendar-'));
    const good = path.join(dir, 'bank-holidays.json');
    fs.writeFileSync(
      good,
      JSON.stringify({
        'england-and-wales': {
          division: 'england-and-wales',
          events: [{ title: 'New Year’s Day', date: '2029-01-01', notes: '', bunting: true }],
        },
      }),
    );
    const updated = await runInProcess(target, ['calendar', 'update', good]);
    assert.equal(updated.code, 0, explain(updated));
    assert.match(updated.stdout, /for 2029: 1 now listed/);
    const after2029 = await runInProcess(target, ['calendar', 'add-working-days', '2028-12-29', '1']);
    assert.equal(after2029.stdout, '2029-01-02\n', explain(after2029));

    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{ "england-and-wales": ');
    const refused = await runInProcess(target, ['calendar', 'update', broken]);
    assert.equal(refused.code, 2, explain(refused));
    assert.match(refused.stderr, /not JSON/);
    const badDate = await runInProcess(target, ['calendar', 'add-working-days', '17/12/2026', '15']);
    assert.equal(badDate.code, 2, explain(badDate));
    assert.match(badDate.stderr, /YYYY-MM-DD/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('audit verify on the fresh partnership finds the trail intact', async () => {
    const run = await wholepicture(target, ['audit', 'verify']);
    assert.equal(run.code, 0, explain(run));
    assert.match(run.stdout, /^Audit trail intact: [1-9]\d* entries checked\n$/);
  });

  it('while a running server holds DATA_DIR, the CLI refuses with exit 3 rather than open it twice', async () => {
    // The lock belongs to the embedded database, so this story uses one whichever database the suite targets.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wholepicture-cli-lock-'));
    const embedded: Target = {
      kind: 'embedded',
      env: { DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
    const server = await embedded.open();
    try {
      const run = await wholepicture(embedded, ['users', 'list']);
      assert.equal(run.code, 3, explain(run));
      assert.match(run.stderr, new RegExp(`in use by another Whole Picture process \\(pid ${process.pid}\\)`));
      assert.equal(run.stdout, '');
    } finally {
      await server.close();
      await embedded.dispose();
    }
  });

  it('an audit entry altered behind the application’s back is named by audit verify, which exits 1', async () => {
    const handle = await target.open();
    try {
      await sql`alter table audit_event disable trigger user`.execute(handle.db);
      await sql`update audit_event set action = 'x' where seq = 3`.execute(handle.db);
      await sql`alter table audit_event enable trigger user`.execute(handle.db);
    } finally {
      await handle.close();
    }
    const run = await wholepicture(target, ['audit', 'verify']);
    assert.equal(run.code, 1, explain(run));
    assert.match(run.stderr, /seq 3: its contents do not match its hash/);
    assert.doesNotMatch(run.stdout, /intact/);
  });

  it('an unknown command is a usage error: exit 2', async () => {
    const run = await wholepicture(target, ['frobnicate']);
    assert.equal(run.code, 2, explain(run));
    assert.match(run.stderr, /unknown command 'frobnicate'/);
  });

  it('invalid configuration is an environment problem: exit 3, saying what is wrong', async () => {
    const run = await wholepicture(target, ['audit', 'verify'], { env: { NODE_ENV: 'bogus' } });
    assert.equal(run.code, 3, explain(run));
    assert.match(run.stderr, /NODE_ENV must be development, test or production, but it is "bogus"/);
  });

  it('a database server that cannot be reached is an environment problem: exit 3', async () => {
    const run = await runInProcess(target, ['users', 'list'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    assert.equal(run.code, 3, explain(run));
    assert.match(run.stderr, /Could not connect to the PostgreSQL database nowhere on 127\.0\.0\.1:1: .*ECONNREFUSED/);
  });

  it('usage errors found before the database is opened exit 2 in-process too', async () => {
    const missing = await runInProcess(target, ['tokens', 'create']);
    assert.equal(missing.code, 2, explain(missing));
    assert.match(missing.stderr, /required option '--user <email>' not specified/);

    const notANumber = await runInProcess(target, ['tokens', 'create', '--user', sam, '--expires-in-days', 'soon']);
    assert.equal(notANumber.code, 2, explain(notANumber));

    const notARole = await runInProcess(target, ['users', 'list', '--role', 'wizard']);
    assert.equal(notARole.code, 2, explain(notARole));
    assert.match(notARole.stderr, /Use one of: practitioner/);

    const help = await runInProcess(target, ['--help']);
    assert.equal(help.code, 0, explain(help));
    assert.match(help.stdout, /Usage: wholepicture/);
  });

  it('demo seed is refused with exit 3 where demo data is switched off', async () => {
    const run = await runInProcess(target, ['demo', 'seed'], { SEED_DEMO: 'false' });
    assert.equal(run.code, 3, explain(run));
    assert.match(run.stderr, /Demo data is switched off/);
  });
});
