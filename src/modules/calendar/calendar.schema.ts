import { z } from 'zod';
import { IsoDate } from '../../platform/validation.ts';

export const ClockSpec = z.object({
  unit: z.enum(['hours', 'working_days']),
  amount: z.number().int().min(0).max(400),
});
export type ClockSpec = z.infer<typeof ClockSpec>;

const hours = (amount: number): ClockSpec => ({ unit: 'hours', amount });
const workingDays = (amount: number): ClockSpec => ({ unit: 'working_days', amount });

/**
 * Every statutory and local clock the front door runs, with the partnership's values. The defaults
 * are the national values where there is one and the seeds' local examples where there is not
 * (statutory-rules §1a, §4; the South Gloucestershire BRAG table); each is a per-partnership setting.
 */
export const ClockSettings = z.object({
  /** 0: the day of the event is not counted (common practice); 1: it is day 1 (DfE validator). */
  countFrom: z.union([z.literal(0), z.literal(1)]),
  triage: z.object({ red: ClockSpec, amber: ClockSpec, green: ClockSpec }),
  referralDecision: ClockSpec,
  strategyChild: ClockSpec,
  strategyAdult: ClockSpec,
  childAndFamilyAssessment: ClockSpec,
  earlyHelpAssessment: ClockSpec,
  icpc: ClockSpec,
  /** Which strategy discussion the conference clock runs from when more than one was held. */
  icpcAnchor: z.enum(['initiating', 'last']),
  s42Decision: ClockSpec,
  s42Enquiry: ClockSpec,
  /** How far ahead a deadline counts as "due soon" in a work tray. */
  dueSoon: ClockSpec,
});
export type ClockSettings = z.infer<typeof ClockSettings>;

export const DEFAULT_CLOCKS: ClockSettings = {
  countFrom: 0,
  triage: { red: hours(4), amber: workingDays(1), green: workingDays(3) },
  referralDecision: workingDays(1),
  strategyChild: workingDays(1),
  strategyAdult: hours(24),
  childAndFamilyAssessment: workingDays(45),
  earlyHelpAssessment: workingDays(30),
  icpc: workingDays(15),
  icpcAnchor: 'initiating',
  s42Decision: workingDays(2),
  s42Enquiry: workingDays(28),
  dueSoon: workingDays(1),
};

/** A partial change to the clocks; what is not given keeps its value. */
export const ChangeClocksInput = ClockSettings.partial();
export type ChangeClocksInput = z.infer<typeof ChangeClocksInput>;

/** The gov.uk `bank-holidays.json` shape; only the England and Wales division is read. */
export const OfficialHolidayList = z.object({
  'england-and-wales': z.object({
    division: z.literal('england-and-wales'),
    events: z
      .array(z.object({ title: z.string().min(1).max(200), date: IsoDate, notes: z.string().optional(), bunting: z.boolean().optional() }))
      .min(1, 'The list has no England and Wales bank holidays'),
  }),
});
export type OfficialHolidayList = z.infer<typeof OfficialHolidayList>;

export const AddPartnershipDayInput = z.object({
  date: IsoDate,
  title: z.string().trim().min(1, 'Say what the day is').max(200),
});
export type AddPartnershipDayInput = z.infer<typeof AddPartnershipDayInput>;

export interface NonWorkingDay {
  date: string;
  title: string;
  source: 'official' | 'partnership';
}

export interface OfficialUpdateReport {
  years: number[];
  added: number;
  removed: number;
}
