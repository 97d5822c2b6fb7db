/** Mainland mobile numbers: stored as 11 digits, shown masked (138****1234) everywhere. */

export function normalizePhone(s: string): string | null {
  const digits = s.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(digits) ? digits : null;
}

export function isMainlandMobile(s: string): boolean {
  const n = normalizePhone(s);
  return n !== null && /^1[3-9]\d{9}$/.test(n);
}

export function maskPhone(s: string): string {
  const n = normalizePhone(s) ?? s.replace(/\D/g, '');
  if (n.length >= 7) return `${n.slice(0, 3)}****${n.slice(-4)}`;
  if (n.length >= 3) return `${n.slice(0, 1)}${'*'.repeat(n.length - 1)}`;
  return '*'.repeat(n.length);
}
