import { formatYuan } from '@tableside/shared';

export const yuan = (fen: number) => formatYuan(fen);

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date (the diner's phone is in China): 2026-11-22 */
export function day(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function dayTime(iso: string): string {
  const d = new Date(iso);
  return `${day(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "1234 5678 9012 3456": easier to read aloud to a cashier. */
export function groupDigits(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "2026年12月29日" (local date). */
export function dateCn(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/**
 * A coupon's validity as dates people read: the end instant is exclusive (midnight after the
 * last day), so the last usable day is the day before. "2026年11月30日 – 2026年12月29日".
 */
export function validityRange(fromIso: string, toIso: string): string {
  const lastDay = new Date(new Date(toIso).getTime() - 1).toISOString();
  return `${dateCn(fromIso)} – ${dateCn(lastDay)}`;
}
