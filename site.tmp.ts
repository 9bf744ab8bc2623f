import fs from 'node:fs';
import { startSite } from './e2e/browser.ts';
const site = await startSite({ families: true });
fs.writeFileSync('/tmp/site.url', site.url);
(globalThis as any).site = site;
// control the clock through a file
setInterval(() => { try { const t = fs.readFileSync('/tmp/site.clock', 'utf8').trim(); if (t) { site.context.clock.set(t); fs.writeFileSync('/tmp/site.clock', ''); } } catch {} }, 200);
