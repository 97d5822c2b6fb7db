/**
 * Where the diner came in: the store and table printed on the QR code at the table.
 *
 * - weapp: the code is a wxacode.getUnlimited code whose `scene` (max 32 chars) is
 *   `s=<storeId>&t=<tableNo>`; WeChat hands it to the page URL-encoded as `router.params.scene`.
 * - h5 (and plain weapp links): `?store=<storeId>&table=<tableNo>`.
 */
export interface Entry {
  /** Store code as printed on the QR code, e.g. `SH001` (the server resolves it). */
  storeId?: string;
  /** Table label as printed, e.g. `5` or `A12`. */
  tableNo?: string;
}

export type EntryParams = Partial<Record<string, string | undefined>>;

const STORE_ID = /^[A-Za-z0-9_-]{1,32}$/;
const TABLE_NO = /^[A-Za-z0-9-]{1,16}$/;

/** Parses the entry page's router params; anything malformed is dropped, never guessed. */
export function parseEntry(params: EntryParams | undefined): Entry {
  if (!params) return {};
  const scene =
    typeof params.scene === 'string' && params.scene !== '' ? decodeScene(params.scene) : undefined;
  const fields = scene ?? { store: params.store, table: params.table };

  const entry: Entry = {};
  const storeId = fields.store?.trim();
  if (storeId && STORE_ID.test(storeId)) entry.storeId = storeId;
  // A table number without a valid store means nothing.
  const tableNo = fields.table?.trim();
  if (entry.storeId && tableNo && TABLE_NO.test(tableNo)) entry.tableNo = tableNo;
  return entry;
}

/** `s%3D12%26t%3D5` → { store: '12', table: '5' }; undefined if the scene is not ours. */
function decodeScene(raw: string): { store?: string; table?: string } | undefined {
  let text = raw;
  // WeChat passes the scene encoded once; tolerate an extra layer from hand-made links.
  for (let i = 0; i < 2 && text.includes('%'); i++) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  const fields: { store?: string; table?: string } = {};
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (key === 's') fields.store = value;
    else if (key === 't') fields.table = value;
  }
  return fields.store === undefined ? undefined : fields;
}

/** The label shown on the entry page, e.g. `欢迎光临 · 人民广场店 · 桌号 5` (the code until the name loads). */
export function welcomeLine(entry: Entry, storeName?: string): string {
  const parts = ['欢迎光临'];
  if (entry.storeId) parts.push(storeName ?? `门店 ${entry.storeId}`);
  if (entry.tableNo) parts.push(`桌号 ${entry.tableNo}`);
  return parts.join(' · ');
}
