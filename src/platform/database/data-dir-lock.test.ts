import assert from 'node:assert/strict';

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { AppError, ErrorCode } from '../errors.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { type DatabaseHandle, openDatabase } from './database.ts';

const DATABASE_MODULE = pathToFileURL(path.join(import.meta.dirname, 'database.ts')).href;
const LOCK_FILE = 'wholepicture.lock';

/** A second Whole Picture process opening `dataDir`: resolves with what it printed and how it ended. */
function openFromAnotherProcess(dataDir: string): Promise<{ status: number | null; output: string }> {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(DATABASE_MODULE)});
    try {
      const handle = await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
      await handle.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      await handle.close();
      console.log('OPENED');
    } catch (error) {
      console.log('REFUSED ' + error.code + ': ' + error.message);
      process.exitCode = 3;
    }
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output: output.trim() }));
  });
}

/** The pid of a process that has certainly ended (we started and waited for it). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['--eval', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  assert.ok(Number.isInteger(pid) && pid > 0);
  return pid;
}

describe('The embedded data directory is used by one Whole Picture process at a time', () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'wp-data-dir-lock-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('while Oliver’s server has DATA_DIR open, a second process is refused with the folder named; once it closes, the second opens', async () => {
    const dataDir = path.join(root, 'northshire');
    let first: DatabaseHandle | undefined = await openDatabase({ dataDir });
    try {
      assert.equal(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8').trim(), String(process.pid), 'the lock names its holder');

      const refused = await openFromAnotherProcess(dataDir);
      assert.equal(refused.status, 3, refused.output);
      assert.match(refused.output, new RegExp(`^REFUSED ${ErrorCode.DATA_DIR_LOCKED}: `));
      assert.ok(refused.output.includes(dataDir), `the message names the folder: ${refused.output}`);
      assert.ok(refused.output.includes(`pid ${process.pid}`), 'and the process holding it');
      assert.ok(fs.existsSync(path.join(dataDir, LOCK_FILE)), 'the refused process leaves the lock alone');

      await first.close();
      first = undefined;
      assert.equal(fs.existsSync(path.join(dataDir, LOCK_FILE)), false, 'closing releases the lock');

      const opened = await openFromAnotherProcess(dataDir);
      assert.equal(opened.status, 0, opened.output);
      assert.match(opened.output, /OPENED$/);
      assert.equal(fs.existsSync(path.join(dataDir, LOCK_FILE)), false, 'and the second process released it in turn');
    } finally {
      await first?.close();
    }
  });

  it('a lock left by a process that died (kill -9, power cut) is taken over without manual clean-up', () => {
    const dataDir = path.join(root, 'after-a-crash');
    fs.mkdirSync(dataDir, { recursive: true });
    const lockPath = path.join(dataDir, LOCK_FILE);
    const crashed = deadPid();
    fs.writeFileSync(lockPath, `${crashed}\n`);

    const release = acquireDataDirLock(dataDir);
    assert.equal(fs.readFileSync(lockPath, 'utf8').trim(), String(process.pid), 'the lock now names this process');
    release();
    assert.equal(fs.existsSync(lockPath), false);
  });

  it('a lock file that is empty or unreadable as a pid (a crash while writing it) is taken over too', () => {
    const dataDir = path.join(root, 'torn-write');
    fs.mkdirSync(dataDir, { recursive: true });
    const lockPath = path.join(dataDir, LOCK_FILE);
    fs.writeFileSync(lockPath, '');

    const release = acquireDataDirLock(dataDir);
    assert.equal(fs.readFileSync(lockPath, 'utf8').trim(), String(process.pid));
    release();
  });

  it('a lock held by a live process that is not ours is respected', async () => {
    const dataDir = path.join(root, 'held');
    fs.mkdirSync(dataDir, { recursive: true });
    const lockPath = path.join(dataDir, LOCK_FILE);
    const holder = spawn(process.execPath, ['--eval', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(lockPath, `${holder.pid}\n`);
      assert.throws(
        () => acquireDataDirLock(dataDir),
        (error: unknown) =>
          error instanceof AppError &&
          error.code === ErrorCode.DATA_DIR_LOCKED &&
          error.message.includes(dataDir) &&
          error.message.includes(`pid ${holder.pid}`) &&
          /set DATA_DIR to another folder/.test(error.message),
      );
      assert.equal(fs.readFileSync(lockPath, 'utf8').trim(), String(holder.pid), 'the holder’s lock is untouched');
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('opening the same folder twice in one process is refused too, so one release cannot pull the lock from under the other', () => {
    const dataDir = path.join(root, 'twice');
    const release = acquireDataDirLock(dataDir);
    try {
      assert.throws(
        () => acquireDataDirLock(dataDir),
        (error: unknown) =>
          error instanceof AppError && error.code === ErrorCode.DATA_DIR_LOCKED && /already open in this process/.test(error.message),
      );
    } finally {
      release();
    }
    acquireDataDirLock(dataDir)();
  });

  it('a lock naming this process’s pid, left by an earlier process with the same pid (a container restarted as pid 1), is taken over', () => {
    const dataDir = path.join(root, 'same-pid');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), `${process.pid}\n`);
    const release = acquireDataDirLock(dataDir);
    release();
    assert.equal(fs.existsSync(path.join(dataDir, LOCK_FILE)), false);
  });
});
