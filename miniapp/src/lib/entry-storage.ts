import Taro from '@tarojs/taro';
import type { Entry } from './entry';

const KEY = 'tableside.entry';
/** A remembered table is only trusted for one meal. */
export const ENTRY_TTL_MS = 3 * 60 * 60 * 1000;

interface StoredEntry extends Entry {
  savedAt: number;
}

export function rememberEntry(entry: Entry, now = Date.now()): void {
  if (!entry.storeId) return;
  const stored: StoredEntry = { storeId: entry.storeId, tableNo: entry.tableNo, savedAt: now };
  Taro.setStorageSync(KEY, stored);
}

/** The last scanned store/table, if it is recent enough; otherwise an empty entry. */
export function recallEntry(now = Date.now()): Entry {
  let stored: Partial<StoredEntry> | '' | undefined;
  try {
    stored = Taro.getStorageSync(KEY) as Partial<StoredEntry> | '';
  } catch {
    return {};
  }
  if (!stored || typeof stored.storeId !== 'string' || typeof stored.savedAt !== 'number') return {};
  if (now - stored.savedAt > ENTRY_TTL_MS || stored.savedAt > now) return {};
  return {
    storeId: stored.storeId,
    tableNo: typeof stored.tableNo === 'string' ? stored.tableNo : undefined,
  };
}
