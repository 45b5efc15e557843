export { schedulingRoutes } from './routes.ts';
export { startNoShowSweeper, sweepNoShows } from './sweep-no-shows.ts';
export { generateSlots } from './slot-calendar.ts';
export { bookingRefusal } from './booking-rules.ts';
export { dateTimeText, formatInZone, localDateOf, PLATFORM_TIME_ZONE, startOfLocalDay } from './time-zone.ts';
export { appointmentStatusEvent, liveStatusLiterals, publishStatus, recordChange as recordAppointmentChange, loadOwnAppointmentForUpdate, loadTerminalAppointmentForUpdate } from './appointment-records.ts';
export { bookingCalendar } from './slots.ts';
export { listTerminals } from './terminals.ts';
