import { parseCsv, toCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields, escaped quotes, CRLF and a BOM, with line numbers', () => {
    const rows = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n3,\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['3', ''] },
    ]);
  });
  it('keeps line numbers right after a quoted newline', () => {
    expect(parseCsv('h\n"a\nb"\nc').map((r) => r.line)).toEqual([1, 2, 4]);
  });
});

describe('toCsv', () => {
  it('quotes line breaks so "\\r=" cannot start a new cell, and guards formulas', () => {
    const out = toCsv(
      ['a', 'b'],
      [
        ['x\r=HYPERLINK("http://evil")', '=1+2'],
        ['-5', 'ok, fine'],
      ],
    );
    expect(out.startsWith('\uFEFF')).toBe(true);
    const back = parseCsv(out);
    expect(back.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['x\r=HYPERLINK("http://evil")', "'=1+2"],
      ["'-5", 'ok, fine'],
    ]);
    // The only record breaks are the CRLFs between rows: the \r inside the cell is quoted.
    expect(out.split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});
