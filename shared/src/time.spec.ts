import { dayjs, businessDay, localParts, midnightAfterDays, startOfBusinessDay, zoneOffsetMs } from './time';

// Zones with and without DST, half- and quarter-hour offsets, and one that jumps at midnight.
const ZONES = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/Santiago',
];

describe('time helpers agree with dayjs in every zone (the fast path caches offsets per quarter hour)', () => {
  // 4,000 instants over three years, including DST changes, at minute precision and odd seconds.
  const instants = Array.from(
    { length: 4000 },
    (_, i) => Date.UTC(2025, 0, 1) + i * 23_987_654 + (i % 60) * 1000,
  );

  it.each(ZONES)('%s: day, weekday and minutes of the local wall clock', (tz) => {
    for (const ms of instants) {
      const d = dayjs(ms).tz(tz);
      const dow = d.day();
      expect([ms, businessDay(new Date(ms), tz)]).toEqual([ms, d.format('YYYY-MM-DD')]);
      expect([ms, localParts(new Date(ms).toISOString(), tz)]).toEqual([
        ms,
        {
          isoWeekday: dow === 0 ? 7 : dow,
          minutes: d.hour() * 60 + d.minute(),
          date: d.format('YYYY-MM-DD'),
        },
      ]);
      expect(zoneOffsetMs(ms, tz)).toBe(d.utcOffset() * 60_000);
    }
  });

  it.each(ZONES)('%s: a local day starts at its first instant; N days after is local midnight', (tz) => {
    for (const ms of instants.filter((_, i) => i % 7 === 0)) {
      const day = businessDay(new Date(ms), tz);
      const start = startOfBusinessDay(day, tz).getTime();
      expect(businessDay(new Date(start), tz)).toBe(day);
      expect(businessDay(new Date(start - 1), tz)).not.toBe(day); // nothing earlier is that day
      const later = midnightAfterDays(new Date(ms), 3, tz);
      expect(businessDay(later, tz)).toBe(dayjs(`${day}T00:00:00Z`).utc().add(3, 'day').format('YYYY-MM-DD'));
      expect(
        localParts(later, tz).minutes === 0 ||
          businessDay(new Date(later.getTime() - 1), tz) !== businessDay(later, tz),
      ).toBe(true);
    }
  });

  it('China: a coupon valid for 7 days issued at 23:59 ends at local midnight 7 days after that day', () => {
    const issued = new Date('2026-12-01T15:59:00Z'); // 23:59 in Shanghai
    expect(midnightAfterDays(issued, 7, 'Asia/Shanghai').toISOString()).toBe('2026-12-07T16:00:00.000Z');
    expect(startOfBusinessDay('2026-12-02', 'Asia/Shanghai').toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });
});
