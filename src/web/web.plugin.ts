import path from 'node:path';
import { fileURLToPath } from 'node:url';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import type { Services } from '../services.ts';
import { chronologyPageRoutes } from './journeys/chronology/chronology.routes.ts';
import { duplicatesPageRoutes } from './journeys/duplicates/duplicates.routes.ts';
import { familyPageRoutes } from './journeys/family/family.routes.ts';
import { frontDoorPageRoutes } from './journeys/front-door/front-door.routes.ts';
import { homeRoutes } from './journeys/home/home.routes.ts';
import { mashPages } from './journeys/mash/mash.routes.ts';
import { peopleRoutes } from './journeys/people/people.routes.ts';
import { signInRoutes } from './journeys/sign-in/sign-in.routes.ts';
import { strategyPageRoutes } from './journeys/strategy/strategy.routes.ts';
import { workPageRoutes } from './journeys/work/work.routes.ts';
import { cookieIsSecure } from './web-context.ts';
import { renderNotFound, webErrorHandler } from './web-errors.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const govukDist = path.resolve(here, '../../node_modules/govuk-frontend/dist');
// Only these files are served from the GOV.UK Frontend package folder; its Sass and templates stay private.
const STATIC_FILES = new Set(['govuk-frontend.min.css', 'govuk-frontend.min.js', 'app.mjs', 'app.css']);

/** Server-rendered GOV.UK Frontend pages, organised by user journey (see journeys/). */
export async function registerWeb(app: FastifyInstance, services: Services): Promise<void> {
  // Pages are not part of the API, so they stay out of its OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(fastifyStatic, { root: path.join(govukDist, 'govuk/assets'), prefix: '/assets/', maxAge: '1d' });
  await app.register(fastifyStatic, {
    root: [path.join(here, 'public'), path.join(govukDist, 'govuk')],
    prefix: '/static/',
    decorateReply: false,
    allowedPath: (pathName) => STATIC_FILES.has(pathName.replace(/^\//, '')),
  });

  await app.register(view, {
    engine: { nunjucks },
    templates: [path.join(here, 'views'), path.join(here, 'journeys'), govukDist],
    production: services.config.environment === 'production',
    options: { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  });

  await app.register(csrf, {
    cookieKey: 'wp_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieIsSecure(services.config), signed: true },
  });
  await app.register(rateLimit, { global: false });

  app.setErrorHandler(webErrorHandler);
  app.setNotFoundHandler(renderNotFound);

  await app.register(async (scope) => signInRoutes(scope, services));
  await app.register(async (scope) => homeRoutes(scope, services));
  await app.register(async (scope) => peopleRoutes(scope, services));
  await app.register(async (scope) => familyPageRoutes(scope, services));
  await app.register(async (scope) => chronologyPageRoutes(scope, services));
  await app.register(async (scope) => frontDoorPageRoutes(scope, services));
  await app.register(async (scope) => workPageRoutes(scope, services));
  await app.register(async (scope) => strategyPageRoutes(scope, services));
  await app.register(async (scope) => mashPages(scope, services));
  await app.register(async (scope) => duplicatesPageRoutes(scope, services));
}
