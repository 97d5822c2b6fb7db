import { hasSecondStatement } from './write-batch';

describe('hasSecondStatement (the guard that keeps multi-statement queries to WriteBatch)', () => {
  it.each([
    'SELECT 1',
    'SELECT 1;',
    'SELECT 1;  \n',
    "SELECT * FROM member WHERE name = 'a;b'",
    "SELECT 'it''s; fine'",
    "SELECT 'back\\'slash; still inside'",
    'SELECT "x;y"',
    'SELECT `we;ird` FROM t',
    'SELECT 1 -- trailing; comment',
    'SELECT 1 # hash; comment',
    'SELECT /* a; b */ 1',
  ])('one statement: %s', (sql) => expect(hasSecondStatement(sql)).toBe(false));

  it.each([
    'SELECT 1; SELECT 2',
    "SELECT * FROM member WHERE name = ''; DROP TABLE member; -- '",
    'UPDATE a SET x = 1;DELETE FROM b',
    "SELECT 'a' ; SELECT 'b'",
    'SELECT /* c */ 1; /* d */ SELECT 2',
    'SELECT 1 -- c\n; SELECT 2',
  ])('two statements: %s', (sql) => expect(hasSecondStatement(sql)).toBe(true));
});
