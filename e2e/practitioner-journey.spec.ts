import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, SCREENSHOT_DIR, seriousAccessibilityProblems, signIn, startSite } from './browser.ts';

describe('Sam Okafor sees the whole picture around Ellie Hartwell, in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startSite>>;

  before(async () => {
    site = await startSite({ families: true });
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('finds Ellie despite a misspelling, sees the adults around her and the genogram, and the family chronology from several agencies', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, site.url, 'sam.okafor@northshire.example');

    await page.getByRole('link', { name: 'Find a person' }).click();
    await page.getByLabel('Name').fill('Elly Hartwel');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ellie Hartwell' }).first().click();
    await page.getByRole('heading', { name: 'Ellie Hartwell', level: 1 }).waitFor();
    assert.deepEqual(await seriousAccessibilityProblems(page), []);

    await page.getByRole('link', { name: 'Family and household' }).click();
    await page.getByRole('heading', { name: 'Adults around Ellie' }).waitFor();
    const adults = (await page.locator('#checks-section').textContent()) ?? '';
    assert.match(adults, /Dean Morrow/);
    assert.match(adults, /Not seen/);
    assert.match(adults, /Kayleigh Hartwell/);
    assert.ok(
      await page.locator('#genogram-heading ~ * svg[role="img"], section[aria-labelledby="genogram-heading"] svg').first().isVisible(),
    );
    assert.deepEqual(await seriousAccessibilityProblems(page), []);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'family.png'), fullPage: true });

    await page.getByRole('link', { name: 'Chronology' }).click();
    await page.getByRole('link', { name: 'Show the whole household' }).click();
    await page.getByRole('heading', { name: 'Family chronology' }).waitFor();
    const chronology = (await page.locator('main').textContent()) ?? '';
    for (const agency of [
      'Northshire Police',
      'Ashford Primary School',
      'Northshire Hospitals NHS Foundation Trust',
      'Northshire Council Children’s Services',
    ]) {
      assert.ok(chronology.includes(agency), `${agency} is among the sources`);
    }
    assert.deepEqual(await seriousAccessibilityProblems(page), []);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'family-chronology.png'), fullPage: true });

    await page.getByRole('link', { name: 'Their voice' }).click();
    await page.getByRole('heading', { name: 'Ellie’s voice' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /only been heard as part of a group of siblings/);
    await page.getByRole('button', { name: 'Record their voice' }).click();
    await page.getByText('There is a problem').waitFor();
    assert.deepEqual(await seriousAccessibilityProblems(page), []);
    await context.close();
  });

  it('adds an entry, amends it with the original still visible, and downloads the chronology as a PDF', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, site.url, 'sam.okafor@northshire.example');
    await page.getByRole('link', { name: 'Find a person' }).click();
    await page.getByLabel('Name').fill('Ellie Hartwell');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ellie Hartwell' }).first().click();
    await page.getByRole('link', { name: 'Chronology' }).click();
    await page.getByRole('button', { name: 'Add an entry' }).click();

    await page.getByLabel('Day').fill('21');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Time (optional, 24-hour, UK time)').fill('15:45');
    await page.getByLabel('Category').selectOption('home_visit');
    await page.getByLabel('What happened').fill('Unannounced visit. Ellie seen alone in her room; a man’s coat on the stairs.');
    await page.getByLabel('Fact', { exact: true }).check();
    await page.getByLabel('High', { exact: true }).check();
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByText('The entry has been added to the chronology.').waitFor();
    assert.deepEqual(await seriousAccessibilityProblems(page), []);

    await page.getByRole('button', { name: 'Amend this entry' }).click();
    await page
      .getByLabel('What happened')
      .fill('Unannounced visit. Ellie seen alone in her room; a man’s coat and boots on the stairs. Kayleigh said they were Dean’s.');
    await page.getByLabel('Why are you amending it?').fill('Added what Kayleigh told me at the door');
    await page.getByRole('button', { name: 'Save amendment' }).click();
    await page.getByText('The entry has been amended. The original is kept below.').waitFor();
    const history = (await page.locator('main').textContent()) ?? '';
    assert.match(history, /a man’s coat on the stairs\./, 'the original wording is still there');
    assert.match(history, /Kayleigh said they were Dean’s/);
    assert.match(history, /Added what Kayleigh told me at the door/);
    assert.deepEqual(await seriousAccessibilityProblems(page), []);

    await page.getByRole('button', { name: 'Withdraw this entry' }).click();
    await page.getByRole('button', { name: 'Withdraw entry' }).click();
    await page.getByText('There is a problem').waitFor();
    assert.ok(await page.getByRole('link', { name: 'Give the reason for the withdrawal in at least 10 characters' }).isVisible());
    assert.deepEqual(await seriousAccessibilityProblems(page), []);
    await page.getByLabel('Why are you withdrawing it?').fill('Recorded twice: the visit is already in the chronology');
    await page.getByRole('button', { name: 'Withdraw entry' }).click();
    await page.getByText('The entry has been withdrawn.').waitFor();

    await page.getByRole('link', { name: 'Back to the chronology' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as PDF' }).click()]);
    const file = await download.path();
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
    await context.close();
  });

  it('adding “Elly Hartwel” again: Sam is shown Ellie with how likely and why; Lena, who may not see her, is told to ask the MASH', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, site.url, 'sam.okafor@northshire.example');
    await page.goto(`${site.url}/people/new`);
    await page.getByLabel('Given names', { exact: true }).fill('Elly');
    await page.getByLabel('Family name', { exact: true }).fill('Hartwel');
    await page.locator('input[name="dateOfBirth-day"]').fill('12');
    await page.locator('input[name="dateOfBirth-month"]').fill('4');
    await page.locator('input[name="dateOfBirth-year"]').fill('2019');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Is it one of these people?', level: 1 }).waitFor();
    await page.getByText('Why we think this might be them').first().click();
    assert.match((await page.locator('main').textContent()) ?? '', /Date of birth: 12\/04\/2019, the same on both/);
    assert.deepEqual(await seriousAccessibilityProblems(page), []);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'likely-matches.png'), fullPage: true });
    await context.close();

    const lenas = await browser.newContext();
    const lenaPage = await lenas.newPage();
    await signIn(lenaPage, site.url, 'lena.kowalski@northshire.example');
    await lenaPage.goto(`${site.url}/people/new`);
    await lenaPage.getByLabel('Given names', { exact: true }).fill('Ellie');
    await lenaPage.getByLabel('Family name', { exact: true }).fill('Hartwell');
    await lenaPage.locator('input[name="dateOfBirth-day"]').fill('12');
    await lenaPage.locator('input[name="dateOfBirth-month"]').fill('4');
    await lenaPage.locator('input[name="dateOfBirth-year"]').fill('2019');
    await lenaPage.getByRole('button', { name: 'Continue' }).click();
    await lenaPage.getByRole('heading', { name: 'Check with the MASH first', level: 1 }).waitFor();
    assert.match((await lenaPage.locator('main').textContent()) ?? '', /A possible match is held by another agency/);
    assert.deepEqual(await seriousAccessibilityProblems(lenaPage), []);
    await lenas.close();
  });

  it('Lena in adult social care, with no involvement, can neither find nor open Ellie', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, site.url, 'lena.kowalski@northshire.example');
    await page.goto(`${site.url}/people/search`);
    await page.getByLabel('Name').fill('Ellie Hartwell');
    await page.getByRole('button', { name: 'Search' }).click();
    assert.equal(await page.getByRole('link', { name: 'Ellie Hartwell' }).count(), 0);
    const sam = await site.context.actor('sam.okafor');
    const ellie = (await site.context.services.people.listPeople(sam, { name: 'Ellie' }))[0];
    const response = await page.goto(`${site.url}/people/${ellie?.id}/chronology`);
    assert.equal(response?.status(), 404);
    await context.close();
  });
});
