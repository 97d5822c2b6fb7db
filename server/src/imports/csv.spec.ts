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
  it('reads a file without quotes exactly as the full parser does (the fast path)', () => {
    // Random quote-free files: BOM or not, every kind of line break, blank lines, empty cells,
    // ragged rows, spaces, CJK, a trailing break or not. The full parser sees each one with a
    // quoted cell added at the end (which sends it down the csv-parse path), then that is removed.
    const pick = <T>(xs: T[], r: () => number) => xs[Math.floor(r() * xs.length)];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const cells = ['', 'a', '13800138000', ' 张三 ', '2026-06-01 12:00', '-5', '1.5', "it's", 'x y'];
    const breaks = ['\n', '\r\n', '\r'];
    for (let n = 0; n < 300; n++) {
      let text = rand() < 0.3 ? '\uFEFF' : '';
      const lines = 1 + Math.floor(rand() * 8);
      for (let l = 0; l < lines; l++) {
        if (l > 0) text += pick(breaks, rand);
        if (rand() < 0.15) continue; // a blank line
        const width = 1 + Math.floor(rand() * 5);
        text += Array.from({ length: width }, () => pick(cells, rand)).join(',');
      }
      if (rand() < 0.5) text += pick(breaks, rand);
      const brk = pick(breaks, rand);
      const full = parseCsv(`${text}${text === '' || /[\r\n]$/.test(text) ? '' : brk}"q"`);
      // Drop the record the quoted cell made (the last one).
      expect(parseCsv(text)).toEqual(full.slice(0, -1));
    }
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
