import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkAccessible, launchChromium, mainText, SCREENSHOT_DIR, signIn, startSite } from './browser.ts';

/**
 * Issue 5's review queue in Chromium on the demo partnership: Marcus Bell at the MASH opens the
 * queue, sees health's "Maya Brenan" beside the school's Mia Brennan, tries to merge without a
 * reason, merges keeping Mia's record, follows an old link to Maya, and then undoes the merge.
 */
describe('The duplicate review queue, from a pair of records to a merge and back, in Chromium', { timeout: 240_000 }, () => {
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

  it('Marcus reviews Mia and Maya, merges them, and unmerges them again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, site.url, 'marcus.bell');
    await page.getByRole('link', { name: 'Duplicates' }).click();
    await page.getByRole('heading', { name: 'Possible duplicate records' }).waitFor();
    assert.match(await mainText(page), /Adaeze Nwosu and Amara Nwosu|Amara Nwosu and Adaeze Nwosu/);
    await checkAccessible(page, 'duplicates-queue.png');

    await page.getByRole('link', { name: /Mia Brennan and Maya Brenan|Maya Brenan and Mia Brennan/ }).click();
    await page.getByRole('heading', { name: 'Are these the same person?' }).waitFor();
    const pairText = await mainText(page);
    assert.match(pairText, /Date of birth: .*day and month/i);
    await checkAccessible(page, 'duplicates-pair.png');
    const pairUrl = page.url();

    await page.getByLabel(/Keep record \d: Mia Brennan/).check();
    await page.getByRole('button', { name: 'Merge the records' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    assert.match(await mainText(page), /Enter a reason/);
    await checkAccessible(page, 'duplicates-error.png');

    await page.getByLabel(/Keep record \d: Mia Brennan/).check();
    await page
      .getByLabel('Why are you sure they are the same person?')
      .fill('Health visitor confirmed: same girl, same mother; the family moved from Mill Row.');
    await page.getByRole('button', { name: 'Merge the records' }).click();
    await page.getByText('The records were merged.').waitFor();
    assert.match(await mainText(page), /Chronology entries/);
    await checkAccessible(page, 'duplicates-merge.png');
    const mergeUrl = page.url().split('?')[0] as string;

    // The record kept now carries the other's name as an alias.
    await page.getByRole('link', { name: 'Mia Brennan' }).click();
    assert.match(await mainText(page), /Maya Brenan/);

    await page.goto(mergeUrl);
    await page.getByLabel('Why are you undoing it?').fill('Health have since found Maya is a cousin living in Leeds.');
    await page.getByRole('button', { name: 'Unmerge' }).click();
    await page.getByText('The merge was undone.').waitFor();
    assert.match(await mainText(page), /Why it was undone/);

    await page.goto(pairUrl);
    assert.match(await mainText(page), /Rejected: different people/);
    await context.close();
  });
});
