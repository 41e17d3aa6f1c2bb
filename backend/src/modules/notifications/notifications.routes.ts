import {
  errorResponses,
  markNotificationsReadInput,
  markReadResult,
  notificationList,
  notificationListQuery,
  notificationPreferences,
  notificationPreferencesInput,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { originOf, requireAuth } from '../accounts/access';
import { listNotifications, markNotificationsRead } from './in-app.service';
import { getPreferences, setPreferences } from './preferences.service';

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

  app.get(
    '/me/notification-preferences',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Which events the caller hears of by which channel (mail, SMS, the bell)',
        response: { 200: notificationPreferences },
      },
    },
    async (request) => getPreferences({ db: app.db, userId: requireAuth(request).userId }),
  );

  app.put(
    '/me/notification-preferences',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Turn some event × channel pairs on or off (the others stay as they are)',
        body: notificationPreferencesInput,
        response: { 200: notificationPreferences },
      },
    },
    async (request) =>
      setPreferences({ db: app.db, userId: requireAuth(request).userId, preferences: request.body.preferences, origin: originOf(request) }),
  );
};
