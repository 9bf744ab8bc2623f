import assert from 'node:assert/strict';

import path from 'node:path';
import { describe, it } from 'node:test';
import { AppError, ErrorCode } from '../errors.ts';
import { DEVELOPMENT_SESSION_SECRET, loadConfig } from './config.ts';

/** Refused at start with a configuration error whose message matches. */
function refusedWith(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, ErrorCode.CONFIGURATION);
    assert.match(error.message, pattern);
    return true;
  };
}

const PRODUCTION_SECRET = 'northshire-production-secret-0123456789abcdef';
const production = { NODE_ENV: 'production', SESSION_SECRET: PRODUCTION_SECRET };

describe('Configuration: Oliver, Northshire’s system administrator, starts Whole Picture', () => {
  it('on his laptop with no settings at all, it starts on port 3000 with ./data and the demo partnership', () => {
    const config = loadConfig({});
    assert.equal(config.environment, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.ok(path.isAbsolute(config.dataDir), 'the data folder is resolved, so a later chdir cannot move it');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.seedDemo, true);
    assert.equal(config.runJobs, true);
    assert.equal(config.sessionSecret, DEVELOPMENT_SESSION_SECRET);
    assert.equal(config.oidc, undefined);
  });

  it('honours PORT, HOST, DATA_DIR, DATABASE_URL, SEED_DEMO and RUN_JOBS', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: 'var/wholepicture',
      DATABASE_URL: 'postgres://wholepicture@db.northshire.example:5432/wholepicture',
      SEED_DEMO: 'no',
      RUN_JOBS: 'false',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.dataDir, path.resolve('var/wholepicture'));
    assert.equal(config.databaseUrl, 'postgres://wholepicture@db.northshire.example:5432/wholepicture');
    assert.equal(config.seedDemo, false);
    assert.equal(config.runJobs, false);
    assert.equal(loadConfig({ DATABASE_URL: 'postgresql://localhost/wp' }).databaseUrl, 'postgresql://localhost/wp');
  });

  it('a PORT that is not a number is refused with a message naming the variable and the value', () => {
    assert.throws(() => loadConfig({ PORT: 'abc' }), refusedWith(/PORT must be a whole number, but it is "abc"/));
    assert.throws(() => loadConfig({ PORT: '70000' }), refusedWith(/PORT: /));
    for (const notDecimal of [' ', '0x1F90', '1e3', '80.0']) {
      assert.throws(() => loadConfig({ PORT: notDecimal }), refusedWith(/PORT must be a whole number/));
    }
  });

  it('a DATABASE_URL that is not a PostgreSQL URL is refused', () => {
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://localhost/wp' }), refusedWith(/DATABASE_URL must start with postgres:\/\//));
  });

  it('a yes/no setting that is neither is refused rather than guessed', () => {
    assert.throws(() => loadConfig({ SEED_DEMO: 'maybe' }), refusedWith(/SEED_DEMO must be true or false, but it is "maybe"/));
  });

  it('an unknown NODE_ENV is refused', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'staging' }), refusedWith(/NODE_ENV must be development, test or production/));
  });

  it('in production, a proper secret and no demo data start cleanly', () => {
    const config = loadConfig(production);
    assert.equal(config.environment, 'production');
    assert.equal(config.seedDemo, false, 'production never seeds the demo by default');
    assert.equal(config.sessionSecret, PRODUCTION_SECRET);
  });

  it('production without SESSION_SECRET is refused', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), refusedWith(/SESSION_SECRET is required when NODE_ENV=production/));
  });

  it('production with the published development secret is refused', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: DEVELOPMENT_SESSION_SECRET }),
      refusedWith(/SESSION_SECRET must not be the development default/),
    );
  });

  it('a SESSION_SECRET shorter than 32 characters is refused', () => {
    assert.throws(() => loadConfig({ ...production, SESSION_SECRET: 'short' }), refusedWith(/at least 32 characters/));
  });

  it('SEED_DEMO in production is refused, because the demo users have published passwords', () => {
    assert.throws(() => loadConfig({ ...production, SEED_DEMO: 'true' }), refusedWith(/SEED_DEMO cannot be used when NODE_ENV=production/));
  });

  it('single sign-on with only some of its settings is refused, saying which is missing', () => {
    assert.throws(
      () => loadConfig({ OIDC_ISSUER: 'https://login.northshire.example' }),
      refusedWith(/OIDC_CLIENT_ID is required when OIDC_ISSUER is set/),
    );
    assert.throws(
      () => loadConfig({ OIDC_ISSUER: 'https://login.northshire.example', OIDC_CLIENT_ID: 'whole-picture' }),
      refusedWith(/OIDC_REDIRECT_URI must be a URL/),
    );
    assert.throws(
      () =>
        loadConfig({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'whole-picture', OIDC_REDIRECT_URI: 'https://wp.northshire.example/cb' }),
      refusedWith(/OIDC_ISSUER must be a URL/),
    );
  });

  it('single sign-on settings without an issuer are refused, so a misspelt OIDC_ISSUER cannot silently mean passwords only', () => {
    assert.throws(
      () => loadConfig({ OIDC_ISUER: 'https://login.northshire.example', OIDC_CLIENT_ID: 'whole-picture' }),
      refusedWith(/OIDC_CLIENT_ID set without OIDC_ISSUER/),
    );
  });

  it('single sign-on with all its settings is accepted; an insecure issuer is allowed only outside production', () => {
    const settings = {
      OIDC_ISSUER: 'https://login.northshire.example',
      OIDC_CLIENT_ID: 'whole-picture',
      OIDC_CLIENT_SECRET: 'client-secret',
      OIDC_REDIRECT_URI: 'https://wp.northshire.example/sign-in/callback',
    };
    assert.deepEqual(loadConfig(settings).oidc, {
      issuer: 'https://login.northshire.example',
      clientId: 'whole-picture',
      clientSecret: 'client-secret',
      redirectUri: 'https://wp.northshire.example/sign-in/callback',
      allowInsecureIssuer: false,
    });
    assert.equal(loadConfig({ ...settings, OIDC_ALLOW_INSECURE_ISSUER: 'true' }).oidc?.allowInsecureIssuer, true);
    assert.throws(
      () => loadConfig({ ...production, ...settings, OIDC_ALLOW_INSECURE_ISSUER: 'true' }),
      refusedWith(/OIDC_ALLOW_INSECURE_ISSUER cannot be used when NODE_ENV=production/),
    );
  });
});
