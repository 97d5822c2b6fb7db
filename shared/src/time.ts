import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { DEFAULT_TIME_ZONE } from './domain.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

/** The local calendar day (YYYY-MM-DD) of an instant in the chain's zone. */
export function businessDay(at: Date | string, tz: string = DEFAULT_TIME_ZONE): string {
  return dayjs(at).tz(tz).format('YYYY-MM-DD');
}

/** The UTC instant at which a local day starts. */
export function startOfBusinessDay(day: string, tz: string = DEFAULT_TIME_ZONE): Date {
  return dayjs.tz(`${day} 00:00:00`, tz).toDate();
}

/** Local weekday (ISO, Monday = 1) and minutes since local midnight. */
export function localParts(
  at: Date | string,
  tz: string = DEFAULT_TIME_ZONE,
): { isoWeekday: number; minutes: number; date: string } {
  const d = dayjs(at).tz(tz);
  const dow = d.day();
  return {
    isoWeekday: dow === 0 ? 7 : dow,
    minutes: d.hour() * 60 + d.minute(),
    date: d.format('YYYY-MM-DD'),
  };
}

/** Adds calendar days to a local date (no 24 h arithmetic: DST-safe in any zone). */
export function addBusinessDays(day: string, n: number): string {
  return dayjs(`${day}T00:00:00Z`).utc().add(n, 'day').format('YYYY-MM-DD');
}
