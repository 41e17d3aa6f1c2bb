// `npm run admin:create -- --email ops@example.com --name "Ops"`: creates (or promotes)
// the first admin from the command line. The password is read from standard input when
// it is piped (`… < secret-file`), otherwise a strong one is generated and printed once.
// The admin then signs in from an allowlisted network and enrols a TOTP second factor.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { EnvValidationError, loadConfig } from '../src/config/env';
import { hashPassword, passwordProblem } from '../src/modules/accounts/passwords';
import { createDb } from '../src/platform/db/client';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

try {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string', default: 'Administrator' } } });
  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new Error('Usage: npm run admin:create -- --email <address> [--name <name>]');
  const config = loadConfig();
  const piped = !process.stdin.isTTY ? await readStdin() : '';
  const password = piped || randomBytes(18).toString('base64url');
  const problem = passwordProblem(password, { email });
  if (problem) throw new Error(`Password refused: ${problem}`);
  const { db } = createDb({ databaseUrl: config.database.url });
  try {
    const passwordHash = await hashPassword(password);
    const now = new Date();
    const user = await db.user.upsert({
      where: { email },
      create: { email, name: values.name!, role: 'admin', passwordHash, emailVerifiedAt: now },
      update: { role: 'admin', passwordHash },
    });
    await db.auditLog.create({
      data: { action: 'admin.created_from_cli', actorId: null, subjectId: user.id, ip: 'cli', userAgent: 'admin:create' },
    });
    console.log(`Admin ${email} is ready. Sign in from an allowlisted network and set up the second factor.`);
    if (!piped) console.log(`Generated password (shown once): ${password}`);
  } finally {
    await db.$disconnect();
  }
} catch (error) {
  console.error(error instanceof EnvValidationError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
