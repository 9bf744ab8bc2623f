import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCode } from '../errors.ts';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Folders this process holds. A lock file naming our own pid is ours only if it is listed here; otherwise
// it was left by an earlier process that had the same pid (containers restart as pid 1) and is stale.
const heldByThisProcess = new Set<string>();

/**
 * PGlite writes no postmaster.pid, so two processes can open one data directory and corrupt it.
 * We hold our own O_EXCL lock file naming our pid; a lock left by a process that has died
 * (kill -9, power loss) is taken over, so a crash never needs a manual clean-up.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.resolve(dataDir, 'wholepicture.lock');
  if (heldByThisProcess.has(lockPath)) {
    throw new AppError(ErrorCode.DATA_DIR_LOCKED, `The data directory ${dataDir} is already open in this process.`);
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) {
          return;
        }
        released = true;
        heldByThisProcess.delete(lockPath);
        try {
          if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) {
            fs.unlinkSync(lockPath);
          }
        } catch {
          // Already gone: nothing to release.
        }
      };
      heldByThisProcess.add(lockPath);
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isProcessAlive(holder)) {
        throw new AppError(
          ErrorCode.DATA_DIR_LOCKED,
          `The data directory ${dataDir} is in use by another Whole Picture process (pid ${holder}). Stop it first, or set DATA_DIR to another folder.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new AppError(ErrorCode.DATA_DIR_LOCKED, `Could not lock the data directory ${dataDir}`);
}
