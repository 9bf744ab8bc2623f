/**
 * The working-day calendar every clock in the product runs on (England and Wales bank holidays,
 * updatable from gov.uk's list, plus the partnership's own days) and the partnership's clock settings.
 */
export { canConfigureCalendar } from './calendar.policy.ts';
export { calendarRoutes } from './calendar.routes.ts';
export { ClockSettings, ClockSpec, DEFAULT_CLOCKS, type NonWorkingDay, type OfficialUpdateReport } from './calendar.schema.ts';
export { type CalendarService, createCalendarService, shippedHolidayList } from './calendar.service.ts';
export { type CountFrom, describeClock, endOfUkDay, WorkingCalendar } from './working-days.ts';
