import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR, seriousAccessibilityProblems, startSite } from './browser.ts';

describe('Sam Okafor signs in to Whole Picture in Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startSite>>;

  before(async () => {
    site = await startSite();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('with JavaScript on: the sign-in and home pages work, break no content security rule and have no serious accessibility problems', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') {
        blocked.push(message.text());
      }
    });

    await page.goto(`${site.url}/`);
    assert.match(page.url(), /\/sign-in$/);
    assert.equal(await page.getAttribute('body', 'class').then((value) => value?.includes('govuk-frontend-supported')), true);
    assert.deepEqual(await seriousAccessibilityProblems(page), []);

    await page.getByLabel('Email address').fill('sam.okafor@northshire.example');
    await page.getByLabel('Password', { exact: true }).fill('northshire-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${site.url}/`);
    await page.getByRole('heading', { name: 'People you work with' }).waitFor();
    assert.ok(await page.getByRole('link', { name: 'Ellie Hartwell' }).isVisible());
    assert.deepEqual(await seriousAccessibilityProblems(page), []);

    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home.png'), fullPage: true });

    await page.getByRole('link', { name: 'Ellie Hartwell' }).click();
    await page.getByRole('heading', { name: 'Ellie Hartwell' }).waitFor();
    assert.deepEqual(await seriousAccessibilityProblems(page), []);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    assert.deepEqual(
      blocked.filter((text) => /Content Security Policy|Refused/.test(text)),
      [],
    );
    await context.close();
  });

  it('with JavaScript off: signing in still works, and a mistake is shown in an error summary', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/sign-in`);
    await page.getByLabel('Email address').fill('sam.okafor@northshire.example');
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('There is a problem').waitFor();
    assert.ok(await page.getByRole('link', { name: 'Enter a correct email address and password' }).isVisible());
    assert.match(await page.title(), /^Error: Sign in/);

    await page.getByLabel('Password', { exact: true }).fill('northshire-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'People you work with' }).waitFor();
    await context.close();
  });

  it('with JavaScript on, the error summary after a mistake has no serious accessibility problems', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('There is a problem').waitFor();
    assert.ok(await page.getByRole('link', { name: 'Enter your email address' }).isVisible());
    assert.deepEqual(await seriousAccessibilityProblems(page), []);
    await context.close();
  });
});
