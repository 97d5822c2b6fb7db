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
