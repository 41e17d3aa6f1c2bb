import {
  addPhotoInput,
  errorResponses,
  ownServiceList,
  ownServiceView,
  providerProfileView,
  serviceInput,
  serviceUpdate,
  serviceView,
} from '@khadamat/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { originOf, requireAuth } from '../accounts/access';
import * as services from './services.service';

const PROVIDER = ['provider'] as const;
const id = z.string().min(1).max(40);
const NO_SERVICE = 'NOT_FOUND: no such service of this provider';
const SERVICE_REFERENCES = 'CATEGORY_NOT_FOUND, CITY_NOT_FOUND: the category or city does not exist';

/** Providers manage their own services (seeing whether each is visible); everyone reads published ones and provider pages. */
export const servicesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['catalogue'];
  const db = app.db;

  app.get(
    '/services/:slug',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A published service',
        params: z.object({ slug: z.string().max(80) }),
        response: {
          200: serviceView,
          ...errorResponses({
            404: 'NOT_FOUND: no visible service has this slug',
            410: 'GONE: the service was published and is no longer offered',
          }),
        },
      },
    },
    async (request) => services.getPublicService({ db, slug: request.params.slug }),
  );

  app.get(
    '/providers/:providerId',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A provider’s page and visible services',
        params: z.object({ providerId: id }),
        response: { 200: providerProfileView, ...errorResponses({ 404: 'NOT_FOUND: no such provider' }) },
      },
    },
    async (request) => services.getProviderProfile({ db, providerId: request.params.providerId }),
  );

  app.get(
    '/me/services',
    {
      config: { access: { roles: PROVIDER } },
      schema: { tags, summary: 'The provider’s own services, with whether each is visible', response: { 200: ownServiceList } },
    },
    async (request) => ({
      services: await services.listOwnServices({ db, userId: requireAuth(request).userId }),
    }),
  );

  app.post(
    '/me/services',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Create a service (a draft)',
        body: serviceInput,
        response: { 201: ownServiceView, ...errorResponses({ 400: SERVICE_REFERENCES }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await services.createService({
          db,
          redis: app.redis,
          userId: requireAuth(request).userId,
          input: request.body,
          origin: originOf(request),
        }),
      ),
  );

  app.patch(
    '/me/services/:serviceId',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Edit one of the provider’s services',
        params: z.object({ serviceId: id }),
        body: serviceUpdate,
        response: { 200: ownServiceView, ...errorResponses({ 400: SERVICE_REFERENCES, 404: NO_SERVICE }) },
      },
    },
    async (request) =>
      services.updateService({
        db,
        redis: app.redis,
        userId: requireAuth(request).userId,
        serviceId: request.params.serviceId,
        changes: request.body,
        origin: originOf(request),
      }),
  );

  for (const [action, status] of [
    ['publish', 'published'],
    ['pause', 'paused'],
  ] as const) {
    app.post(
      `/me/services/:serviceId/${action}`,
      {
        config: { access: { roles: PROVIDER } },
        schema: {
          tags,
          summary: action === 'publish' ? 'Publish one of the provider’s services' : 'Pause one of the provider’s services',
          params: z.object({ serviceId: id }),
          response: {
            200: ownServiceView,
            ...errorResponses(
              action === 'publish' ? { 400: 'SERVICE_INCOMPLETE: set a price before publishing', 404: NO_SERVICE } : { 404: NO_SERVICE },
            ),
          },
        },
      },
      async (request) =>
        services.setServiceStatus({
          db,
          redis: app.redis,
          userId: requireAuth(request).userId,
          serviceId: request.params.serviceId,
          status,
          origin: originOf(request),
        }),
    );
  }

  app.post(
    '/me/services/:serviceId/photos',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Add an uploaded photo (kind service_photo) to a service',
        params: z.object({ serviceId: id }),
        body: addPhotoInput,
        response: {
          200: ownServiceView,
          ...errorResponses({ 400: 'UPLOAD_NOT_FOUND: no such photo upload of this user; TOO_MANY_PHOTOS', 404: NO_SERVICE }),
        },
      },
    },
    async (request) =>
      services.addServicePhoto({
        db,
        redis: app.redis,
        userId: requireAuth(request).userId,
        serviceId: request.params.serviceId,
        uploadId: request.body.uploadId,
      }),
  );

  app.delete(
    '/me/services/:serviceId/photos/:uploadId',
    {
      config: { access: { roles: PROVIDER } },
      schema: {
        tags,
        summary: 'Remove a photo from a service',
        params: z.object({ serviceId: id, uploadId: id }),
        response: {
          200: ownServiceView,
          ...errorResponses({ 404: 'NOT_FOUND: no such service of this provider, or no such photo on it' }),
        },
      },
    },
    async (request) => services.removeServicePhoto({ db, redis: app.redis, userId: requireAuth(request).userId, ...request.params }),
  );
};
