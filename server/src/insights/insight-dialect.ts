/** SQL that means the same on MySQL/MariaDB and SQLite: business-day numbers, local hour and weekday, floor, least. */
export interface Dialect {
  /** Business-day number of a UTC datetime column (whole days; differences are day counts). */
  day(col: string, offsetMinutes: number): string;
  /** Hour 0–23 of a UTC datetime column in the business zone. */
  hour(col: string, offsetMinutes: number): string;
  /** true when the business-zone day of a UTC datetime column is a Saturday or Sunday. */
  weekend(col: string, offsetMinutes: number): string;
  /** Day number of a YYYY-MM-DD parameter. */
  dayOf(param: string): string;
  /** YYYY-MM-DD of a day-number expression. */
  dateOf(expr: string): string;
  floor(expr: string): string;
  /** A UTC datetime column plus whole days, comparable with the column's own values. */
  addDays(col: string, days: number): string;
  /** Text concatenation. */
  concat(...exprs: string[]): string;
  least(...exprs: string[]): string;
}

const signed = (off: number) => `${off >= 0 ? '+' : ''}${off} minutes`;

export const MYSQL: Dialect = {
  day: (col, off) => `TO_DAYS(DATE_ADD(${col}, INTERVAL ${off} MINUTE))`,
  hour: (col, off) => `HOUR(DATE_ADD(${col}, INTERVAL ${off} MINUTE))`,
  weekend: (col, off) => `DAYOFWEEK(DATE_ADD(${col}, INTERVAL ${off} MINUTE)) IN (1, 7)`,
  dayOf: (p) => `TO_DAYS(${p})`,
  dateOf: (e) => `DATE_FORMAT(FROM_DAYS(${e}), '%Y-%m-%d')`,
  floor: (e) => `FLOOR(${e})`,
  addDays: (col, n) => `DATE_ADD(${col}, INTERVAL ${Math.trunc(n)} DAY)`,
  concat: (...e) => `CONCAT(${e.join(', ')})`,
  least: (...e) => `LEAST(${e.join(', ')})`,
};

export const SQLITE: Dialect = {
  day: (col, off) => `CAST(julianday(date(${col}, '${signed(off)}')) - 0.5 AS INTEGER)`,
  hour: (col, off) => `CAST(strftime('%H', ${col}, '${signed(off)}') AS INTEGER)`,
  weekend: (col, off) => `strftime('%w', ${col}, '${signed(off)}') IN ('0', '6')`,
  dayOf: (p) => `CAST(julianday(${p}) - 0.5 AS INTEGER)`,
  dateOf: (e) => `date((${e}) + 0.5)`,
  floor: (e) => `CAST(${e} AS INTEGER)`,
  addDays: (col, n) =>
    `strftime('%Y-%m-%d %H:%M:%f', ${col}, '${Math.trunc(n) >= 0 ? '+' : ''}${Math.trunc(n)} days')`,
  concat: (...e) => `(${e.join(' || ')})`,
  least: (...e) => (e.length === 1 ? e[0] : `MIN(${e.join(', ')})`),
};

/** A number we computed, as an SQL literal; anything not finite is refused (never reaches SQL). */
export function literal(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return n.toPrecision(15);
}
