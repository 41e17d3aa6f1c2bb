import { errorResponses, markNotificationsReadInput, markReadResult, notificationList, notificationListQuery } from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../accounts/access';
import { listNotifications, markNotificationsRead } from './in-app.service';

/** The member's in-app notifications (the bell); registered under /api. */
export const notificationsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notifications'];

  app.get(
    '/me/notifications',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The caller’s notifications, newest first, and how many are unread',
        querystring: notificationListQuery,
        response: { 200: notificationList, ...errorResponses({ 400: 'CURSOR_INVALID' }) },
      },
    },
    async (request) => listNotifications({ db: app.db, userId: requireAuth(request).userId, ...request.query }),
  );

  app.post(
    '/me/notifications/read',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Mark some of the caller’s notifications (or all of them) read',
        body: markNotificationsReadInput,
        response: { 200: markReadResult },
      },
    },
    async (request) => markNotificationsRead({ db: app.db, userId: requireAuth(request).userId, ids: request.body.ids }),
  );
};
