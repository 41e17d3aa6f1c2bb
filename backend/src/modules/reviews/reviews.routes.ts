import {
  bookingReviews,
  errorResponses,
  providerReviews,
  providerReviewsQuery,
  replyInput,
  reportCreated,
  reportInput,
  review,
  reviewInput,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, requireAuth } from '../accounts/access';
import * as reviews from './reviews.service';

const id = z.string().min(1).max(40);
const MEMBERS = ['client', 'provider'] as const;
const NO_BOOKING = 'NOT_FOUND: no such booking, or not one of the caller’s';
const NO_REVIEW = 'NOT_FOUND: no such review the caller may see';

/** Double-blind reviews of a booking, the provider's answer, reports, and a provider's public reviews; under /api. */
export const reviewsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['reviews'];
  const { db, redis } = app;

  app.get(
    '/bookings/:bookingId/reviews',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The booking’s reviews the caller may read (their own; the other party’s once published) and whether they may write one',
        params: z.object({ bookingId: id }),
        response: { 200: bookingReviews, ...errorResponses({ 404: NO_BOOKING }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return reviews.bookingReviews({ db, bookingId: request.params.bookingId, userId: auth.userId, role: auth.user.role });
    },
  );

  app.post(
    '/bookings/:bookingId/reviews',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary: `Review the other party once the job is done (hidden from them until they review too, or ${reviews.BLIND_DAYS} days pass)`,
        params: z.object({ bookingId: id }),
        body: reviewInput,
        response: {
          201: review,
          ...errorResponses({ 404: NO_BOOKING, 409: 'REVIEW_NOT_ALLOWED (job not done), REVIEW_EXISTS, REVIEW_WINDOW_CLOSED' }),
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const written = await reviews.writeReview({
        db,
        redis,
        bookingId: request.params.bookingId,
        userId: auth.userId,
        role: auth.user.role,
        input: request.body,
        origin: originOf(request),
      });
      return reply.code(201).send(written);
    },
  );

  app.post(
    '/reviews/:reviewId/reply',
    {
      config: { access: { roles: ['provider'] } },
      schema: {
        tags,
        summary: 'The reviewed provider’s public answer to a client’s published review (once)',
        params: z.object({ reviewId: id }),
        body: replyInput,
        response: { 200: review, ...errorResponses({ 404: NO_REVIEW, 409: 'REVIEW_REPLY_EXISTS' }) },
      },
    },
    async (request) =>
      reviews.replyToReview({
        db,
        reviewId: request.params.reviewId,
        userId: requireAuth(request).userId,
        reply: request.body.reply,
        origin: originOf(request),
      }),
  );

  app.post(
    '/reviews/:reviewId/report',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary: 'Report a published review to the admins (once per member: a repeat returns the same report)',
        params: z.object({ reviewId: id }),
        body: reportInput,
        response: { 201: reportCreated, ...errorResponses({ 404: NO_REVIEW, 409: 'REPORT_OWN_CONTENT' }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await reviews.reportReview({
          db,
          reviewId: request.params.reviewId,
          userId: requireAuth(request).userId,
          reason: request.body.reason,
          origin: originOf(request),
        }),
      ),
  );

  app.get(
    '/providers/:providerId/reviews',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A provider’s published reviews by clients, newest first, with their rating',
        params: z.object({ providerId: id }),
        querystring: providerReviewsQuery,
        response: { 200: providerReviews, ...errorResponses({ 400: 'CURSOR_INVALID', 404: 'NOT_FOUND: no such provider' }) },
      },
    },
    async (request) => reviews.providerReviews({ db, providerId: request.params.providerId, ...request.query }),
  );
};
