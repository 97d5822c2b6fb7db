import { parseCsv } from './csv';

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
