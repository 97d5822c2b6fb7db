import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * RFC 4180 CSV read with csv-parse: quoted fields, "" escapes, CRLF or LF, a leading BOM, blank
 * lines skipped. Returns rows with the 1-based line each starts on (for "line N: reason" reports).
 */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const records = parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: false,
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    info: true,
    raw: true,
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
  return records
    .filter(({ record }) => record.length > 1 || record[0] !== '')
    .map(({ record, info, raw }) => {
      const inner = raw.replace(/(\r\n|\n|\r)$/, '');
      const breaks = (inner.match(/\r\n|\n|\r/g) ?? []).length;
      return { line: info.lines - breaks, cells: record };
    });
}

/** A cell Excel/WPS would run as a formula starts with one of these. */
const FORMULA_START = /^[=+\-@\t\r\n|]/;

/**
 * CSV for people to open in Excel/WPS, written with csv-stringify: UTF-8 with a BOM, CRLF rows,
 * every cell containing a line break quoted (so nothing can start a new cell or row), and a cell
 * that would start a formula prefixed with an apostrophe.
 */
export function toCsv(header: string[], rows: unknown[][]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return FORMULA_START.test(s) ? `'${s}` : s;
  };
  return stringify([header.map(cell), ...rows.map((r) => r.map(cell))], {
    bom: true,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
}
