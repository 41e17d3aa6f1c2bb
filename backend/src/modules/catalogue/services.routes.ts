import {
  addPhotoInput,
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

/** Providers manage their own services (seeing whether each is visible); everyone reads published ones and provider pages. */
export const servicesRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['catalogue'];
  const db = app.db;

  app.get(
    '/services/:slug',
    { config: { access: 'public' }, schema: { tags, params: z.object({ slug: z.string().max(80) }), response: { 200: serviceView } } },
    async (request) => services.getPublicService({ db, slug: request.params.slug }),
  );

  app.get(
    '/providers/:providerId',
    { config: { access: 'public' }, schema: { tags, params: z.object({ providerId: id }), response: { 200: providerProfileView } } },
    async (request) => services.getProviderProfile({ db, providerId: request.params.providerId }),
  );

  app.get(
    '/me/services',
    { config: { access: { roles: PROVIDER } }, schema: { tags, response: { 200: ownServiceList } } },
    async (request) => ({
      services: await services.listOwnServices({ db, userId: requireAuth(request).userId }),
    }),
  );

  app.post(
    '/me/services',
    { config: { access: { roles: PROVIDER } }, schema: { tags, body: serviceInput, response: { 201: ownServiceView } } },
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
      schema: { tags, params: z.object({ serviceId: id }), body: serviceUpdate, response: { 200: ownServiceView } },
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
      { config: { access: { roles: PROVIDER } }, schema: { tags, params: z.object({ serviceId: id }), response: { 200: ownServiceView } } },
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
      schema: { tags, params: z.object({ serviceId: id }), body: addPhotoInput, response: { 200: ownServiceView } },
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
      schema: { tags, params: z.object({ serviceId: id, uploadId: id }), response: { 200: ownServiceView } },
    },
    async (request) => services.removeServicePhoto({ db, redis: app.redis, userId: requireAuth(request).userId, ...request.params }),
  );
};
