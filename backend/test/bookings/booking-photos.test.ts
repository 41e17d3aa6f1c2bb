import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference, sellingProvider } from '../support/bookings';
import { createUploadTestApp, png, uploadFile, type UploadTestApp } from '../uploads/upload-helpers';

// Photos of the job go through the upload pipeline, are the client's own until a request
// carries them, and are then shown to the booking's client and provider, nobody else.
describe('photos of the job', () => {
  let t: UploadTestApp;
  let client: TestSession;
  let provider: TestSession;
  let stranger: TestSession;
  let otherProvider: TestSession;
  let admin: TestSession;
  let serviceId: string;
  let slots: string[];

  const photo = async (session: TestSession, kind = 'booking_photo') => {
    const res = await uploadFile(t, session, { kind, data: await png({ width: 40, height: 30 }), fileName: 'fuite.png' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    t = await createUploadTestApp();
    await seedReference(t);
    client = await signUp(t);
    stranger = await signUp(t);
    otherProvider = await sellingProvider(t);
    admin = await adminWithSecondFactor(t, { email: 'ops-photos@example.test' });
    const bookable = await bookableService(t);
    provider = bookable.provider;
    serviceId = bookable.service.id;
    // The first start may pass while the tests run (it is within the half hour): they take later ones.
    slots = await nextSlots(t, serviceId);
  });
  afterAll(() => t.close());

  it('attaches the client’s photos to the request and shows them to both parties only', async () => {
    const ids = [await photo(client), await photo(client)];
    const created = await as(
      t,
      client,
    )({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, slots[1]!, { photoIds: ids }) });
    expect(created.statusCode, created.body).toBe(201);
    const bookingId = created.json().ids[0] as string;

    const seen = await as(t, provider)({ method: 'GET', url: `/api/bookings/${bookingId}` });
    const photos = seen.json().photos as { id: string; url: string }[];
    expect(photos.map((p) => p.id)).toEqual(ids);
    const url = photos[0]!.url;
    expect(url).toBe(`/api/bookings/${bookingId}/photos/${ids[0]}`);

    for (const party of [client, provider]) {
      const res = await as(t, party)({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/webp');
      expect(res.headers['cache-control']).toBe('private, no-store');
    }
    for (const outsider of [stranger, otherProvider, admin]) {
      expect((await as(t, outsider)({ method: 'GET', url })).statusCode).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    // An admin reads the booking without its photos.
    expect((await as(t, admin)({ method: 'GET', url: `/api/bookings/${bookingId}` })).json().photos).toEqual([]);
    // Through the uploads route the file stays its owner's: the provider reaches it through the booking only.
    expect((await as(t, provider)({ method: 'GET', url: `/api/uploads/${ids[0]}/download` })).statusCode).toBe(404);
    // A real upload id that is not one of this booking's photos is not served through it.
    const unrelated = await photo(client);
    expect((await as(t, provider)({ method: 'GET', url: `/api/bookings/${bookingId}/photos/${unrelated}` })).statusCode).toBe(404);
  });

  it('refuses photos that are someone else’s, of another kind, or too many', async () => {
    const theirs = await photo(stranger);
    const wrongKind = await photo(otherProvider, 'service_photo');
    for (const photoIds of [[theirs], ['no-such-upload']]) {
      const res = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, slots[2]!, { photoIds }) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('BOOKING_PHOTO_INVALID');
    }
    const asProvider = await as(
      t,
      otherProvider,
    )({
      method: 'POST',
      url: '/api/bookings',
      payload: bookingBody(serviceId, slots[2]!, { photoIds: [wrongKind] }),
    });
    expect(asProvider.json().error.code).toBe('BOOKING_PHOTO_INVALID');
    const five = await as(
      t,
      client,
    )({
      method: 'POST',
      url: '/api/bookings',
      payload: bookingBody(serviceId, slots[2]!, { photoIds: ['a', 'b', 'c', 'd', 'e'] }),
    });
    expect(five.statusCode).toBe(400);
    expect(five.json().error.code).toBe('VALIDATION_FAILED');
    // Nothing was booked by the refused requests.
    expect(await t.db.booking.count({ where: { startAt: new Date(slots[2]!) } })).toBe(0);
  });

  it('tells the client before cancelling whether a fee applies', async () => {
    // Starts within the free-cancellation window (24 h in the test schedule) once accepted.
    const created = await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(serviceId, slots[3]!) });
    const bookingId = created.json().ids[0] as string;
    const asRequested = await as(t, client)({ method: 'GET', url: `/api/bookings/${bookingId}` });
    expect(asRequested.json().cancellationFeeNowMinor).toBe(0);
    const accepted = await as(t, provider)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/accept`, payload: { version: 1 } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const view = (await as(t, client)({ method: 'GET', url: `/api/bookings/${bookingId}` })).json();
    // 20 % of 300 MAD.
    expect(view.cancellationFeeNowMinor).toBe(6_000);
    expect((await as(t, provider)({ method: 'GET', url: `/api/bookings/${bookingId}` })).json().cancellationFeeNowMinor).toBe(0);
    const cancelled = await as(
      t,
      client,
    )({
      method: 'POST',
      url: `/api/bookings/${bookingId}/actions/cancel`,
      payload: { version: view.version },
    });
    expect(cancelled.json().cancellationFeeMinor).toBe(view.cancellationFeeNowMinor);
  });
});
