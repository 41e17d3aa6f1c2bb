import {
  bookingAction,
  calendarFeed,
  bookingChange,
  bookingCreated,
  bookingInput,
  bookingList,
  bookingListQuery,
  bookingView,
  errorResponses,
  scheduleException,
  scheduleExceptionInput,
  scheduleInput,
  scheduleView,
  slotList,
  slotQuery,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createLocalStorage } from '../../platform/storage/storage';
import { originOf, requireAuth } from '../accounts/access';
import { fileBody, sendFile } from '../uploads/uploads.routes';
import * as bookings from './bookings.service';
import * as calendar from './calendar.service';
import * as schedule from './schedule.service';

const id = z.string().min(1).max(40);
const PROVIDER = ['provider'] as const;
const MEMBERS = ['client', 'provider'] as const;
const NO_BOOKING = 'NOT_FOUND: no such booking, or not one of the caller’s';
const CHANGE_CONFLICTS =
  'BOOKING_TRANSITION_NOT_ALLOWED (with the state and the allowed actions), BOOKING_STALE (changed since loaded: reload), SLOT_UNAVAILABLE, BOOKING_CONFLICT';

/** Availability, slots and the booking lifecycle (see booking.transitions.ts). */
export const bookingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['bookings'];
  const { db, config } = app;
  const storage = createLocalStorage({ dir: config.uploads.storageDir });

  app.get(
    '/services/:serviceId/slots',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Bookable start times of a service between two dates (the provider’s local dates, at most 31 days)',
        params: z.object({ serviceId: id }),
        querystring: slotQuery,
        response: { 200: slotList, ...errorResponses({ 400: 'INVALID_DATE_RANGE', 404: 'NOT_FOUND: no visible service with this id' }) },
      },
    },
    async (request) => {
      const { from, to, latitude, longitude } = request.query;
      const place = latitude !== undefined && longitude !== undefined ? { latitude, longitude } : null;
      return bookings.listSlots({ db, serviceId: request.params.serviceId, from, to, place });
    },
  );

  app.get(
    '/me/schedule',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'The provider’s weekly plan, exceptions and booking rules',
        response: { 200: scheduleView, ...errorResponses([409]) },
      },
    },
    async (request) => schedule.getSchedule({ db, userId: requireAuth(request).userId }),
  );

  app.put(
    '/me/schedule',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Replace the provider’s weekly plan and booking rules',
        body: scheduleInput,
        response: {
          200: scheduleView,
          ...errorResponses({ 400: 'INVALID_TIME_ZONE, INVALID_TIME_WINDOW', 409: 'PROVIDER_PROFILE_REQUIRED' }),
        },
      },
    },
    async (request) => schedule.updateSchedule({ db, userId: requireAuth(request).userId, input: request.body, origin: originOf(request) }),
  );

  app.post(
    '/me/schedule/exceptions',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Add a day off (whole day or a window) or extra hours on one date',
        body: scheduleExceptionInput,
        response: { 201: scheduleException, ...errorResponses({ 400: 'INVALID_TIME_WINDOW', 409: 'PROVIDER_PROFILE_REQUIRED' }) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await schedule.addException({ db, userId: requireAuth(request).userId, input: request.body, origin: originOf(request) })),
  );

  app.delete(
    '/me/schedule/exceptions/:exceptionId',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Remove an exception',
        params: z.object({ exceptionId: id }),
        response: { 204: z.undefined().describe('Removed'), ...errorResponses({ 404: 'NOT_FOUND', 409: 'PROVIDER_PROFILE_REQUIRED' }) },
      },
    },
    async (request, reply) => {
      await schedule.removeException({
        db,
        userId: requireAuth(request).userId,
        exceptionId: request.params.exceptionId,
        origin: originOf(request),
      });
      return reply.code(204).send();
    },
  );

  app.post(
    '/bookings',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary: 'Request a booking (or a weekly / two-weekly series)',
        body: bookingInput,
        response: {
          201: bookingCreated,
          ...errorResponses({
            400: 'CARD_SERIES_NOT_SUPPORTED: a series is paid in cash',
            404: 'NOT_FOUND: no visible service with this id',
            409: 'SLOT_UNAVAILABLE (details.unavailable lists the starts), BOOKING_CONFLICT (taken meanwhile), OWN_SERVICE, CARD_BOOKING_TOO_FAR (details.maxDays), CARD_PAYMENTS_UNAVAILABLE',
          }),
        },
      },
    },
    async (request, reply) => {
      const { startAt, ...rest } = request.body;
      const created = await bookings.requestBooking({
        db,
        config,
        userId: requireAuth(request).userId,
        input: { ...rest, startAt: new Date(startAt) },
        origin: originOf(request),
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/bookings',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary: 'The caller’s bookings as a client, or their agenda as a provider',
        querystring: bookingListQuery,
        response: { 200: bookingList },
      },
    },
    async (request) => {
      const { as, from, to } = request.query;
      return {
        bookings: await bookings.listBookings({
          db,
          userId: requireAuth(request).userId,
          as,
          from: from ? new Date(from) : undefined,
          to: to ? new Date(to) : undefined,
        }),
      };
    },
  );

  app.get(
    '/bookings/:bookingId',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A booking, its timeline and what the caller may do now',
        params: z.object({ bookingId: id }),
        response: { 200: bookingView, ...errorResponses({ 404: NO_BOOKING }) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return bookings.getBooking({ db, userId: auth.userId, role: auth.user.role, bookingId: request.params.bookingId });
    },
  );

  app.post(
    '/bookings/:bookingId/actions/:action',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary:
          'Move a booking: accept, decline, checkIn, complete, confirm, noShow, cancel, dispute, or propose / accept / decline a new time',
        params: z.object({ bookingId: id, action: bookingAction.exclude(['expire', 'authorise', 'resolveDispute']) }),
        body: bookingChange,
        response: {
          200: bookingView,
          ...errorResponses({ 400: 'VALIDATION_FAILED (proposedStartAt missing)', 404: NO_BOOKING, 409: CHANGE_CONFLICTS }),
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const { proposedStartAt, ...rest } = request.body;
      return bookings.changeBooking({
        db,
        config,
        userId: auth.userId,
        role: auth.user.role,
        input: {
          ...rest,
          bookingId: request.params.bookingId,
          action: request.params.action,
          proposedStartAt: proposedStartAt ? new Date(proposedStartAt) : undefined,
        },
        origin: originOf(request),
      });
    },
  );

  app.get(
    '/bookings/:bookingId/photos/:photoId',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A photo of the job, for the booking’s client and provider',
        params: z.object({ bookingId: id, photoId: z.string().min(1).max(64) }),
        response: {
          200: fileBody('The photo, never cached'),
          ...errorResponses({ 404: 'NOT_FOUND: no such photo of one of the caller’s bookings' }),
        },
      },
    },
    async (request, reply) => {
      const file = await bookings.openBookingPhoto({ db, storage, userId: requireAuth(request).userId, ...request.params });
      return sendFile({ reply, file, cacheControl: 'private, no-store', disposition: 'inline' });
    },
  );

  app.get(
    '/bookings/:bookingId/calendar.ics',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The booking as an iCalendar file',
        params: z.object({ bookingId: id }),
        produces: ['text/calendar'],
        response: { 200: z.string(), ...errorResponses({ 404: NO_BOOKING }) },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const ics = await calendar.bookingCalendar({
        db,
        config,
        userId: auth.userId,
        role: auth.user.role,
        bookingId: request.params.bookingId,
      });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="booking-${request.params.bookingId}.ics"`)
        .send(ics);
    },
  );

  app.post(
    '/me/calendar-feed',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'A new private calendar feed URL for the provider’s agenda (the previous one stops working)',
        response: { 201: calendarFeed, ...errorResponses({ 409: 'PROVIDER_PROFILE_REQUIRED' }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await calendar.rotateFeed({ db, config, userId: requireAuth(request).userId, origin: originOf(request) })),
  );

  app.delete(
    '/me/calendar-feed',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Revoke the private calendar feed',
        response: { 204: z.undefined().describe('Revoked'), ...errorResponses({ 409: 'PROVIDER_PROFILE_REQUIRED' }) },
      },
    },
    async (request, reply) => {
      await calendar.revokeFeed({ db, userId: requireAuth(request).userId, origin: originOf(request) });
      return reply.code(204).send();
    },
  );

  app.get(
    '/calendar/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A provider’s agenda as an iCalendar feed (the secret URL from POST /me/calendar-feed)',
        params: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,80}\.ics$/) }),
        produces: ['text/calendar'],
        response: { 200: z.string(), ...errorResponses({ 404: 'NOT_FOUND: no feed has this token (revoked or never made)' }) },
      },
    },
    async (request, reply) => {
      const ics = await calendar.providerFeed({ db, config, token: request.params.token.slice(0, -'.ics'.length) });
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(ics);
    },
  );
};
