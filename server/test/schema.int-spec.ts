/** The versioned migrations produce exactly the schema the entities describe (no pending diff). */
import { startApp, TEST_DB } from './harness';

describe(`migrations vs entities (${TEST_DB})`, () => {
  it('leaves nothing for a schema sync to do', async () => {
    const t = await startApp();
    try {
      const log = await t.ds.driver.createSchemaBuilder().log();
      expect(log.upQueries.map((q) => q.query)).toEqual([]);
      const applied = await t.ds.query('SELECT name FROM schema_migrations');
      expect(applied.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
