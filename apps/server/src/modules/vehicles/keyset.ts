export { decodeTimeCursor as timeCursor } from '../../platform/paging.ts';

/** The first instant of a calendar day in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function shanghaiDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

export function shanghaiDayEnd(date: string): Date {
  return new Date(shanghaiDayStart(date).getTime() + 24 * 60 * 60 * 1000);
}
