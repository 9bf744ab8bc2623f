import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { DEMO_EMAIL_DOMAIN, seedDemoPartnership } from '../demo/northshire.ts';
import type { Actor } from '../platform/access/actor.ts';
import { createFixedClock } from '../platform/clock.ts';
import { type Config, testConfig } from '../platform/config/config.ts';
import type { DatabaseHandle } from '../platform/database/database.ts';
import { createServices, type Services } from '../services.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestContext {
  handle: DatabaseHandle;
  services: Services;
  clock: ReturnType<typeof createFixedClock>;
  /** The demo persona's actor, loaded fresh (so role changes are seen), by the part of the email before the @. */
  actor(name: string): Promise<Actor>;
  close(): Promise<void>;
}

/** A fresh database with the fictional Northshire partnership, on a clock the test controls. */
export async function createTestContext(options: { seed?: boolean; config?: Partial<Config> } = {}): Promise<TestContext> {
  const handle = await createTestDatabase();
  const clock = createFixedClock('2026-11-23T09:00:00Z');
  const services = createServices(handle.db, { ...testConfig(), ...options.config }, clock);
  if (options.seed !== false) {
    await seedDemoPartnership(services);
  }
  return {
    handle,
    services,
    clock,
    async actor(name: string) {
      const user = await services.agencies.findUserByEmail(`${name}@${DEMO_EMAIL_DOMAIN}`);
      const actor = user ? await services.agencies.loadActor(user.id) : undefined;
      if (!actor) {
        throw new Error(`No active demo user ${name}`);
      }
      return actor;
    },
    close: () => handle.close(),
  };
}

export interface TestApp extends FastifyInstance {
  tokenFor(name: string): Promise<string>;
  /** An API call as a demo persona, with their bearer token. */
  callAs(
    name: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
}

/** The whole app over a test context, plus a bearer token per persona for API calls. */
export async function createTestApp(context: TestContext): Promise<TestApp> {
  const app = await buildApp(context.services, { databaseKind: context.handle.kind });
  const tokens = new Map<string, string>();
  const tokenFor = async (name: string) => {
    const existing = tokens.get(name);
    if (existing) {
      return existing;
    }
    const actor = await context.actor(name);
    const { token } = await context.services.identity.createApiToken(actor, { userId: actor.userId as string, label: 'test' });
    tokens.set(name, token);
    return token;
  };
  return Object.assign(app, {
    tokenFor,
    async callAs(
      name: string,
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
      url: string,
      payload?: unknown,
    ): Promise<LightMyRequestResponse> {
      const authorization = `Bearer ${await tokenFor(name)}`;
      const response = await app.inject({
        method,
        url,
        headers: { authorization },
        ...(payload === undefined ? {} : { payload: payload as string }),
      });
      return response;
    },
  });
}
