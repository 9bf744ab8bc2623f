import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkAccessible, launchChromium, mainText, SCREENSHOT_DIR, signIn, startSite } from './browser.ts';

/**
 * Issue 4's "Done when", in Chromium on the demo partnership (its clock is Monday 23 November 2026,
 * 09:00): a Request for Help about Mia Brennan, whose three brothers and sisters live with her and whose
 * brother Noah was referred eight months ago; Marcus Bell at the MASH rates it, gathers information from
 * police, health and education, holds a strategy discussion and starts a section 47 enquiry; Nadia
 * Farouk takes an adult concern to its section 42 decision; Rachel Osei sees what is overdue.
 */
describe('The front door, from a school’s Request for Help to a section 47 enquiry, in Chromium', { timeout: 240_000 }, () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startSite>>;
  let referralUrl = '';

  before(async () => {
    site = await startSite({ families: true });
    browser = await launchChromium();
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('Hannah Reid, Ashford Primary’s safeguarding lead, sends a Request for Help about Mia; a second click makes no second referral', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, site.url, 'hannah.reid');
    await page.goto(`${site.url}/front-door`);
    await page.getByRole('button', { name: 'Make a Request for Help (child)' }).click();
    await page.getByLabel('Your name').fill('Hannah Reid');
    await page.getByLabel('Organisation').fill('Ashford Primary School');
    await page.getByLabel('Phone number').fill('01632 960456');
    await page.getByLabel('Email address').fill('hannah.reid@northshire.example');
    await page.getByLabel('Send to').selectOption({ label: 'Multi-Agency Safeguarding Hub (Northshire Council Children’s Services)' });
    // Typed in as someone new, misspelt, Mia's own record is offered with how likely it is and why.
    await page.getByLabel('Given name', { exact: true }).fill('Mia');
    await page.getByLabel('Family name', { exact: true }).fill('Brenan');
    await page.locator('input[name="newDateOfBirth-day"]').fill('2');
    await page.locator('input[name="newDateOfBirth-month"]').fill('3');
    await page.locator('input[name="newDateOfBirth-year"]').fill('2017');
    await page.getByRole('button', { name: 'Check and add' }).click();
    await page.getByText('Why we think this might be them').first().click();
    assert.match(await mainText(page), /Mia Brennan \(Child, born [^)]+\): Very likely the same person/);
    await checkAccessible(page, 'intake-likely-matches.png');
    await page.getByLabel('Given name', { exact: true }).fill('');
    await page.getByLabel('Family name', { exact: true }).fill('');
    for (const part of ['day', 'month', 'year']) {
      await page.locator(`input[name="newDateOfBirth-${part}"]`).fill('');
    }
    await page.getByLabel('Name', { exact: true }).fill('Mia Brennan');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByRole('button', { name: 'Add Mia Brennan' }).click();
    await page
      .getByLabel('What is the concern? Please use your own words')
      .fill('Mia told her teacher that Mum’s friend hit Noah with a belt last night and that she hid Leo in the bathroom.');
    await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check();
    await page.getByRole('group', { name: 'Have the parents consented to this referral?' }).getByLabel('Consent not sought').check();
    await page
      .getByLabel('If anyone has not consented: why are you sharing without consent?')
      .fill('Telling Mum first could put the children at risk from her friend.');
    await page.getByLabel('The child’s views').fill('Mia said she is scared to go home when he is there.');
    await page
      .getByRole('group', { name: /early help plan/i })
      .getByLabel('No')
      .check();
    await checkAccessible(page);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('The referral has been received.').waitFor();
    referralUrl = page.url().split('?')[0] as string;
    await context.close();
  });

  it('the same form sent twice (a double click, a retry) makes one referral', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, site.url, 'hannah.reid');
    await page.goto(`${site.url}/referrals/new?kind=child`);
    await page.getByLabel('Name', { exact: true }).fill('Ava Brennan');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByRole('button', { name: 'Add Ava Brennan' }).click();
    await page.getByLabel('Your name').fill('Hannah Reid');
    await page.getByLabel('Organisation').fill('Ashford Primary School');
    await page.getByLabel('Phone number').fill('01632 960456');
    await page.getByLabel('Email address').fill('hannah.reid@northshire.example');
    await page.getByLabel('Send to').selectOption({ label: 'Multi-Agency Safeguarding Hub (Northshire Council Children’s Services)' });
    await page
      .getByLabel('What is the concern? Please use your own words')
      .fill('Ava has not been collected from nursery twice this week.');
    await page.getByRole('group', { name: 'Is a child in immediate danger?' }).getByLabel('No').check();
    await page.getByRole('group', { name: 'Have the parents consented to this referral?' }).getByLabel('Consent given').check();
    await page
      .getByRole('group', { name: /early help plan/i })
      .getByLabel('No')
      .check();
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Submit' }) });
    const token = await form.locator('input[name="formToken"]').inputValue();
    // Every named field as the browser would send it (the page has no file inputs).
    const fields = await form.evaluate((element) =>
      Array.from((element as HTMLFormElement).elements)
        .filter((field): field is HTMLInputElement => 'name' in field && Boolean((field as HTMLInputElement).name))
        .filter((field) => !['checkbox', 'radio', 'submit'].includes(field.type) || (field.type !== 'submit' && field.checked))
        .map((field) => [field.name, field.value]),
    );
    const body = new URLSearchParams([...fields, ['action', 'submit']] as [string, string][]).toString();
    // The same filled-in form posted twice, as a double click or a flaky connection would: both answers
    // are the same one referral (the second finds the first through its form token).
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const first = await page.request.post(`${site.url}/referrals/new`, { data: body, headers, maxRedirects: 0 });
    const second = await page.request.post(`${site.url}/referrals/new`, { data: body, headers, maxRedirects: 0 });
    assert.ok(token.length > 0);
    assert.equal(first.status(), second.status());
    assert.equal(first.headers().location, second.headers().location);
    await context.close();
  });

  it('Marcus Bell at the MASH sees Mia’s brothers and sister and Noah’s referral eight months ago at the top, and rates it Amber', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    site.context.clock.set('2026-11-23T10:15:00Z');
    await signIn(page, site.url, 'marcus.bell');
    await page.goto(`${site.url}/front-door`);
    await page
      .getByRole('link', { name: /Mia Brennan/ })
      .first()
      .click();
    const top = await mainText(page);
    for (const child of ['Noah Brennan', 'Ava Brennan', 'Leo Brennan']) {
      assert.match(top, new RegExp(child), `${child} is shown with Mia`);
    }
    assert.match(top, /Re-referral/);
    assert.match(
      top,
      /20 Mar 2026 10:00, about Noah Brennan: Signposting to universal services/,
      'the referral about Noah eight months ago',
    );
    const household = top.indexOf('Noah Brennan');
    const rating = top.indexOf('Record the rating');
    assert.ok(household >= 0 && household < rating, 'the household comes before the rating form');
    await checkAccessible(page, 'triage.png');

    await page.getByRole('group', { name: 'Rating' }).getByLabel(/Amber/).check();
    await page
      .getByRole('group', { name: /more than one professional opinion/i })
      .getByLabel('Yes')
      .check();
    await page.getByLabel('Why this rating').fill('Physical harm alleged to a sibling; an unknown man in the home; four children.');
    await page.getByRole('button', { name: 'Record the rating' }).click();
    await page.getByText('The rating has been recorded.').waitFor();
    assert.match(await mainText(page), /Amber/);
    await context.close();
  });

  it('Marcus asks police, health and education; Tom Fletcher returns for the police; Marcus records the other two returns', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    site.context.clock.set('2026-11-23T10:30:00Z');
    await signIn(page, site.url, 'marcus.bell');
    await page.goto(referralUrl);
    await page.getByRole('link', { name: 'Ask partners or record their returns' }).click();
    for (const agency of ['Northshire Police', 'Northshire Community Health NHS Trust', 'Ashford Primary School']) {
      await page.getByLabel(agency, { exact: true }).check();
    }
    await page
      .getByLabel('What are you asking?')
      .fill('What do you know about Mia, her brothers and sister, Lisa Brennan and any man living with or visiting them?');
    await page.getByRole('button', { name: 'Send the requests' }).click();
    await page.getByText('There is a problem').waitFor();
    await checkAccessible(page, 'information-requests-errors.png');
    await page.getByLabel('Public task (Article 6(1)(e))').check();
    await page
      .getByRole('group', { name: /special category information/ })
      .getByLabel('Yes')
      .check();
    await page.getByRole('radio', { name: /Schedule 1 paragraph 18/ }).check();
    await page.getByLabel('Appropriate policy document reference (if Schedule 1 paragraph 18)').fill('NSP-APD-2026');
    await page.getByLabel('Consent not sought').check();
    await page
      .getByLabel('If consent was not given, why share without it?')
      .fill('Asking Lisa first could alert the man alleged to have hurt Noah.');
    await page.getByRole('button', { name: 'Send the requests' }).click();
    await page.locator('#requests').waitFor();
    const sent = await mainText(page);
    assert.equal((sent.match(/Awaiting return/g) ?? []).length, 3);
    await checkAccessible(page);
    await context.close();

    // Tom answers for the police from his own desk, half an hour later.
    site.context.clock.set('2026-11-23T11:00:00Z');
    const police = await browser.newContext();
    const tomPage = await police.newPage();
    await signIn(tomPage, site.url, 'tom.fletcher');
    await tomPage.getByRole('link', { name: 'Information requests' }).click();
    await tomPage.getByRole('heading', { name: 'Information requests for Northshire Police' }).waitFor();
    await checkAccessible(tomPage);
    await tomPage
      .getByRole('link', { name: /Record the return/ })
      .first()
      .click();
    await tomPage.getByLabel('Information', { exact: true }).check();
    await tomPage
      .getByLabel('What the agency knows')
      .fill(
        'Lisa’s friend Craig Tolley, 31, has a conviction for assault (2022) and a domestic abuse call-out at another address in June.',
      );
    await tomPage.getByLabel('Public task (Article 6(1)(e))').check();
    await tomPage
      .getByRole('group', { name: /special category information/ })
      .getByLabel('Yes')
      .check();
    await tomPage.getByRole('radio', { name: /Schedule 8 paragraph 4/ }).check();
    await tomPage.getByLabel('Consent not sought').check();
    await tomPage
      .getByLabel('If consent was not given, why share without it?')
      .fill('Law enforcement information shared to protect the children.');
    await checkAccessible(tomPage);
    await tomPage.getByRole('button', { name: 'Record the return' }).click();
    await tomPage.getByText('Nothing is waiting for your agency.').waitFor();
    await police.close();

    // Marcus records health's and the school's answers, given to him by telephone.
    site.context.clock.set('2026-11-23T11:45:00Z');
    const back = await browser.newContext();
    const again = await back.newPage();
    await signIn(again, site.url, 'marcus.bell');
    await again.goto(`${referralUrl}/information-requests`);
    for (const [agency, answer] of [
      [
        'Northshire Community Health NHS Trust',
        'Leo missed his 2-year review; the health visitor saw a man at the address in October who would not give his name.',
      ],
      [
        'Ashford Primary School',
        'Mia and Noah’s attendance fell to 84% this term; Noah has had two unexplained bruises logged since September.',
      ],
    ] as const) {
      await again.getByRole('link', { name: `Record the return from ${agency}` }).click();
      await again.getByLabel('Information', { exact: true }).check();
      await again.getByLabel('What the agency knows').fill(answer);
      await again.getByLabel('Public task (Article 6(1)(e))').check();
      await again
        .getByRole('group', { name: /special category information/ })
        .getByLabel('No')
        .check();
      await again.getByLabel('Consent not sought').check();
      await again
        .getByLabel('If consent was not given, why share without it?')
        .fill('Shared to protect the children; consent would alert the man in the home.');
      await again.getByRole('button', { name: 'Record the return' }).click();
      await again.locator('#requests').waitFor();
    }
    const returned = await mainText(again);
    assert.equal((returned.match(/Returned on time/g) ?? []).length, 3);
    assert.match(returned, /Craig Tolley/);
    await again.goto(referralUrl);
    assert.match(await mainText(again), /3 of 3 returned/);
    await back.close();
  });

  it('Marcus decides on a strategy discussion, records it, and starts a section 47 enquiry whose conference date is shown in working days', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    site.context.clock.set('2026-11-23T12:40:00Z');
    await signIn(page, site.url, 'marcus.bell');
    await page.goto(referralUrl);
    await page.getByRole('group', { name: 'What happens next?' }).getByLabel('Strategy discussion').check();
    await page
      .locator('#rationale')
      .fill('Police, health and school information confirms an unknown man with a history of violence: significant harm suspected.');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('The decision has been recorded and the next piece of work started.').waitFor();

    await page.getByRole('link', { name: 'Record a strategy discussion or meeting' }).click();
    await page.getByLabel('Strategy discussion (for example by telephone)').check();
    const held = page.getByRole('group', { name: 'When was it held?' });
    await held.getByLabel('Day').fill('23');
    await held.getByLabel('Month').fill('11');
    await held.getByLabel('Year').fill('2026');
    await page.getByLabel('Time (24-hour clock)').fill('12:00');
    await page.getByLabel('Who chaired it?').fill('Rachel Osei, MASH team manager');
    const attendees = [
      ['Rachel Osei', 'local_authority', 'Northshire Council Children’s Services', 'MASH team manager'],
      ['DC Tom Fletcher', 'police', 'Northshire Police', 'Public Protection Unit'],
      ['Aisha Rahman', 'health', 'Northshire Community Health NHS Trust', 'Health visitor'],
      ['Hannah Reid', 'education', 'Ashford Primary School', 'Designated safeguarding lead'],
    ];
    for (const [index, [name, kind, agency, role]] of attendees.entries()) {
      const row = page.getByRole('group', { name: `Attendee ${index + 1}`, exact: true });
      await row.getByLabel('Name', { exact: true }).fill(name as string);
      await row.getByLabel('Kind of agency').selectOption(kind as string);
      await row.getByLabel('Agency', { exact: true }).fill(agency as string);
      await row.getByLabel('Role', { exact: true }).fill(role as string);
    }
    await page.getByRole('group', { name: 'Was immediate risk considered?' }).getByLabel('Yes').check();
    await page
      .getByLabel('What action was taken on the immediate risk?')
      .fill('The children stay with their grandmother tonight; police to locate Mum’s friend.');
    await page.getByRole('group', { name: 'Were the person’s views and wishes established?' }).getByLabel('Yes').check();
    await page
      .getByRole('group', { name: /Is significant harm suspected/ })
      .getByLabel('Yes')
      .check();
    await page.getByLabel('Outcome').fill('Section 47 enquiries for all four children; joint visit with police tomorrow.');
    await checkAccessible(page, 'strategy-form.png');
    await page.getByRole('button', { name: 'Record the discussion' }).click();
    await page.getByRole('button', { name: 'Start section 47 enquiry' }).waitFor();
    assert.match(await mainText(page), /On time|on time/);
    await page.getByRole('button', { name: 'Start section 47 enquiry' }).click();
    // Held on Monday 23 November 2026: 15 working days later is Monday 14 December.
    await page
      .getByText(/14 December 2026/)
      .first()
      .waitFor();
    assert.match(await mainText(page), /in 15 working days/);
    await checkAccessible(page, 'section-47.png');

    await page.goto(referralUrl);
    const panel = await page.locator('#section-47').textContent();
    assert.match(panel ?? '', /14 December 2026/);
    assert.match(panel ?? '', /in 15 working days/);
    await context.close();
  });
  it('Lena Kowalski raises an adult concern; Nadia Farouk takes it to a section 42 decision with the three tests and the advocacy question', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    site.context.clock.set('2026-11-23T13:00:00Z');
    await signIn(page, site.url, 'lena.kowalski');
    await page.goto(`${site.url}/front-door`);
    await page.getByRole('button', { name: 'Raise an adult safeguarding concern' }).click();
    await page.getByLabel('Your name').fill('Lena Kowalski');
    await page.getByLabel('Organisation', { exact: true }).fill('Northshire Adult Social Care');
    await page.getByLabel('Phone number').fill('01632 960789');
    await page.getByLabel('Email address').fill('lena.kowalski@northshire.example');
    await page.getByLabel('Send to').selectOption({ label: 'Adult Safeguarding Hub (Northshire Council Adult Social Care)' });
    await page.getByLabel('Given name').fill('Edith');
    await page.getByLabel('Family name').fill('Crane');
    await page.locator('input[name="newDateOfBirth-day"]').fill('4');
    await page.locator('input[name="newDateOfBirth-month"]').fill('2');
    await page.locator('input[name="newDateOfBirth-year"]').fill('1947');
    await page.getByRole('group', { name: 'Child or adult' }).getByLabel('Adult').check();
    await page.getByRole('button', { name: 'Check and add' }).click();
    const none = page.getByRole('button', { name: 'None of these — create a new record' });
    if (await none.isVisible()) {
      await none.click();
    }
    await page.getByText('Edith Crane').first().waitFor();
    await page
      .getByLabel('What is the concern? Please use your own words')
      .fill('Edith’s lodger has taken over her bank card; she has no food and the heating is off.');
    await page.getByLabel('The person’s views and the outcomes they want').fill('She wants the lodger to leave but is frightened of him.');
    await page.getByLabel('Financial or material abuse').check();
    await page.getByRole('group', { name: 'Are there concerns about their mental capacity?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Would they have substantial difficulty being involved?' }).getByLabel('Yes').check();
    await page.getByRole('group', { name: 'Has the person consented?' }).getByLabel('Consent not sought').check();
    await page
      .getByLabel('If not: why are you proceeding without consent?')
      .fill('Her capacity to consent is in doubt and the risk is immediate.');
    await checkAccessible(page);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('The referral has been received.').waitFor();
    const concernUrl = page.url().split('?')[0] as string;
    assert.match(await mainText(page), /Advocacy duty not met/);
    await context.close();

    const adults = await browser.newContext();
    const nadiaPage = await adults.newPage();
    await signIn(nadiaPage, site.url, 'nadia.farouk');
    await nadiaPage.goto(concernUrl);
    await nadiaPage.getByRole('group', { name: 'What happens next?' }).getByLabel('Section 42 decision').check();
    await nadiaPage.locator('#rationale').fill('Financial abuse by a lodger of a woman with care and support needs.');
    await nadiaPage.getByRole('group', { name: 'Has an independent advocate been arranged?' }).getByLabel('No').check();
    await nadiaPage.getByRole('button', { name: 'Record the decision' }).click();
    await nadiaPage.getByText('The decision has been recorded and the next piece of work started.').waitFor();

    // An enquiry with one test unmet is refused, and nothing is written.
    await nadiaPage.getByRole('group', { name: 'Does the adult have needs for care and support?' }).getByLabel('Yes').check();
    await nadiaPage.getByRole('group', { name: 'Are they experiencing, or at risk of, abuse or neglect?' }).getByLabel('Yes').check();
    await nadiaPage.getByRole('group', { name: 'Because of those needs, are they unable to protect themselves?' }).getByLabel('No').check();
    await nadiaPage.getByLabel('Make a section 42 enquiry').check();
    await nadiaPage.locator('#s42Rationale').fill('Needs, abuse, and unable to protect herself from the lodger.');
    await nadiaPage.getByRole('button', { name: 'Record the section 42 decision' }).click();
    await nadiaPage.getByText('There is a problem').waitFor();
    await checkAccessible(nadiaPage);

    await nadiaPage
      .getByRole('group', { name: 'Because of those needs, are they unable to protect themselves?' })
      .getByLabel('Yes')
      .check();
    await nadiaPage.getByLabel('Make a section 42 enquiry').check();
    await nadiaPage.locator('#s42Rationale').fill('Needs, abuse, and unable to protect herself from the lodger.');
    await nadiaPage.getByRole('button', { name: 'Record the section 42 decision' }).click();
    await nadiaPage.getByText('The section 42 decision has been recorded.').waitFor();
    const decided = await mainText(nadiaPage);
    assert.match(decided, /Is unable to protect themselves because of those needs Yes/);
    assert.match(decided, /Enquiry to be made/);
    assert.match(decided, /Advocacy duty not met/);
    await checkAccessible(nadiaPage, 'section-42.png');
    await adults.close();
  });

  it('Rachel Osei, the MASH team manager, sees the overdue work in her tray', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, site.url, 'rachel.osei');
    await page.goto(`${site.url}/work/manager`);
    const tray = await mainText(page);
    assert.match(tray, /Overdue/);
    assert.match(tray, /Tyler Quinn/, 'the referral waiting past its rating target');
    assert.match(tray, /Jayden Hartwell/, 'the child and family assessment past 45 working days');
    await checkAccessible(page, 'manager-tray.png');
    await context.close();
  });
});
