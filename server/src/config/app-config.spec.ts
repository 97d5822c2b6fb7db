import { dataSourceOptions } from '../database/data-source';
import { ConfigError, loadConfig } from './app-config';

describe('DATABASE_REPLICA_URL (the reports read replica)', () => {
  const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/tableside-config-spec' };

  it('is read as a MySQL URL beside DATABASE_URL, and absent means none', () => {
    const c = loadConfig({
      ...base,
      DATABASE_URL: 'mysql://app:secret@db-primary:3306/tableside',
      DATABASE_REPLICA_URL: 'mysql://reports:p%40ss@db-replica:3307/tableside',
    });
    expect(c.replica).toMatchObject({
      kind: 'mysql',
      host: 'db-replica',
      port: 3307,
      username: 'reports',
      password: 'p@ss',
      database: 'tableside',
    });
    expect(loadConfig({ ...base, DATABASE_URL: 'mysql://app@db/tableside' }).replica).toBeNull();
  });

  it('is refused without DATABASE_URL, with another protocol or without a database name', () => {
    expect(() => loadConfig({ ...base, DATABASE_REPLICA_URL: 'mysql://r@replica/tableside' })).toThrow(
      /needs DATABASE_URL/,
    );
    const primary = { ...base, DATABASE_URL: 'mysql://app@db/tableside' };
    expect(() => loadConfig({ ...primary, DATABASE_REPLICA_URL: 'postgres://r@replica/x' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ ...primary, DATABASE_REPLICA_URL: 'mysql://r@replica' })).toThrow(
      /DATABASE_REPLICA_URL must name a database/,
    );
  });
});

describe('DATABASE_POOL_SIZE (connections per server process)', () => {
  const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/tableside-config-spec' };
  const mysql = { ...base, DATABASE_URL: 'mysql://app@db/tableside' };

  it("is 32 unless set, and is what the primary's pool gets", () => {
    expect(loadConfig(mysql).database).toMatchObject({ kind: 'mysql', poolSize: 32 });
    const db = loadConfig({ ...mysql, DATABASE_POOL_SIZE: '48' }).database;
    expect(db).toMatchObject({ poolSize: 48 });
    expect(dataSourceOptions(db)).toMatchObject({ poolSize: 48 });
  });

  it('refuses what is not a whole number 1–500, and a pool for the SQLite file', () => {
    for (const bad of ['0', '-4', '1.5', '501', 'abc', ' 32', '1e2'])
      expect(() => loadConfig({ ...mysql, DATABASE_POOL_SIZE: bad })).toThrow(
        /DATABASE_POOL_SIZE must be a whole number 1–500/,
      );
    expect(() => loadConfig({ ...base, DATABASE_POOL_SIZE: '32' })).toThrow(/needs DATABASE_URL/);
  });
});

describe('TRUST_PROXY (whose X-Forwarded-For is believed)', () => {
  const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/tableside-config-spec' };

  it('takes the proxies as IPs/CIDRs, or true; none by default', () => {
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 192.168.1.7' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
    ]);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('refuses a hop count, saying what to write instead, and anything that is not an address', () => {
    for (const hops of ['1', '2', '10'])
      expect(() => loadConfig({ ...base, TRUST_PROXY: hops })).toThrow(
        /no longer takes a hop count .*List the load balancers' IPs\/CIDRs/,
      );
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'lb.internal' })).toThrow(
      /TRUST_PROXY must be true or a comma-separated list/,
    );
  });
});
