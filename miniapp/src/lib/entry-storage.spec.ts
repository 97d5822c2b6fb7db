import Taro from '@tarojs/taro';
import { ENTRY_TTL_MS, recallEntry, rememberEntry } from './entry-storage';

const NOW = Date.UTC(2025, 10, 22, 4, 0, 0);

describe('entry storage', () => {
  beforeEach(() => {
    Taro.clearStorageSync();
  });

  it('recalls the last scanned store and table within the TTL', () => {
    rememberEntry({ storeId: '12', tableNo: '5' }, NOW);
    expect(recallEntry(NOW + ENTRY_TTL_MS)).toEqual({ storeId: '12', tableNo: '5' });
  });

  it('forgets an entry older than the TTL', () => {
    rememberEntry({ storeId: '12', tableNo: '5' }, NOW);
    expect(recallEntry(NOW + ENTRY_TTL_MS + 1)).toEqual({});
  });

  it('does not store an entry without a store', () => {
    rememberEntry({ tableNo: '5' }, NOW);
    expect(Taro.getStorageSync('tableside.entry')).toBe('');
    expect(recallEntry(NOW)).toEqual({});
  });

  it('ignores garbage and entries saved in the future', () => {
    Taro.setStorageSync('tableside.entry', { storeId: 12, savedAt: NOW });
    expect(recallEntry(NOW)).toEqual({});
    Taro.setStorageSync('tableside.entry', { storeId: '12', savedAt: NOW + 60_000 });
    expect(recallEntry(NOW)).toEqual({});
  });
});
