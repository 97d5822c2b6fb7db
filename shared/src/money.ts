/** Money is integer fen everywhere; these are the only conversions. */

export function assertFen(n: number, what = 'amount'): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`${what} must be a non-negative integer number of fen`);
  return n;
}

/** 1250 → "¥12.50"; -300 → "-¥3.00". */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError('formatYuan takes integer fen');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.5" / "12.50" / 12.5 → 1250, by string arithmetic (no float error); refuses > 2 decimals. */
export function yuanToFen(input: string | number): number {
  const s = typeof input === 'number' ? String(input) : input.trim().replace(/^¥/, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new RangeError(`not an amount in yuan: ${String(input)}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) throw new RangeError('amount too large');
  return m[1] ? -fen : fen;
}
