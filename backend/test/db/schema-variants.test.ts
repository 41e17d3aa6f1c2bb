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

  it('keeps a tsvector generated from the search text, behind a GIN index', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const index = await client.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'Service_searchVector_idx'");
      expect(index.rows[0]?.indexdef).toContain('USING gin ("searchVector")');
      const vector = await client.query(
        "SELECT to_tsvector('simple', 'plomberie سباكه') @@ to_tsquery('simple', 'plomb:* & سباك:*') AS hit",
      );
      expect(vector.rows[0]?.hit).toBe(true);
    } finally {
      await client.end();
    }
  });
});
