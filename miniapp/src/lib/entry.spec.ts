import { parseEntry, welcomeLine } from './entry';

describe('parseEntry', () => {
  it('reads the weapp scene s=<store>&t=<table> as WeChat passes it (URL-encoded)', () => {
    expect(parseEntry({ scene: encodeURIComponent('s=12&t=5') })).toEqual({ storeId: '12', tableNo: '5' });
  });

  it('accepts an already decoded or doubly encoded scene', () => {
    expect(parseEntry({ scene: 's=12&t=A3' })).toEqual({ storeId: '12', tableNo: 'A3' });
    expect(parseEntry({ scene: encodeURIComponent(encodeURIComponent('s=12&t=5')) })).toEqual({
      storeId: '12',
      tableNo: '5',
    });
  });

  it('reads h5 store/table query params', () => {
    expect(parseEntry({ store: '12', table: '5' })).toEqual({ storeId: '12', tableNo: '5' });
  });

  it('keeps a store without a table', () => {
    expect(parseEntry({ store: '12' })).toEqual({ storeId: '12' });
    expect(parseEntry({ scene: 's%3D7' })).toEqual({ storeId: '7' });
  });

  it('prefers the scene over store/table params', () => {
    expect(parseEntry({ scene: 's%3D1%26t%3D2', store: '9', table: '9' })).toEqual({
      storeId: '1',
      tableNo: '2',
    });
  });

  it('ignores a table number without a valid store', () => {
    expect(parseEntry({ table: '5' })).toEqual({});
    expect(parseEntry({ store: 'S H', table: '5' })).toEqual({});
  });

  it('takes store codes as printed', () => {
    expect(parseEntry({ store: 'SH001', table: 'A12' })).toEqual({ storeId: 'SH001', tableNo: 'A12' });
    expect(parseEntry({ scene: 's=SH001&t=3' })).toEqual({ storeId: 'SH001', tableNo: '3' });
  });

  it.each([
    ['empty params', {}],
    ['undefined params', undefined],
    ['store with spaces inside', { store: 'S 1' }],
    ['store with markup', { store: '<script>' }],
    ['store too long', { store: '1'.repeat(33) }],
    ['malformed escape in scene', { scene: '%E0%A4%A' }],
    ['foreign scene', { scene: encodeURIComponent('promo=summer') }],
  ])('returns nothing for %s', (_label, params) => {
    expect(parseEntry(params as Record<string, string> | undefined)).toEqual({});
  });

  it('drops a malformed table but keeps the store', () => {
    expect(parseEntry({ store: '12', table: '<b>5</b>' })).toEqual({ storeId: '12' });
    expect(parseEntry({ store: '12', table: 'x'.repeat(17) })).toEqual({ storeId: '12' });
  });

  it('trims whitespace around values', () => {
    expect(parseEntry({ store: ' 12 ', table: ' 5 ' })).toEqual({ storeId: '12', tableNo: '5' });
  });
});

describe('welcomeLine', () => {
  it('joins store and table with middle dots', () => {
    expect(welcomeLine({ storeId: '12', tableNo: '5' })).toBe('欢迎光临 · 门店 12 · 桌号 5');
    expect(welcomeLine({ storeId: '12' })).toBe('欢迎光临 · 门店 12');
    expect(welcomeLine({})).toBe('欢迎光临');
  });
});
