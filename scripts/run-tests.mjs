#!/usr/bin/env node
// Runs Node's own test runner over TypeScript test files. Node 20 cannot glob test files itself,
// so we find them here. `node scripts/run-tests.mjs` runs src/**/*.test.ts; `... e2e` runs e2e/**/*.spec.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const suite = process.argv[2] ?? 'unit';
const roots = { unit: ['src'], e2e: ['e2e'] }[suite];
if (!roots) {
  console.error(`Unknown suite "${suite}": use unit or e2e`);
  process.exit(2);
}
const pattern = suite === 'e2e' ? /\.spec\.ts$/ : /\.test\.ts$/;
const filter = process.argv[3];

function walk(dir) {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' ? [] : walk(full);
    }
    return pattern.test(entry.name) && (!filter || full.includes(filter)) ? [full] : [];
  });
}

const files = roots.flatMap(walk).sort();
if (files.length === 0) {
  console.error(`No ${suite} test files found`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
