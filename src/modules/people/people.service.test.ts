import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditChain } from '../../platform/audit-trail/verify-chain.ts';
import { HOUR_MS, MINUTE_MS } from '../../platform/clock.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';

function assertAppError(code: string) {
  return (error: unknown) => error instanceof AppError && error.code === code;
}

describe('Who can open a child’s record in Northshire', () => {
  let context: TestContext;
  let ellieId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    const people = await context.services.people.listPeople(sam);
    ellieId = people.find((person) => person.givenName === 'Ellie')?.id as string;
    assert.ok(ellieId, 'the demo seeds Ellie Hartwell, allocated to Sam');
  });
  after(() => context.close());

  it('Sam, Ellie’s allocated social worker, opens her record and the read is audited with its basis', async () => {
    const sam = await context.actor('sam.okafor');
    const ellie = await context.services.people.getPerson(sam, ellieId);
    assert.equal(ellie.familyName, 'Hartwell');
    const log = await context.services.people.getAccessLog(sam, ellieId);
    const view = log.find((entry) => entry.action === 'person.viewed' && entry.actorLabel === 'user:sam.okafor@northshire.example');
    assert.ok(view, 'Sam’s view is in the access log');
    assert.match(view.purpose ?? '', /allocated_worker/);
  });

  it('Hannah, the DSL at Ellie’s school, can see her because the school is recorded as involved', async () => {
    const hannah = await context.actor('hannah.reid');
    const ellie = await context.services.people.getPerson(hannah, ellieId);
    assert.equal(ellie.id, ellieId);
  });

  it('Tom, a police officer with no involvement, gets "not found" — and his attempt is audited as denied', async () => {
    const tom = await context.actor('tom.fletcher');
    await assert.rejects(context.services.people.getPerson(tom, ellieId), assertAppError(ErrorCode.NOT_FOUND));
    const sam = await context.actor('sam.okafor');
    const log = await context.services.people.getAccessLog(sam, ellieId);
    assert.ok(log.some((entry) => entry.actorLabel === 'user:tom.fletcher@northshire.example' && entry.outcome === 'denied'));
    assert.deepEqual(await context.services.people.listPeople(tom, { name: 'Hartwell' }), []);
  });

  it('a made-up id and a real but hidden record give exactly the same answer', async () => {
    const tom = await context.actor('tom.fletcher');
    const hidden = await context.services.people.getPerson(tom, ellieId).catch((error: AppError) => [error.code, error.message]);
    const missing = await context.services.people
      .getPerson(tom, '00000000-0000-4000-8000-000000000000')
      .catch((error: AppError) => [error.code, error.message]);
    assert.deepEqual(hidden, missing);
  });

  it('Oliver, the system administrator, and David, the scrutineer, never see case records', async () => {
    for (const name of ['oliver.grant', 'david.lowe', 'grace.mensah', 'ruth.adeyemi']) {
      const actor = await context.actor(name);
      await assert.rejects(context.services.people.getPerson(actor, ellieId), assertAppError(ErrorCode.NOT_FOUND), name);
      assert.deepEqual(await context.services.people.listPeople(actor), [], name);
    }
  });

  it('when the police are recorded as involved, Tom can see Ellie on his next request; when it ends, he cannot', async () => {
    const tom = await context.actor('tom.fletcher');
    const priya = await context.actor('priya.nair');
    const basis = await context.services.access.recordInvolvement(priya, {
      personId: ellieId,
      kind: 'allocated_worker',
      userId: tom.userId as string,
    });
    assert.equal((await context.services.people.getPerson(tom, ellieId)).id, ellieId);
    await context.services.access.endInvolvement(priya, basis.id);
    await assert.rejects(context.services.people.getPerson(tom, ellieId), assertAppError(ErrorCode.NOT_FOUND));
  });

  it('when Sam’s practitioner role is revoked, his next request is refused', async () => {
    const oliver = await context.actor('oliver.grant');
    const sam = await context.actor('sam.okafor');
    await context.services.agencies.revokeRole(oliver, sam.userId as string, 'practitioner');
    const samNow = await context.actor('sam.okafor');
    await assert.rejects(context.services.people.getPerson(samNow, ellieId), assertAppError(ErrorCode.NOT_FOUND));
    await context.services.agencies.assignRole(oliver, sam.userId as string, 'practitioner');
    assert.equal((await context.services.people.getPerson(await context.actor('sam.okafor'), ellieId)).id, ellieId);
  });

  it('two practitioners editing at once: the second, stale change is refused and nothing is overwritten', async () => {
    const sam = await context.actor('sam.okafor');
    const before = await context.services.people.getPerson(sam, ellieId);
    const updated = await context.services.people.updatePerson(sam, ellieId, before.version, { dateOfBirth: '2019-04-13' });
    assert.equal(updated.version, before.version + 1);
    await assert.rejects(
      context.services.people.updatePerson(sam, ellieId, before.version, { dateOfBirth: '2001-01-01' }),
      assertAppError(ErrorCode.STALE_VERSION),
    );
    await assert.rejects(
      context.services.people.updatePerson(sam, ellieId, undefined, { givenName: 'X' }),
      assertAppError(ErrorCode.VERSION_REQUIRED),
    );
    assert.equal((await context.services.people.getPerson(sam, ellieId)).dateOfBirth, '2019-04-13');
  });

  it('bad input is refused with field messages and nothing is written', async () => {
    const sam = await context.actor('sam.okafor');
    const before = (await context.services.people.listPeople(sam)).length;
    await assert.rejects(
      context.services.people.createPerson(sam, { givenName: '', familyName: 'Hartwell', dateOfBirth: '2019-02-30' }),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === ErrorCode.VALIDATION &&
        error.fields.some((field) => field.field === 'givenName') &&
        error.fields.some((field) => field.field === 'dateOfBirth' && field.message === 'Enter a real date'),
    );
    assert.equal((await context.services.people.listPeople(sam)).length, before);
  });

  it('the audit chain is intact after all of the above', async () => {
    const result = await verifyAuditChain(context.handle.db);
    assert.equal(result.ok, true, JSON.stringify(result.firstBad));
    assert.ok(result.checked > 50);
  });
});

describe('A restricted record: Jayden’s record is restricted because his mother works in the team', () => {
  let context: TestContext;
  let jaydenId: string;

  before(async () => {
    context = await createTestContext();
    const sam = await context.actor('sam.okafor');
    jaydenId = (await context.services.people.listPeople(sam, { name: 'Jayden' }))[0]?.id as string;
    await context.services.people.restrictPerson(await context.actor('priya.nair'), jaydenId, {
      reason: 'Parent is a member of staff in this team',
    });
  });
  after(() => context.close());

  it('Priya, who restricted it, and Sam, the allocated worker, keep access; the school and team access no longer count', async () => {
    assert.equal((await context.services.people.getPerson(await context.actor('priya.nair'), jaydenId)).isRestricted, true);
    assert.equal((await context.services.people.getPerson(await context.actor('sam.okafor'), jaydenId)).id, jaydenId);
    await assert.rejects(
      context.services.people.getPerson(await context.actor('hannah.reid'), jaydenId),
      assertAppError(ErrorCode.NOT_FOUND),
    );
  });

  it('Hannah can be let in only by an explicit grant', async () => {
    const hannah = await context.actor('hannah.reid');
    await context.services.access.grantRestrictedAccess(await context.actor('priya.nair'), {
      personId: jaydenId,
      userId: hannah.userId as string,
      reason: 'DSL needs to see the plan for school',
    });
    assert.equal((await context.services.people.getPerson(hannah, jaydenId)).id, jaydenId);
  });

  it('break-glass does not open a restricted record', async () => {
    await assert.rejects(
      context.services.access.startBreakGlass(await context.actor('marcus.bell'), {
        personId: jaydenId,
        reasonCode: 'immediate_risk_to_life',
        reasonText: 'Police report a child at immediate risk tonight',
      }),
      assertAppError(ErrorCode.NOT_FOUND),
    );
  });
});

describe('Break-glass: Marcus in the MASH needs Mason’s record out of hours', () => {
  let context: TestContext;
  let masonId: string;
  let rubyId: string;

  before(async () => {
    context = await createTestContext();
    const aisha = await context.actor('aisha.rahman');
    masonId = (await context.services.people.listPeople(aisha, { name: 'Mason' }))[0]?.id as string;
    rubyId = (await context.services.people.createPerson(aisha, { givenName: 'Ruby', familyName: 'Pryor', dateOfBirth: '2022-01-15' })).id;
  });
  after(() => context.close());

  it('needs a reason from the list and an explanation of at least 20 characters', async () => {
    const marcus = await context.actor('marcus.bell');
    await assert.rejects(
      context.services.access.startBreakGlass(marcus, { personId: masonId, reasonCode: 'immediate_risk_to_life', reasonText: 'urgent' }),
      (error: unknown) => error instanceof AppError && error.code === ErrorCode.VALIDATION && error.fields[0]?.field === 'reasonText',
    );
    await assert.rejects(
      context.services.access.startBreakGlass(marcus, {
        personId: masonId,
        reasonCode: 'because' as 'immediate_risk_to_life',
        reasonText: 'a long enough explanation here',
      }),
      assertAppError(ErrorCode.VALIDATION),
    );
  });

  it('Sam, a practitioner, is not allowed to break glass at all', async () => {
    await assert.rejects(
      context.services.access.startBreakGlass(await context.actor('sam.okafor'), {
        personId: masonId,
        reasonCode: 'out_of_hours_emergency',
        reasonText: 'Need to check the baby’s record now',
      }),
      assertAppError(ErrorCode.FORBIDDEN),
    );
  });

  it('opens Mason’s record — only his — for an hour, and alerts the privacy officer at once', async () => {
    const marcus = await context.actor('marcus.bell');
    await assert.rejects(context.services.people.getPerson(marcus, masonId), assertAppError(ErrorCode.NOT_FOUND));
    const grant = await context.services.access.startBreakGlass(marcus, {
      personId: masonId,
      reasonCode: 'out_of_hours_emergency',
      reasonText: 'Hospital reports an unexplained injury to a baby at 23:40',
    });
    assert.equal(grant.expiresAt.getTime() - grant.startedAt.getTime(), 60 * MINUTE_MS);
    assert.equal((await context.services.people.getPerson(marcus, masonId)).id, masonId);
    await assert.rejects(context.services.people.getPerson(marcus, rubyId), assertAppError(ErrorCode.NOT_FOUND), 'one subject only');

    const ruth = await context.actor('ruth.adeyemi');
    const { listNotifications } = await import('../../platform/notifications/notifications.ts');
    const alerts = await listNotifications(context.handle.db, ruth.userId as string);
    assert.ok(alerts.some((alert) => alert.kind === 'break-glass.started' && alert.referenceId === grant.id));

    context.clock.advance(HOUR_MS + 1);
    await assert.rejects(context.services.people.getPerson(marcus, masonId), assertAppError(ErrorCode.NOT_FOUND), 'expired after an hour');
  });

  it('Ruth reviews it; Marcus cannot review his own, and nobody can review twice', async () => {
    const ruth = await context.actor('ruth.adeyemi');
    const [pending] = await context.services.access.listBreakGlassAwaitingReview(ruth);
    assert.ok(pending);
    const oliver = await context.actor('oliver.grant');
    await assert.rejects(context.services.access.listBreakGlassAwaitingReview(oliver), assertAppError(ErrorCode.FORBIDDEN));
    await context.services.access.reviewBreakGlass(ruth, pending.id, { outcome: 'justified', note: 'Appropriate out-of-hours check' });
    await assert.rejects(
      context.services.access.reviewBreakGlass(ruth, pending.id, { outcome: 'justified' }),
      assertAppError(ErrorCode.CONFLICT),
    );
    assert.deepEqual(await context.services.access.listBreakGlassAwaitingReview(ruth), []);
  });

  it('a privacy officer who uses break-glass cannot review their own use', async () => {
    const oliver = await context.actor('oliver.grant');
    const ruth = await context.actor('ruth.adeyemi');
    await context.services.agencies.assignRole(oliver, ruth.userId as string, 'mash_officer');
    const ruthNow = await context.actor('ruth.adeyemi');
    const grant = await context.services.access.startBreakGlass(ruthNow, {
      personId: masonId,
      reasonCode: 'referral_in_progress',
      reasonText: 'Checking history while a referral is taken',
    });
    await assert.rejects(
      context.services.access.reviewBreakGlass(ruthNow, grant.id, { outcome: 'justified' }),
      assertAppError(ErrorCode.FORBIDDEN),
    );
  });
});
