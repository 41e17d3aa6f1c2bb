import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../../src/modules/notifications/notifications.service';
import { BLIND_DAYS, reviewJobs } from '../../src/modules/reviews/reviews.service';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400_000;
const stars = (n: number, text = '') => ({ quality: n, punctuality: n, value: n, text });

// Reviews after the job, double-blind: a review is hidden from the other party (and from
// everyone else) until they write theirs or BLIND_DAYS pass; then both show together.
describe('reviews', () => {
  let t: TestApp;
  let client: TestSession;
  let stranger: TestSession;
  let admin: TestSession;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    client = await signUp(t);
    stranger = await signUp(t);
    admin = await adminWithSecondFactor(t, { email: 'ops-reviews@example.test' });
  });
  afterAll(() => t.close());

  const anonymous = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as never, headers: { origin: t.config.frontendUrl } });
  const act = (session: TestSession, bookingId: string, action: string, version: number) =>
    as(t, session)({ method: 'POST', url: `/api/bookings/${bookingId}/actions/${action}`, payload: { version } });
  const review = (session: TestSession, bookingId: string, body: unknown) =>
    as(t, session)({ method: 'POST', url: `/api/bookings/${bookingId}/reviews`, payload: body });
  const reviewsOf = async (session: TestSession, bookingId: string) =>
    (await as(t, session)({ method: 'GET', url: `/api/bookings/${bookingId}/reviews` })).json();
  const runJobsAt = (at: Date) => runDueJobs({ db: t.db, jobs: reviewJobs({ db: t.db, redis: t.app.redis }), now: () => at });

  /** A provider's service and a booking of it taken to `completed` (the job done). */
  async function doneBooking(existing?: Awaited<ReturnType<typeof bookableService>>) {
    const bookable = existing ?? (await bookableService(t));
    const [slot] = await nextSlots(t, bookable.service.id);
    const id = (await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot!) })).json()
      .ids[0] as string;
    for (const [action, version] of [
      ['accept', 1],
      ['checkIn', 2],
      ['complete', 3],
    ] as const) {
      const res = await act(bookable.provider, id, action, version);
      if (res.statusCode !== 200) throw new Error(`${action}: ${res.body}`);
    }
    return { ...bookable, bookingId: id };
  }

  it('keeps a review from the other party until the blind period ends, then publishes it and counts it in the rating', async () => {
    const { provider, service, bookingId } = await doneBooking();
    const providerId = (await t.db.providerProfile.findUniqueOrThrow({ where: { userId: provider.userId } })).id;
    const written = await review(client, bookingId, stars(4, 'Travail soigné, un peu en retard'));
    expect(written.statusCode).toBe(201);
    expect(written.json()).toMatchObject({ authorRole: 'client', quality: 4, publishedAt: null });

    // Its author reads it; the reviewed provider, admins and the public do not.
    const mine = await reviewsOf(client, bookingId);
    expect(mine.reviews.map((r: { id: string }) => r.id)).toEqual([written.json().id]);
    expect(new Date(mine.blindUntil).getTime() - new Date(written.json().createdAt).getTime()).toBe(BLIND_DAYS * DAY);
    const theirs = await reviewsOf(provider, bookingId);
    expect(theirs).toMatchObject({ reviews: [], canReview: true });
    expect((await reviewsOf(admin, bookingId)).reviews).toEqual([]);
    const publicReviews = await t.app.inject({ method: 'GET', url: `/api/providers/${providerId}/reviews` });
    expect(publicReviews.json()).toMatchObject({ reviews: [], rating: { average: null, count: 0 } });
    // Nor can they report it: for them it does not exist.
    expect(
      (await as(t, provider)({ method: 'POST', url: `/api/reviews/${written.json().id}/report`, payload: { reason: 'faux avis' } }))
        .statusCode,
    ).toBe(404);
    // The provider is told a review waits for theirs, without its content.
    const bell = await t.db.inAppNotification.findFirstOrThrow({ where: { userId: provider.userId, kind: 'review.received' } });
    expect(bell.body).not.toContain('soigné');

    // A day before the end, the job does not run yet; at the end it publishes.
    await runJobsAt(new Date(Date.now() + (BLIND_DAYS - 1) * DAY));
    expect((await reviewsOf(provider, bookingId)).reviews).toEqual([]);
    await runJobsAt(new Date(Date.now() + BLIND_DAYS * DAY + 60_000));
    const published = await reviewsOf(provider, bookingId);
    expect(published.reviews).toEqual([expect.objectContaining({ id: written.json().id, publishedAt: expect.any(String) })]);
    expect(published.canReview).toBe(false);
    expect((await review(provider, bookingId, stars(5))).json().error.code).toBe('REVIEW_WINDOW_CLOSED');

    const listed = (await t.app.inject({ method: 'GET', url: `/api/providers/${providerId}/reviews` })).json();
    expect(listed.rating).toEqual({ average: 4, count: 1, quality: 4, punctuality: 4, value: 4 });
    expect(listed.reviews).toHaveLength(1);
    // The profile and the service's card carry the rating.
    expect((await t.app.inject({ method: 'GET', url: `/api/providers/${providerId}` })).json().rating).toEqual({ average: 4, count: 1 });
    expect((await t.app.inject({ method: 'GET', url: `/api/services/${service.slug}` })).json().provider.rating).toEqual({
      average: 4,
      count: 1,
    });
    for (const userId of [client.userId, provider.userId]) {
      expect(await t.db.inAppNotification.count({ where: { userId, kind: 'reviews.published' } })).toBe(1);
    }
  });

  it('publishes both reviews together when the second party writes, and the blind-period job then does nothing', async () => {
    const { provider, bookingId } = await doneBooking();
    const first = await review(provider, bookingId, stars(5, 'Client accueillant'));
    expect(first.statusCode).toBe(201);
    expect((await reviewsOf(client, bookingId)).reviews).toEqual([]);
    const second = await review(client, bookingId, stars(3));
    expect(second.json().publishedAt).not.toBeNull();
    for (const session of [client, provider, admin]) {
      const { reviews } = await reviewsOf(session, bookingId);
      expect(reviews.map((r: { authorRole: string }) => r.authorRole).sort()).toEqual(['client', 'provider']);
      expect(new Set(reviews.map((r: { publishedAt: string }) => r.publishedAt)).size).toBe(1);
    }
    const providerId = (await t.db.providerProfile.findUniqueOrThrow({ where: { userId: provider.userId } })).id;
    // Only the client's review rates the provider.
    expect((await t.db.providerRating.findUniqueOrThrow({ where: { providerId } })).count).toBe(1);
    await runJobsAt(new Date(Date.now() + BLIND_DAYS * DAY + 60_000));
    expect((await t.db.providerRating.findUniqueOrThrow({ where: { providerId } })).count).toBe(1);
    expect(await t.db.inAppNotification.count({ where: { userId: client.userId, kind: 'reviews.published', bookingId } })).toBe(1);
  });

  it('publishes both when the two parties submit at the same moment', async () => {
    const { provider, bookingId } = await doneBooking();
    const [a, b] = await Promise.all([review(client, bookingId, stars(5)), review(provider, bookingId, stars(5))]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    const rows = await t.db.review.findMany({ where: { bookingId } });
    expect(rows.every((r) => r.publishedAt !== null)).toBe(true);
  });

  it('lets only a party review, once, and only after the job is done', async () => {
    const bookable = await bookableService(t);
    const slots = await nextSlots(t, bookable.service.id);
    const pending = (
      await as(t, client)({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slots.at(-1)!) })
    ).json().ids[0];
    expect((await review(client, pending, stars(5))).json().error.code).toBe('REVIEW_NOT_ALLOWED');
    expect((await reviewsOf(client, pending)).canReview).toBe(false);

    const { bookingId, provider } = await doneBooking(bookable);
    expect((await review(stranger, bookingId, stars(1))).statusCode).toBe(404);
    expect((await as(t, stranger)({ method: 'GET', url: `/api/bookings/${bookingId}/reviews` })).statusCode).toBe(404);
    expect((await anonymous('POST', `/api/bookings/${bookingId}/reviews`, stars(1))).statusCode).toBe(401);
    expect((await anonymous('GET', `/api/bookings/${bookingId}/reviews`)).statusCode).toBe(401);
    expect((await review(admin, bookingId, stars(1))).statusCode).toBe(403);
    for (const bad of [stars(0), stars(6), { ...stars(3), quality: 2.5 }, { quality: 3 }, { ...stars(3), text: 'x'.repeat(2001) }]) {
      expect((await review(client, bookingId, bad)).json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await review(client, bookingId, stars(4))).statusCode).toBe(201);
    expect((await review(client, bookingId, stars(5))).json().error.code).toBe('REVIEW_EXISTS');
    expect((await reviewsOf(client, bookingId)).canReview).toBe(false);
    expect((await reviewsOf(provider, bookingId)).canReview).toBe(true);
  });

  it('lets the reviewed provider answer a published review once, and any member report it', async () => {
    const { provider, bookingId } = await doneBooking();
    const other = await doneBooking();
    await review(provider, bookingId, stars(4));
    const clientReview = (await review(client, bookingId, stars(2, 'Déçu'))).json();
    const reply = (session: TestSession, text: string) =>
      as(t, session)({ method: 'POST', url: `/api/reviews/${clientReview.id}/reply`, payload: { reply: text } });
    expect((await reply(other.provider, 'Pas moi')).statusCode).toBe(404);
    expect((await reply(client, 'Moi')).statusCode).toBe(403);
    expect((await anonymous('POST', `/api/reviews/${clientReview.id}/reply`, { reply: 'x' })).statusCode).toBe(401);
    const answered = await reply(provider, 'Merci, nous revenons corriger cela.');
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ reply: 'Merci, nous revenons corriger cela.', repliedAt: expect.any(String) });
    expect((await reply(provider, 'Encore')).json().error.code).toBe('REVIEW_REPLY_EXISTS');

    const report = (session: TestSession) =>
      as(t, session)({ method: 'POST', url: `/api/reviews/${clientReview.id}/report`, payload: { reason: 'Propos injurieux' } });
    const reported = await report(stranger);
    expect(reported.statusCode).toBe(201);
    expect((await report(stranger)).json().id).toBe(reported.json().id);
    expect((await report(client)).json().error.code).toBe('REPORT_OWN_CONTENT');
    expect((await anonymous('POST', `/api/reviews/${clientReview.id}/report`, { reason: 'abcd' })).statusCode).toBe(401);
    const reports = (await as(t, admin)({ method: 'GET', url: '/api/admin/reports?subjectType=review' })).json().reports;
    expect(reports).toContainEqual(expect.objectContaining({ id: reported.json().id, text: 'Déçu', bookingId }));
  });

  it('filters and ranks search results by rating', async () => {
    const good = await doneBooking();
    const poor = await doneBooking();
    for (const [done, n] of [
      [good, 5],
      [poor, 2],
    ] as const) {
      await review(done.provider, done.bookingId, stars(4));
      expect((await review(client, done.bookingId, stars(n))).statusCode).toBe(201);
    }
    const search = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/search/services?q=menage&limit=50&${query}` })).json().results as {
        id: string;
        provider: { rating: { average: number | null } };
      }[];
    const atLeast4 = await search('minRating=4');
    expect(atLeast4.map((r) => r.id)).toContain(good.service.id);
    expect(atLeast4.map((r) => r.id)).not.toContain(poor.service.id);
    expect(atLeast4.every((r) => (r.provider.rating.average ?? 0) >= 4)).toBe(true);
    const byRating = (await search('sort=rating')).map((r) => r.id);
    expect(byRating[0]).toBe(good.service.id);
    expect(byRating.indexOf(good.service.id)).toBeLessThan(byRating.indexOf(poor.service.id));
    // Same words matched: the better rated first, the poorly rated after the unrated.
    const relevant = await search('sort=relevance');
    expect(relevant[0]!.id).toBe(good.service.id);
    const unrated = relevant.flatMap((r, i) => (r.provider.rating.average === null ? [i] : []));
    expect(unrated.length).toBeGreaterThan(0);
    expect(relevant.findIndex((r) => r.id === poor.service.id)).toBeGreaterThan(Math.max(...unrated));
  });
});
