import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestContext, type TestContext } from '../testing/test-context.ts';
import { pageBrowser, textOf } from './web-test-helpers.ts';

describe('Signing in to Whole Picture in a browser', () => {
  let context: TestContext;
  let app: FastifyInstance;

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('someone who is not signed in is sent to sign in, and brought back to the page they wanted', async () => {
    const browser = pageBrowser(app);
    const home = await browser.get('/');
    assert.equal(home.statusCode, 302);
    assert.equal(home.headers.location, '/sign-in');

    const deepLink = await browser.get('/people/00000000-0000-4000-8000-000000000000');
    assert.equal(deepLink.headers.location, '/sign-in?returnTo=%2Fpeople%2F00000000-0000-4000-8000-000000000000');
  });

  it('the sign-in page is protected by a strict content security policy, and lists no demonstration accounts unless told to', async () => {
    const page = await pageBrowser(app).get('/sign-in');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(textOf(page.body), /Demonstration accounts/);
    const policy = String(page.headers['content-security-policy']);
    const nonce = /<script nonce="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(nonce, 'the template’s one inline script carries a nonce');
    assert.ok(policy.includes(`'nonce-${nonce}'`), 'and the policy allows exactly that nonce');
    assert.ok(!policy.includes('unsafe-inline'));
  });

  it('Sam signs in and sees the people he works with; the session cookie cannot be read by scripts or sent cross-site', async () => {
    const browser = pageBrowser(app);
    const signIn = await browser.signInAs('sam.okafor');
    assert.equal(signIn.statusCode, 303);
    assert.equal(signIn.headers.location, '/');
    const session = signIn.cookies.find((cookie) => cookie.name === 'wp_session');
    assert.ok(session?.httpOnly);
    assert.equal(session?.sameSite, 'Lax');

    const home = await browser.get('/');
    assert.equal(home.statusCode, 200);
    const text = textOf(home.body);
    assert.match(text, /People you work with/);
    assert.match(text, /Ellie Hartwell/);
    assert.match(text, /Sam Okafor/);
  });

  it('a wrong password shows a GOV.UK error summary, keeps the email, and sets no session', async () => {
    const browser = pageBrowser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email: 'sam.okafor@northshire.example', password: 'not-the-password' });
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(textOf(response.body), /Enter a correct email address and password/);
    assert.match(response.body, /value="sam\.okafor@northshire\.example"/);
    assert.match(response.body, /<title>Error: Sign in/);
    assert.equal(browser.cookie('wp_session'), undefined);
  });

  it('an empty form names each missing field', async () => {
    const browser = pageBrowser(app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email: '', password: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#email"[^>]*>\s*Enter your email address/);
    assert.match(response.body, /href="#password"[^>]*>\s*Enter your password/);
  });

  it('a sign-in form posted from another site, without the form’s token, is refused', async () => {
    const browser = pageBrowser(app);
    const response = await browser.post(
      '/sign-in',
      { email: 'sam.okafor@northshire.example', password: 'northshire-demo-2026' },
      { withCsrf: false },
    );
    assert.equal(response.statusCode, 403);
    assert.equal(browser.cookie('wp_session'), undefined);
  });

  it('after signing in, a link to another site is never followed', async () => {
    const browser = pageBrowser(app);
    await browser.get('/sign-in?returnTo=https://evil.example/phish');
    const response = await browser.post('/sign-in', {
      email: 'sam.okafor@northshire.example',
      password: 'northshire-demo-2026',
      returnTo: '//evil.example/phish',
    });
    assert.equal(response.headers.location, '/');
  });

  it('signing out ends the session on the server, not just in the browser', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const stolenCookie = browser.cookie('wp_session');
    await browser.get('/');
    const signOut = await browser.post('/sign-out', {});
    assert.equal(signOut.statusCode, 303);
    assert.equal(signOut.headers.location, '/sign-in?signedOut=1');
    const replay = await app.inject({ method: 'GET', url: '/', headers: { cookie: `wp_session=${stolenCookie}` } });
    assert.equal(replay.statusCode, 302, 'the old cookie no longer opens anything');
  });
});

describe('The demonstration partnership', () => {
  it('lists every demo account and the shared password on the sign-in page, so a first-time visitor can try each role', async () => {
    const context = await createTestContext({ config: { seedDemo: true } });
    const app = await createTestApp(context);
    try {
      const text = textOf((await pageBrowser(app).get('/sign-in')).body);
      assert.match(text, /Demonstration accounts/);
      assert.match(text, /sam\.okafor@northshire\.example Sam Okafor/);
      assert.match(text, /oliver\.grant@northshire\.example/);
      assert.match(text, /northshire-demo-2026/);
    } finally {
      await app.close();
      await context.close();
    }
  });
});

describe('Each role’s home page shows what that role is for', () => {
  let context: TestContext;
  let app: FastifyInstance;

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('Grace, the partnership business officer, sees the agencies and their teams — and no child’s name', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('grace.mensah');
    const text = textOf((await browser.get('/')).body);
    assert.match(text, /The partnership/);
    assert.match(text, /Northshire Constabulary|Constabulary|Police/);
    assert.doesNotMatch(text, /Hartwell|Pryor/);
    assert.doesNotMatch(text, /People you work with/);
  });

  it('Ruth, the privacy officer, sees emergency access waiting for her review', async () => {
    const marcus = await context.actor('marcus.bell');
    const aisha = await context.actor('aisha.rahman');
    const [mason] = await context.services.people.listPeople(aisha, { name: 'Mason' });
    assert.ok(mason);
    await context.services.access.startBreakGlass(marcus, {
      personId: mason.id,
      reasonCode: 'out_of_hours_emergency',
      reasonText: 'Hospital reports an unexplained injury to a baby at 23:40',
    });
    const browser = pageBrowser(app);
    await browser.signInAs('ruth.adeyemi');
    const text = textOf((await browser.get('/')).body);
    assert.match(text, /Emergency access to review/);
    assert.match(text, /Marcus Bell/);
    assert.doesNotMatch(text, /People you work with/);
  });

  it('Oliver, the system administrator, sees the users but no case records', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('oliver.grant');
    const text = textOf((await browser.get('/')).body);
    assert.match(text, /Users/);
    assert.match(text, /priya\.nair@northshire\.example/);
    assert.doesNotMatch(text, /Hartwell/);
  });
});

describe('A person’s record in the browser', () => {
  let context: TestContext;
  let app: FastifyInstance;
  let ellieId: string;

  before(async () => {
    context = await createTestContext();
    app = await createTestApp(context);
    const sam = await context.actor('sam.okafor');
    ellieId = (await context.services.people.listPeople(sam, { name: 'Ellie' }))[0]?.id as string;
  });
  after(async () => {
    await app.close();
    await context.close();
  });

  it('Sam opens Ellie’s record, then sees that his own view is in her access log', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('sam.okafor');
    const record = await browser.get(`/people/${ellieId}`);
    assert.equal(record.statusCode, 200);
    assert.match(textOf(record.body), /Ellie Hartwell.*Date of birth 2019-04-12/);
    assert.match(record.body, new RegExp(`href="/people/${ellieId}/access-log"`));

    const log = await browser.get(`/people/${ellieId}/access-log`);
    assert.equal(log.statusCode, 200);
    assert.match(textOf(log.body), /user:sam\.okafor@northshire\.example person\.viewed/);
  });

  it('Tom, a police officer with no involvement, gets the same "page not found" as for a record that does not exist', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('tom.fletcher');
    const hidden = await browser.get(`/people/${ellieId}`);
    const missing = await browser.get('/people/00000000-0000-4000-8000-000000000000');
    assert.equal(hidden.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    const strip = (body: string) => textOf(body).replace(/Reference for the service desk: \S+/, '');
    assert.equal(strip(hidden.body), strip(missing.body));
  });

  it('Hannah, the school’s safeguarding lead, can see Ellie but is not offered her access log', async () => {
    const browser = pageBrowser(app);
    await browser.signInAs('hannah.reid');
    const record = await browser.get(`/people/${ellieId}`);
    assert.equal(record.statusCode, 200);
    assert.doesNotMatch(record.body, /access-log/);
    assert.equal((await browser.get(`/people/${ellieId}/access-log`)).statusCode, 404);
  });

  it('a page that does not exist is a GOV.UK page, but an API path that does not exist stays problem+json', async () => {
    const page = await app.inject({ method: 'GET', url: '/no-such-page' });
    assert.equal(page.statusCode, 404);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const api = await app.inject({ method: 'GET', url: '/api/v2/anything' });
    assert.equal(api.statusCode, 404);
    assert.match(String(api.headers['content-type']), /application\/problem\+json/);
  });
});

describe('Guessing passwords', () => {
  it('is slowed down: after ten attempts a minute from one address, the next is refused with a GOV.UK page', async () => {
    const context = await createTestContext({ seed: false });
    const app = await createTestApp(context);
    try {
      const browser = pageBrowser(app);
      await browser.get('/sign-in');
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 11; attempt += 1) {
        statuses.push((await browser.post('/sign-in', { email: 'someone@northshire.example', password: `guess-${attempt}` })).statusCode);
      }
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
      assert.equal(statuses[10], 429);
    } finally {
      await app.close();
      await context.close();
    }
  });
});
