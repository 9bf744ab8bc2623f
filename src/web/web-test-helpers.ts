import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from '../demo/northshire.ts';

/** A browser for in-process page tests: it keeps cookies between requests and reads forms' CSRF tokens. */
export interface PageBrowser {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, form: Record<string, string>, options?: { withCsrf?: boolean }): Promise<LightMyRequestResponse>;
  signInAs(name: string): Promise<LightMyRequestResponse>;
  cookie(name: string): string | undefined;
}

export function pageBrowser(app: FastifyInstance): PageBrowser {
  const jar = new Map<string, string>();
  let lastCsrf: string | undefined;

  const remember = (response: LightMyRequestResponse) => {
    for (const cookie of response.cookies) {
      if (
        cookie.value === '' ||
        (cookie.maxAge !== undefined && cookie.maxAge <= 0) ||
        (cookie.expires && cookie.expires.getTime() < Date.now())
      ) {
        jar.delete(cookie.name);
      } else {
        jar.set(cookie.name, cookie.value);
      }
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) {
      lastCsrf = token;
    }
    return response;
  };
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

  const browser: PageBrowser = {
    async get(url) {
      return remember(await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader() } }));
    },
    async post(url, form, options = {}) {
      const body = new URLSearchParams(options.withCsrf === false ? form : { _csrf: lastCsrf ?? '', ...form }).toString();
      return remember(
        await app.inject({
          method: 'POST',
          url,
          headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
          body,
        }),
      );
    },
    async signInAs(name) {
      await browser.get('/sign-in');
      return browser.post('/sign-in', { email: `${name}@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD });
    },
    cookie: (name) => jar.get(name),
  };
  return browser;
}

/** The visible text of a page, without tags, for asserting what a user would read. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
