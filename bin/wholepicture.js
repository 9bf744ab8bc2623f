#!/usr/bin/env node
// The `wholepicture` command. TypeScript is run through tsx, so there is no build step to forget.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { register } from 'tsx/esm/api';

// `match` holds every record of a file in memory (about 0.5–1 KB each once prepared, plus the blocking
// keys), so a million-row file needs more than the 2 GB heap Node gives itself on an 8 GB machine. It is
// run again with a 4 GB heap limit (at most three quarters of the machine's memory) unless a
// --max-old-space-size was given (node option or NODE_OPTIONS). See docs/cli.md, "Large files".
const MATCH_HEAP_MB = 4096;
const args = process.argv.slice(2);
const heapChosen = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((option) =>
  option.startsWith('--max-old-space-size'),
);
const heapLimitMb = v8.getHeapStatistics().heap_size_limit / 2 ** 20;
const wantedMb = Math.min(MATCH_HEAP_MB, Math.floor((os.totalmem() / 2 ** 20) * 0.75));
if (args[0] === 'match' && !heapChosen && heapLimitMb < wantedMb * 0.95) {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${wantedMb}`, fileURLToPath(import.meta.url), ...args],
    {
      stdio: 'inherit',
    },
  );
  if (child.signal) {
    process.kill(process.pid, child.signal);
  }
  process.exit(child.status ?? 1);
}

register();
await import('../src/cli/main.ts');
