import { newId, newOrderedId } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-([0-9a-f])[0-9a-f]{3}-([0-9a-f])[0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
  it('newOrderedId is a UUID v7 (RFC 9562 version and variant) carrying the milliseconds', () => {
    const at = Date.UTC(2026, 11, 1, 8, 30, 0, 123);
    const id = newOrderedId(at);
    const [, version, variant] = UUID.exec(id)!;
    expect(version).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(variant);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    expect(id).toHaveLength(36); // fits the varchar(36) id columns
  });

  it('ids of later milliseconds sort after earlier ones, as strings (the clustered index order)', () => {
    const t = Date.UTC(2026, 0, 1);
    const ids = [t, t + 1, t + 1000, t + 86_400_000, t + 5 * 365 * 86_400_000].map((ms) => newOrderedId(ms));
    expect([...ids].sort()).toEqual(ids);
  });

  it('ids of the same millisecond differ (74 random bits), 100,000 of them', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 100_000 }, () => newOrderedId(at)));
    expect(ids.size).toBe(100_000);
    for (const id of [...ids].slice(0, 1000)) expect(id.slice(0, 13)).toBe(newOrderedId(at).slice(0, 13));
  });

  it('newId stays a random UUID v4', () => {
    expect(UUID.exec(newId())![1]).toBe('4');
  });
});
