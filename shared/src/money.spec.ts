import { formatYuan, yuanToFen } from './money.js';
import { maskPhone, normalizePhone } from './phone.js';
import { businessDay } from './time.js';

describe('money, phones and business days', () => {
  it('formats and parses yuan without float error', () => {
    expect(formatYuan(1250)).toBe('¥12.50');
    expect(formatYuan(-300)).toBe('-¥3.00');
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen(12.5)).toBe(1250);
    expect(() => yuanToFen('1.234')).toThrow();
    expect(() => formatYuan(1.5)).toThrow();
  });
  it('masks and normalises phones', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138-1234-1234')).toBe('138****1234');
    expect(normalizePhone('12345')).toBeNull();
  });
  it('takes the business day in Shanghai', () => {
    expect(businessDay('2026-03-02T17:30:00Z')).toBe('2026-03-03');
  });
});
