import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { testEnv } from '../support/test-env';
import { createUploadTestApp, minimalPdf, uploadFile, type UploadTestApp } from '../uploads/upload-helpers';

// Assembled here so the repository never holds the EICAR file in one piece.
const EICAR = Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-', 'ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'latin1');

const clamav = testEnv.clamav;
if (!clamav && testEnv.requireServices)
  throw new Error('TEST_CLAMAV_HOST/TEST_CLAMAV_PORT must point at a clamd when services are required');

// A conversation's attachments go through the upload pipeline: with the antivirus on, an
// infected file never becomes an upload, so it can never be attached to a message.
describe.runIf(clamav !== null)('message attachments with a real clamd', () => {
  let t: UploadTestApp;
  let client: TestSession;
  let url: string;
  beforeAll(async () => {
    t = await createUploadTestApp({ UPLOAD_ANTIVIRUS: 'true', CLAMAV_HOST: clamav!.host, CLAMAV_PORT: String(clamav!.port) });
    await seedReference(t);
    client = await signUp(t);
    const { service } = await bookableService(t);
    const [slot] = await nextSlots(t, service.id);
    const bookingId = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(service.id, slot!) })).json()
      .ids[0];
    url = `/api/bookings/${bookingId}/messages`;
  });
  afterAll(() => t.close());

  it('refuses an infected attachment and accepts a clean one', async () => {
    const infected = await uploadFile(t, client, { kind: 'chat_attachment', data: EICAR, fileName: 'devis.pdf' });
    expect([infected.statusCode, infected.json().error.code]).toEqual([422, 'UPLOAD_INFECTED']);
    expect(await t.db.upload.count({ where: { ownerId: client.userId } })).toBe(0);

    const clean = await uploadFile(t, client, { kind: 'chat_attachment', data: minimalPdf(), fileName: 'devis.pdf' });
    expect(clean.statusCode).toBe(201);
    const sent = await as(t, client)({ method: 'POST', url, payload: { body: 'Le devis', attachmentId: clean.json().id } });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().attachment).toMatchObject({ id: clean.json().id, mimeType: 'application/pdf' });
  });
});
