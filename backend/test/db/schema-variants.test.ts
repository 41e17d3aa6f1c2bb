import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaFor } from '../../src/platform/db/schema-variants';
import { createTestDatabase, type TestDatabase } from '../support/test-app';
import { testEnv } from '../support/test-env';
import pg from 'pg';

describe('schema variants', () => {
  it('enables the //@postgresql lines for PostgreSQL only', () => {
    const source =
      'model A {\n  id String @id\n  //@postgresql @@index([id(ops: raw("gin_trgm_ops"))], type: Gin)\n}\ndatasource db {\n  provider = "sqlite"\n}\n';
    expect(schemaFor('sqlite', source)).toBe(source);
    const postgres = schemaFor('postgresql', source);
    expect(postgres).toContain('  @@index([id(ops: raw("gin_trgm_ops"))], type: Gin)');
    expect(postgres).not.toContain('//@postgresql');
    expect(postgres).toContain('provider = "postgresql"');
  });
});

describe.runIf(testEnv.dbProvider === 'postgresql')('PostgreSQL search index', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('has the pg_trgm extension and a trigram GIN index on the search text', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const index = await client.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'Service_searchText_idx'");
      expect(index.rows[0]?.indexdef).toContain('USING gin ("searchText" gin_trgm_ops)');
    } finally {
      await client.end();
    }
  });
});
