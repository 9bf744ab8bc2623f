import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { seedDemoFamilies } from '../src/demo/families.ts';
import { createTestApp, createTestContext, type TestContext } from '../src/testing/test-context.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const SCREENSHOT_DIR = path.resolve('.cache/screenshots');

/** Debian's Chromium, started the way this closed network needs (no background calls home). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The whole application on a real port, over a fresh database with the demonstration partnership. */
export async function startSite(
  options: { families?: boolean } = {},
): Promise<{ url: string; context: TestContext; app: FastifyInstance; stop(): Promise<void> }> {
  const context = await createTestContext({ config: { seedDemo: true } });
  if (options.families) {
    await seedDemoFamilies(context.services);
  }
  const app = await createTestApp(context);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    context,
    app,
    async stop() {
      await app.close();
      await context.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Serious and critical accessibility problems on the current page, by axe-core (WCAG 2.2 AA rules). */
export async function seriousAccessibilityProblems(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's own content security policy is left as it is.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** The page's main content as one line of text, for matching words. */
export async function mainText(page: Page): Promise<string> {
  return ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

/** No serious accessibility problem on the page; with a file name, a full-page screenshot too. */
export async function checkAccessible(page: Page, screenshot?: string): Promise<void> {
  assert.deepEqual(await seriousAccessibilityProblems(page), []);
  if (screenshot) {
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, screenshot), fullPage: true });
  }
}

/** Signs a demo persona in through the sign-in page (every demo account shares one password). */
export async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email address').fill(email.includes('@') ? email : `${email}@northshire.example`);
  await page.getByLabel('Password', { exact: true }).fill('northshire-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${url}/`);
}
