import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { DEFAULT_TIME_ZONE } from './domain.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

const QUARTER_HOUR = 900_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/**
 * The zone's UTC offset (ms) at an instant. Every zone's offset is a multiple of 15 minutes and
 * changes only on a UTC quarter hour, so it is constant within a quarter hour and cached per one:
 * the till's hot path asks this for every bill (dayjs' tz plugin builds an Intl formatter each time).
 */
export function zoneOffsetMs(ms: number, tz: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const key = `${tz}|${quarter}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(tz, f);
  }
  const at = quarter * QUARTER_HOUR;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(at)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - at;
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

const msOf = (at: Date | string) => (typeof at === 'string' ? Date.parse(at) : at.getTime());
/** A Date whose UTC fields read as the local wall clock in `tz`. */
const wallClock = (ms: number, tz: string) => new Date(ms + zoneOffsetMs(ms, tz));
const ymd = (d: Date) =>
  `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;

/** The local calendar day (YYYY-MM-DD) of an instant in the chain's zone. */
export function businessDay(at: Date | string, tz: string = DEFAULT_TIME_ZONE): string {
  return ymd(wallClock(msOf(at), tz));
}

/** The UTC instant at which a local day starts (the first instant of it, across a DST jump too). */
export function startOfBusinessDay(day: string, tz: string = DEFAULT_TIME_ZONE): Date {
  const localMidnight = Date.parse(`${day}T00:00:00Z`);
  const guess = localMidnight - zoneOffsetMs(localMidnight, tz);
  const exact = localMidnight - zoneOffsetMs(guess, tz);
  if (exact + zoneOffsetMs(exact, tz) === localMidnight) return new Date(exact);
  // A midnight that does not exist (clocks jump forward at 00:00): the day starts at the jump,
  // the earliest candidate whose local day is already `day`.
  const other = localMidnight - zoneOffsetMs(exact, tz);
  const starts = [exact, other, guess].filter((x) => businessDay(new Date(x), tz) === day);
  return new Date(starts.length ? Math.min(...starts) : exact);
}

/** Local weekday (ISO, Monday = 1) and minutes since local midnight. */
export function localParts(
  at: Date | string,
  tz: string = DEFAULT_TIME_ZONE,
): { isoWeekday: number; minutes: number; date: string } {
  const d = wallClock(msOf(at), tz);
  const dow = d.getUTCDay();
  return {
    isoWeekday: dow === 0 ? 7 : dow,
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
    date: ymd(d),
  };
}

/** Local midnight `n` days after the local day of `at` (a coupon's "valid for N days"). */
export function midnightAfterDays(at: Date, n: number, tz: string = DEFAULT_TIME_ZONE): Date {
  return startOfBusinessDay(addBusinessDays(businessDay(at, tz), n), tz);
}

/** Adds calendar days to a local date (no 24 h arithmetic: DST-safe in any zone). */
export function addBusinessDays(day: string, n: number): string {
  return dayjs(`${day}T00:00:00Z`).utc().add(n, 'day').format('YYYY-MM-DD');
}
