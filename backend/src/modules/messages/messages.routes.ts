import {
  contentReportList,
  contentReportQuery,
  conversationList,
  conversationListQuery,
  errorResponses,
  markReadInput,
  markReadResult,
  message,
  messageList,
  messageListQuery,
  reportCreated,
  reportInput,
  sendMessageInput,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createLocalStorage } from '../../platform/storage/storage';
import { originOf, requireAuth } from '../accounts/access';
import { fileBody, sendFile } from '../uploads/uploads.routes';
import * as messages from './messages.service';

const id = z.string().min(1).max(40);
const MEMBERS = ['client', 'provider'] as const;
const NO_BOOKING = 'NOT_FOUND: no such booking, or not one of the caller’s';
const bookingParams = z.object({ bookingId: id });
const messageParams = z.object({ bookingId: id, messageId: id });

/** The conversation of a booking between its client and its provider; registered under /api. */
export const messagesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['messages'];
  const { db } = app;
  const storage = createLocalStorage({ dir: app.config.uploads.storageDir });
  const caller = (request: Parameters<typeof requireAuth>[0]) => {
    const auth = requireAuth(request);
    return { userId: auth.userId, role: auth.user.role };
  };

  app.get(
    '/me/conversations',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary:
          'The caller’s conversations: bookings with messages or under way, latest activity first, with the newest message (masked for the reader until acceptance) and the unread count',
        querystring: conversationListQuery,
        response: { 200: conversationList, ...errorResponses({ 400: 'CURSOR_INVALID' }) },
      },
    },
    async (request) => messages.listConversations({ db, userId: requireAuth(request).userId, ...request.query }),
  );

  app.get(
    '/bookings/:bookingId/messages',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The booking’s conversation, a page at a time (contact details masked for the reader until the booking is accepted)',
        params: bookingParams,
        querystring: messageListQuery,
        response: { 200: messageList, ...errorResponses({ 400: 'CURSOR_INVALID', 404: NO_BOOKING }) },
      },
    },
    async (request) => messages.listMessages({ db, bookingId: request.params.bookingId, ...caller(request), ...request.query }),
  );

  app.post(
    '/bookings/:bookingId/messages',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary: 'Write to the other party of the booking (text and/or one chat_attachment upload)',
        params: bookingParams,
        body: sendMessageInput,
        response: {
          201: message,
          ...errorResponses({ 404: `${NO_BOOKING}; ATTACHMENT_NOT_FOUND`, 409: 'ATTACHMENT_IN_USE: already attached to a message' }),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await messages.sendMessage({
          db,
          bookingId: request.params.bookingId,
          ...caller(request),
          body: request.body.body,
          attachmentId: request.body.attachmentId,
          origin: originOf(request),
        }),
      ),
  );

  app.post(
    '/bookings/:bookingId/messages/read',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary: 'Read receipts: mark what the other party sent, up to a message, as read',
        params: bookingParams,
        body: markReadInput,
        response: { 200: markReadResult, ...errorResponses({ 404: `${NO_BOOKING}; or no such message in it` }) },
      },
    },
    async (request) => messages.markRead({ db, bookingId: request.params.bookingId, ...caller(request), upTo: request.body.upTo }),
  );

  app.get(
    '/bookings/:bookingId/messages/:messageId/attachment',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Download a message’s attachment (the booking’s parties, admins)',
        params: messageParams,
        response: { 200: fileBody('The file, as an attachment'), ...errorResponses({ 404: `${NO_BOOKING}; or no attachment` }) },
      },
    },
    async (request, reply) => {
      const file = await messages.openMessageAttachment({ db, storage, ...request.params, ...caller(request) });
      return sendFile({ reply, file, cacheControl: 'private, no-store', disposition: 'attachment' });
    },
  );

  app.post(
    '/bookings/:bookingId/messages/:messageId/report',
    {
      config: { access: { roles: MEMBERS } },
      schema: {
        tags,
        summary: 'Report a message of the other party to the admins (once per member: a repeat returns the same report)',
        params: messageParams,
        body: reportInput,
        response: {
          201: reportCreated,
          ...errorResponses({ 404: `${NO_BOOKING}; or no such message in it`, 409: 'REPORT_OWN_CONTENT' }),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await messages.reportMessage({
          db,
          ...request.params,
          ...caller(request),
          reason: request.body.reason,
          origin: originOf(request),
        }),
      ),
  );
};

/** /api/admin/reports: what members reported (admin networks, admins with the second factor). */
export const reportsAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reports',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['admin', 'messages'],
        summary: 'Reported messages and reviews, newest first, with the text as written',
        querystring: contentReportQuery,
        response: { 200: contentReportList, ...errorResponses({ 400: 'CURSOR_INVALID' }) },
      },
    },
    async (request) => messages.listReports({ db: app.db, ...request.query }),
  );
};
