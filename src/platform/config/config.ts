import path from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode } from '../errors.ts';

/** Used only outside production, where it is announced at start; production refuses to run with it. */
export const DEVELOPMENT_SESSION_SECRET = 'whole-picture-development-only-secret-do-not-use';

const OidcConfig = z.object({
  issuer: z.url({ message: 'OIDC_ISSUER must be a URL' }),
  clientId: z.string().min(1, 'OIDC_CLIENT_ID is required when OIDC_ISSUER is set'),
  clientSecret: z.string().optional(),
  redirectUri: z.url({ message: 'OIDC_REDIRECT_URI must be a URL' }),
  /** Only for a local test issuer over http; never in production. */
  allowInsecureIssuer: z.boolean(),
});
export type OidcConfig = z.infer<typeof OidcConfig>;

const Config = z.object({
  environment: z.enum(['development', 'test', 'production']),
  port: z.number().int().min(1).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  databaseUrl: z.string().optional(),
  sessionSecret: z.string().min(32, 'SESSION_SECRET must be at least 32 characters'),
  publicUrl: z.string().optional(),
  oidc: OidcConfig.optional(),
  seedDemo: z.boolean(),
  runJobs: z.boolean(),
});
export type Config = z.infer<typeof Config>;

type Env = Record<string, string | undefined>;

/** The environment variable behind each setting, so a message names what to fix. */
const VARIABLE_NAMES: Record<string, string> = {
  environment: 'NODE_ENV',
  port: 'PORT',
  host: 'HOST',
  dataDir: 'DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  sessionSecret: 'SESSION_SECRET',
  publicUrl: 'PUBLIC_URL',
  oidc: 'OIDC settings',
  seedDemo: 'SEED_DEMO',
  runJobs: 'RUN_JOBS',
};

function parseIntegerVariable(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  // Digits only: Number() would also take " ", "0x1F90" and "1e3".
  if (!/^\d+$/.test(raw)) {
    throw new AppError(ErrorCode.CONFIGURATION, `${name} must be a whole number, but it is "${raw}"`);
  }
  return Number(raw);
}

function parseBooleanVariable(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) {
    return true;
  }
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) {
    return false;
  }
  throw new AppError(ErrorCode.CONFIGURATION, `${name} must be true or false, but it is "${raw}"`);
}

/**
 * Reads and validates configuration from the environment. Development gets working defaults;
 * production refuses anything insecure, so a misconfigured deployment fails at start, not later.
 */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnv)) {
    throw new AppError(ErrorCode.CONFIGURATION, `NODE_ENV must be development, test or production, but it is "${nodeEnv}"`);
  }
  const environment = nodeEnv as Config['environment'];
  const isProduction = environment === 'production';

  if (isProduction && !env.SESSION_SECRET) {
    throw new AppError(ErrorCode.CONFIGURATION, 'SESSION_SECRET is required when NODE_ENV=production');
  }
  if (isProduction && env.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET) {
    throw new AppError(ErrorCode.CONFIGURATION, 'SESSION_SECRET must not be the development default in production');
  }
  const seedDemo = parseBooleanVariable(env, 'SEED_DEMO', !isProduction);
  if (isProduction && seedDemo) {
    throw new AppError(ErrorCode.CONFIGURATION, 'SEED_DEMO cannot be used when NODE_ENV=production: demo users have published passwords');
  }

  const oidcIssuer = env.OIDC_ISSUER;
  const strayOidc = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'].filter((name) => env[name]);
  if (!oidcIssuer && strayOidc.length > 0) {
    // Without this a misspelt issuer variable would quietly fall back to password-only sign-in.
    throw new AppError(ErrorCode.CONFIGURATION, `${strayOidc.join(', ')} set without OIDC_ISSUER: set OIDC_ISSUER too, or remove them`);
  }
  const oidc = oidcIssuer
    ? {
        issuer: oidcIssuer,
        clientId: env.OIDC_CLIENT_ID ?? '',
        clientSecret: env.OIDC_CLIENT_SECRET || undefined,
        redirectUri: env.OIDC_REDIRECT_URI ?? '',
        allowInsecureIssuer: parseBooleanVariable(env, 'OIDC_ALLOW_INSECURE_ISSUER', false),
      }
    : undefined;
  if (isProduction && oidc?.allowInsecureIssuer) {
    throw new AppError(ErrorCode.CONFIGURATION, 'OIDC_ALLOW_INSECURE_ISSUER cannot be used when NODE_ENV=production');
  }

  const candidate = {
    environment,
    port: parseIntegerVariable(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    sessionSecret: env.SESSION_SECRET || DEVELOPMENT_SESSION_SECRET,
    publicUrl: env.PUBLIC_URL || undefined,
    oidc,
    seedDemo,
    runJobs: parseBooleanVariable(env, 'RUN_JOBS', true),
  };
  const parsed = Config.safeParse(candidate);
  if (!parsed.success) {
    const messages = parsed.error.issues
      .map((issue) => `${VARIABLE_NAMES[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`)
      .join('; ');
    throw new AppError(ErrorCode.CONFIGURATION, `Configuration is invalid: ${messages}`);
  }
  if (parsed.data.databaseUrl && !/^postgres(ql)?:\/\//.test(parsed.data.databaseUrl)) {
    throw new AppError(ErrorCode.CONFIGURATION, 'DATABASE_URL must start with postgres:// or postgresql://');
  }
  return parsed.data;
}

/** A config for tests and tools that never listen or read the environment. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    environment: 'test',
    port: 0,
    host: '127.0.0.1',
    dataDir: ':memory:',
    sessionSecret: DEVELOPMENT_SESSION_SECRET,
    seedDemo: false,
    runJobs: false,
    ...overrides,
  };
}
