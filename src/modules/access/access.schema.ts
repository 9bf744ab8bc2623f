import { z } from 'zod';

/** Legitimate relationships that open a person's records (never merely being signed in). */
export const ACCESS_BASIS_KINDS = [
  'allocated_worker',
  'allocated_team',
  'agency_involved',
  'meeting_member',
  'sharing_decision',
  'restricted_grant',
] as const;
export type AccessBasisKind = (typeof ACCESS_BASIS_KINDS)[number];

export const ACCESS_BASIS_LABELS = {
  allocated_worker: 'Allocated worker',
  allocated_team: 'Allocated team',
  agency_involved: 'Agency involved',
  meeting_member: 'Member of a meeting or panel about them',
  sharing_decision: 'Information shared by decision',
  restricted_grant: 'Explicit grant to a restricted record',
} as const satisfies Record<AccessBasisKind, string>;

export const BREAK_GLASS_REASONS = [
  'immediate_risk_to_life',
  'out_of_hours_emergency',
  'referral_in_progress',
  'urgent_police_or_court_request',
] as const;
export type BreakGlassReason = (typeof BREAK_GLASS_REASONS)[number];

export const BREAK_GLASS_REASON_LABELS = {
  immediate_risk_to_life: 'Immediate risk to life or of serious harm',
  out_of_hours_emergency: 'Out-of-hours emergency',
  referral_in_progress: 'A referral is being made now',
  urgent_police_or_court_request: 'Urgent police or court request',
} as const satisfies Record<BreakGlassReason, string>;

/** The longest a break-glass grant lasts; it is never silently renewed. */
export const BREAK_GLASS_MINUTES = 60;

export const RecordInvolvementInput = z
  .object({
    personId: z.uuid({ message: 'Enter a valid person id' }),
    kind: z.enum(['allocated_worker', 'allocated_team', 'agency_involved', 'meeting_member', 'sharing_decision'], {
      message: 'Select the kind of involvement',
    }),
    userId: z.uuid().optional(),
    teamId: z.uuid().optional(),
    agencyId: z.uuid().optional(),
    reason: z.string().trim().max(2000).optional(),
    sourceType: z.string().max(100).optional(),
    sourceId: z.string().max(200).optional(),
  })
  .superRefine((input, ctx) => {
    const needs = { allocated_worker: 'userId', meeting_member: 'userId', allocated_team: 'teamId', agency_involved: 'agencyId' } as const;
    if (input.kind === 'sharing_decision') {
      if (!input.userId && !input.teamId && !input.agencyId) {
        ctx.addIssue({ code: 'custom', path: ['agencyId'], message: 'Say who the information is shared with' });
      }
      if (!input.reason) {
        ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter the lawful basis and purpose for sharing' });
      }
      return;
    }
    const field = needs[input.kind];
    if (!input[field]) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `Enter the ${field === 'userId' ? 'worker' : field === 'teamId' ? 'team' : 'agency'}`,
      });
    }
  });
export type RecordInvolvementInput = z.input<typeof RecordInvolvementInput>;

export const StartBreakGlassInput = z.object({
  personId: z.uuid({ message: 'Enter a valid person id' }),
  reasonCode: z.enum(BREAK_GLASS_REASONS, { message: 'Select the reason you need emergency access' }),
  reasonText: z.string().trim().min(20, 'Explain in at least 20 characters why you need emergency access').max(2000),
});
export type StartBreakGlassInput = z.input<typeof StartBreakGlassInput>;

export const ReviewBreakGlassInput = z.object({
  outcome: z.enum(['justified', 'not_justified'], { message: 'Select whether the access was justified' }),
  note: z.string().trim().max(2000).optional(),
});
export type ReviewBreakGlassInput = z.input<typeof ReviewBreakGlassInput>;

export interface BreakGlassGrant {
  id: string;
  userId: string;
  personId: string;
  reasonCode: string;
  startedAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  reviewedBy: string | null;
  reviewOutcome: string | null;
}

export interface AccessBasis {
  id: string;
  personId: string;
  kind: AccessBasisKind;
  userId: string | null;
  teamId: string | null;
  agencyId: string | null;
  startsAt: Date;
  endsAt: Date | null;
}
