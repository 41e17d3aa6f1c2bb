// Generates one Prisma client per provider from the single source schema.
// Skips the work when the schema and Prisma version are unchanged (stamp file),
// so every dev/test/build command can call it cheaply.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DB_PROVIDERS, backendRoot, clientDirName, schemaFor, sourceSchemaPath } from '../src/platform/db/schema-variants';

const require = createRequire(import.meta.url);
const prismaVersion = (require('prisma/package.json') as { version: string }).version;
const source = readFileSync(sourceSchemaPath, 'utf8');
const hash = createHash('sha256').update(prismaVersion).update(source).digest('hex');
const generatedDir = join(backendRoot, 'src/generated');
const stampPath = join(generatedDir, '.stamp');
const force = process.argv.includes('--force');

const upToDate =
  !force &&
  existsSync(stampPath) &&
  readFileSync(stampPath, 'utf8') === hash &&
  DB_PROVIDERS.every((p) => existsSync(join(generatedDir, clientDirName(p), 'client.ts')));

if (!upToDate) {
  mkdirSync(generatedDir, { recursive: true });
  for (const provider of DB_PROVIDERS) {
    const variantPath = join(backendRoot, 'prisma', `.schema.${provider}.prisma`);
    writeFileSync(variantPath, schemaFor(provider, source));
    execFileSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate', '--schema', variantPath], {
      cwd: backendRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      // The CLI wants a schema-engine binary path even though `generate` never runs it;
      // this offline machine cannot download one.
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
  }
  writeFileSync(stampPath, hash);
  console.log(`Prisma clients generated (${DB_PROVIDERS.join(', ')}).`);
}
