import { AppError, ErrorCode } from '../../platform/errors.ts';

/**
 * The referral's life as data, so a route that skips a step is refused in one place. Children are
 * rated before anyone decides; an adult concern may go straight to a decision (adult safeguarding has
 * no BRAG rating). Information gathering is entered when the first request goes to a MASH partner.
 */
export const REFERRAL_STATUSES = ['draft', 'received', 'rated', 'information_gathering', 'decided'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_KINDS = ['child', 'adult'] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];

export const STATUS_TRANSITIONS: Record<ReferralKind, Record<ReferralStatus, readonly ReferralStatus[]>> = {
  child: {
    draft: ['received'],
    received: ['rated'],
    // Re-rating keeps the status: a rated referral may be rated again until it is decided.
    rated: ['rated', 'information_gathering', 'decided'],
    information_gathering: ['information_gathering', 'decided'],
    decided: [],
  },
  adult: {
    draft: ['received'],
    received: ['rated', 'information_gathering', 'decided'],
    rated: ['rated', 'information_gathering', 'decided'],
    information_gathering: ['information_gathering', 'decided'],
    decided: [],
  },
};

export const ROUTES = [
  'no_further_action',
  'advice',
  'signposting',
  'early_help_assessment',
  'child_and_family_assessment',
  'strategy_discussion',
  's42_decision',
  'section_47',
  's42_enquiry',
] as const;
export type Route = (typeof ROUTES)[number];

/** The routes a decision on a referral may take, by kind. Section 47 and s42 enquiries are never a first decision. */
export const DECISION_ROUTES: Record<ReferralKind, readonly Route[]> = {
  child: ['no_further_action', 'advice', 'signposting', 'early_help_assessment', 'child_and_family_assessment', 'strategy_discussion'],
  adult: ['no_further_action', 'advice', 'signposting', 'strategy_discussion', 's42_decision'],
};

/**
 * Where a decided referral may go next. A section 47 enquiry starts only from a strategy discussion; an
 * s42 enquiry from a strategy discussion or an s42 decision whose three tests were all met (checked by the service).
 */
export const ROUTE_TRANSITIONS: Record<Route, readonly Route[]> = {
  no_further_action: [],
  advice: [],
  signposting: [],
  early_help_assessment: [],
  child_and_family_assessment: ['strategy_discussion'],
  strategy_discussion: ['section_47', 's42_enquiry', 'child_and_family_assessment', 'no_further_action'],
  s42_decision: ['s42_enquiry', 'strategy_discussion', 'no_further_action', 'advice', 'signposting'],
  section_47: [],
  s42_enquiry: [],
};

/** Routes only for one kind of referral, so a child cannot be sent to an s42 enquiry or an adult to section 47. */
const CHILD_ONLY: readonly Route[] = ['early_help_assessment', 'child_and_family_assessment', 'section_47'];
const ADULT_ONLY: readonly Route[] = ['s42_decision', 's42_enquiry'];

export const ROUTE_LABELS = {
  no_further_action: 'No further action',
  advice: 'Advice',
  signposting: 'Signposting to universal services',
  early_help_assessment: 'Early help assessment',
  child_and_family_assessment: 'Child and family assessment',
  strategy_discussion: 'Strategy discussion',
  s42_decision: 'Section 42 decision',
  section_47: 'Section 47 enquiry',
  s42_enquiry: 'Section 42 enquiry',
} as const satisfies Record<Route, string>;

export const STATUS_LABELS = {
  draft: 'Draft',
  received: 'Received',
  rated: 'Rated',
  information_gathering: 'Gathering information',
  decided: 'Decided',
} as const satisfies Record<ReferralStatus, string>;

export function canMove(kind: ReferralKind, from: ReferralStatus, to: ReferralStatus): boolean {
  return STATUS_TRANSITIONS[kind][from].includes(to);
}

/** Throws INVALID_TRANSITION with a message saying which step is missing. */
export function requireMove(kind: ReferralKind, from: ReferralStatus, to: ReferralStatus): void {
  if (canMove(kind, from, to)) {
    return;
  }
  if (kind === 'child' && from === 'received' && to === 'decided') {
    throw new AppError(ErrorCode.INVALID_TRANSITION, 'Rate the referral (red, amber or green) before deciding on it');
  }
  if (from === 'draft') {
    throw new AppError(ErrorCode.INVALID_TRANSITION, 'Submit the referral before acting on it');
  }
  if (from === 'decided') {
    throw new AppError(ErrorCode.INVALID_TRANSITION, 'This referral has already been decided');
  }
  throw new AppError(
    ErrorCode.INVALID_TRANSITION,
    `A referral that is ${STATUS_LABELS[from].toLowerCase()} cannot be moved to ${STATUS_LABELS[to].toLowerCase()}`,
  );
}

function routeFitsKind(kind: ReferralKind, route: Route): boolean {
  return kind === 'child' ? !ADULT_ONLY.includes(route) : !CHILD_ONLY.includes(route);
}

/** The first route, chosen by the decision. */
export function requireDecisionRoute(kind: ReferralKind, route: Route): void {
  if (DECISION_ROUTES[kind].includes(route)) {
    return;
  }
  if (route === 'section_47') {
    throw new AppError(ErrorCode.INVALID_TRANSITION, 'A section 47 enquiry can only start from a strategy discussion');
  }
  if (route === 's42_enquiry') {
    throw new AppError(ErrorCode.INVALID_TRANSITION, 'A section 42 enquiry needs a section 42 decision or a strategy discussion first');
  }
  throw new AppError(
    ErrorCode.INVALID_TRANSITION,
    `${ROUTE_LABELS[route]} is not a route for ${kind === 'child' ? 'a child' : 'an adult'}`,
  );
}

/** A later step from the current route (strategy → section 47, s42 decision → enquiry). */
export function requireNextRoute(kind: ReferralKind, current: Route | null, next: Route): void {
  if (current === null) {
    throw new AppError(ErrorCode.INVALID_TRANSITION, 'Decide on the referral before taking a further step');
  }
  if (ROUTE_TRANSITIONS[current].includes(next) && routeFitsKind(kind, next)) {
    return;
  }
  if (next === 'section_47') {
    throw new AppError(ErrorCode.INVALID_TRANSITION, 'A section 47 enquiry can only start from a strategy discussion');
  }
  throw new AppError(ErrorCode.INVALID_TRANSITION, `${ROUTE_LABELS[next]} cannot follow ${ROUTE_LABELS[current].toLowerCase()}`);
}
