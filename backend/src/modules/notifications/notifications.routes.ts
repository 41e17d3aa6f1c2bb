import {
  errorResponses,
  markNotificationsReadInput,
  markReadResult,
  notificationList,
  notificationListQuery,
  notificationPreferences,
  notificationPreferencesInput,
  unsubscribeQuery,
  unsubscribeState as unsubscribeStateSchema,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { originOf, requireAuth } from '../accounts/access';
import { listNotifications, markNotificationsRead } from './in-app.service';
import { getPreferences, setPreferences, unsubscribe, unsubscribeState } from './preferences.service';

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
        summary: 'Turn some event × channel pairs on or off (the others stay as they are), and/or set the SMS quiet hours',
        body: notificationPreferencesInput,
        response: { 200: notificationPreferences },
      },
    },
    async (request) =>
      setPreferences({
        db: app.db,
        userId: requireAuth(request).userId,
        preferences: request.body.preferences,
        quietHours: request.body.quietHours,
        origin: originOf(request),
      }),
  );

  // The links of notice mails, in a scope of their own for the form parser.
  await app.register(unsubscribeRoutes);
};

/** The links of notice mails: no session (the signed token names the member and the event). */
const unsubscribeRoutes: FastifyPluginAsyncZod = async (links) => {
  const tags = ['notifications'];
  const { db, config } = links;
  // Mail apps send the one-click POST as a form (`List-Unsubscribe=One-Click`, RFC 8058);
  // its content says nothing the token does not, so it is read and set aside.
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data']) {
    links.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 1024 }, (_request, _body, done) => done(null, {}));
  }

  links.get(
    '/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'What an unsubscribe link turns off, and whether it is still on (changes nothing)',
        querystring: unsubscribeQuery,
        response: { 200: unsubscribeStateSchema, ...errorResponses({ 400: 'UNSUBSCRIBE_LINK_INVALID' }) },
      },
    },
    async (request) => unsubscribeState({ db, config, token: request.query.token }),
  );

  links.post(
    '/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Stop the mail of the link’s event (one click from a mail app, or the web page)',
        querystring: unsubscribeQuery,
        response: { 200: unsubscribeStateSchema, ...errorResponses({ 400: 'UNSUBSCRIBE_LINK_INVALID' }) },
      },
    },
    async (request) => unsubscribe({ db, config, token: request.query.token, origin: originOf(request) }),
  );
};
