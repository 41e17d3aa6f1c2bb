import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestSession } from '../support/accounts';
import { testEnv } from '../support/test-env';
import { createUploadTestApp, minimalPdf, png, storedFiles, uploadFile, type UploadTestApp } from './upload-helpers';

// The EICAR test file, assembled here so the repository never holds it in one piece
// (scanners would flag the source file itself).
const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-', 'ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'latin1');

const clamav = testEnv.clamav;
// CI always provides clamd: there a missing one is a failure, never a silent skip.
if (!clamav && testEnv.requireServices)
  throw new Error('TEST_CLAMAV_HOST/TEST_CLAMAV_PORT must point at a clamd when services are required');

describe.runIf(clamav !== null)('antivirus with a real clamd', () => {
  let t: UploadTestApp;
  let provider: TestSession;

  beforeAll(async () => {
    t = await createUploadTestApp({ UPLOAD_ANTIVIRUS: 'true', CLAMAV_HOST: clamav!.host, CLAMAV_PORT: String(clamav!.port) });
    provider = await signUp(t, { role: 'provider' });
  });
  afterAll(() => t.close());

  it('refuses the EICAR file with 422, audits it and stores nothing', async () => {
    expect(createHash('md5').update(EICAR).digest('hex')).toBe('44d88612fea8a8f36de82e1278abb02f');
    const res = await uploadFile(t, provider, {
      kind: 'kyc_document',
      data: EICAR,
      fileName: 'passport.pdf',
      contentType: 'application/pdf',
    });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'UPLOAD_INFECTED']);
    expect(storedFiles(t)).toEqual([]);
    expect(await t.db.upload.count()).toBe(0);

    const [event] = await t.db.auditLog.findMany({ where: { action: 'upload.infected', actorId: provider.userId } });
    expect(JSON.parse(event!.detail)).toMatchObject({
      signature: expect.stringContaining('Eicar'),
      ownerId: provider.userId,
      kind: 'kyc_document',
      sha256: createHash('sha256').update(EICAR).digest('hex'),
      originalName: 'passport.pdf',
    });
  });

  it('finds EICAR inside an otherwise valid PDF', async () => {
    const res = await uploadFile(t, provider, {
      kind: 'kyc_document',
      data: minimalPdf(`% ${EICAR.toString('latin1')}`),
      fileName: 'id.pdf',
    });
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'UPLOAD_INFECTED']);
    expect(storedFiles(t)).toEqual([]);
  });

  it('lets a clean PNG through the scan', async () => {
    const res = await uploadFile(t, provider, {
      kind: 'service_photo',
      data: await png({ width: 400, height: 300 }),
      fileName: 'clean.png',
    });
    expect(res.statusCode).toBe(201);
    expect(storedFiles(t)).toHaveLength(2); // the image and its 320w copy
  });
});

describe('antivirus that cannot answer', () => {
  let refusing: UploadTestApp;
  let silent: UploadTestApp;
  let silentServer: Server;

  beforeAll(async () => {
    // A port that was just free: nothing listens there, connections are refused.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    // A "clamd" that accepts connections and never replies.
    silentServer = createServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const silentPort = (silentServer.address() as { port: number }).port;

    refusing = await createUploadTestApp({ UPLOAD_ANTIVIRUS: 'true', CLAMAV_HOST: '127.0.0.1', CLAMAV_PORT: String(closedPort) });
    silent = await createUploadTestApp({
      UPLOAD_ANTIVIRUS: 'true',
      CLAMAV_HOST: '127.0.0.1',
      CLAMAV_PORT: String(silentPort),
      CLAMAV_TIMEOUT_MS: '300',
    });
  });
  afterAll(async () => {
    await Promise.all([refusing.close(), silent.close()]);
    silentServer.close();
  });

  it.each([
    ['refused connection', () => refusing],
    ['no reply within CLAMAV_TIMEOUT_MS', () => silent],
  ])('refuses uploads with 503 ANTIVIRUS_UNAVAILABLE on a %s, storing nothing', async (_case, app) => {
    const t = app();
    const user = await signUp(t);
    const res = await uploadFile(t, user, { kind: 'avatar', data: await png({ width: 50, height: 50 }), fileName: 'me.png' });
    expect([res.statusCode, res.json().error.code]).toEqual([503, 'ANTIVIRUS_UNAVAILABLE']);
    expect(storedFiles(t)).toEqual([]);
    expect(await t.db.upload.count()).toBe(0);
  });
});
