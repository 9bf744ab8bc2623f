import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { canMove, requireDecisionRoute, requireMove, requireNextRoute } from './referrals.workflow.ts';

function refusedWith(message: RegExp) {
  return (error: unknown) => error instanceof AppError && error.code === ErrorCode.INVALID_TRANSITION && message.test(error.message);
}

describe('The referral workflow: no route skips a step', () => {
  it('a child referral is rated before it is decided; an adult concern may be decided without a rating', () => {
    assert.throws(() => requireMove('child', 'received', 'decided'), refusedWith(/Rate the referral/));
    assert.equal(canMove('child', 'rated', 'decided'), true);
    assert.equal(canMove('adult', 'received', 'decided'), true);
  });

  it('a draft must be submitted, and a decided referral is not decided twice', () => {
    assert.throws(() => requireMove('child', 'draft', 'rated'), refusedWith(/Submit the referral/));
    assert.throws(() => requireMove('adult', 'decided', 'decided'), refusedWith(/already been decided/));
  });

  it('section 47 is never a first decision, and follows only a strategy discussion', () => {
    assert.throws(() => requireDecisionRoute('child', 'section_47'), refusedWith(/only start from a strategy discussion/));
    assert.throws(() => requireNextRoute('child', 'child_and_family_assessment', 'section_47'), refusedWith(/strategy discussion/));
    assert.doesNotThrow(() => requireNextRoute('child', 'strategy_discussion', 'section_47'));
  });

  it('children and adults have their own routes', () => {
    assert.throws(() => requireDecisionRoute('child', 's42_decision'), refusedWith(/not a route for a child/));
    assert.throws(() => requireDecisionRoute('adult', 'early_help_assessment'), refusedWith(/not a route for an adult/));
    assert.throws(() => requireNextRoute('adult', 'strategy_discussion', 'section_47'), refusedWith(/strategy discussion/));
    assert.doesNotThrow(() => requireNextRoute('adult', 's42_decision', 's42_enquiry'));
  });
});
