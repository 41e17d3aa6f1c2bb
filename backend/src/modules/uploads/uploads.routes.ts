import fastifyMultipart from '@fastify/multipart';
import { errorResponses, fileKeyParams, upload, uploadIdParams, uploadQuery } from '@khadamat/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createScanner } from '../../platform/antivirus/antivirus';
import { AppError } from '../../platform/errors/app-error';
import { createLocalStorage } from '../../platform/storage/storage';
import { originOf, requireAuth } from '../accounts/access';
import { createUploadPool } from './processing-pool';
import { uploadLimit } from './upload-kinds';
import { createUpload, deleteUpload, openPublicFile, openUploadDownload, type FileToSend, type UploadDeps } from './uploads.service';

const tags = ['uploads'];
/** A file's bytes, sent with the file's own Content-Type (image/webp for images, …). */
export const fileBody = (description: string) => ({
  description,
  content: { '*/*': { schema: z.string().meta({ format: 'binary' }) } },
});

function storageDeps(app: FastifyInstance): Pick<UploadDeps, 'db' | 'storage'> {
  return { db: app.db, storage: createLocalStorage({ dir: app.config.uploads.storageDir }) };
}

/** Uploading, downloading (private files) and deleting; registered under /api. */
export const uploadsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Registered here only: no other route accepts multipart bodies. Each request narrows
  // fileSize to its kind's limit.
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: uploadLimit({ configMaxBytes: app.config.uploads.maxBytes }),
      files: 1,
      fields: 4,
      fieldSize: 1024,
      parts: 5,
      headerPairs: 20,
    },
  });
  const deps: UploadDeps = {
    ...storageDeps(app),
    scanner: createScanner(app.config.antivirus),
    redis: app.redis,
    // The app's one processing pool: every image decode of this process goes through it.
    pool: createUploadPool(app.config.uploads.processingConcurrency),
    config: app.config,
  };

  app.post(
    '/uploads',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Upload a file of a kind (multipart/form-data, the file in the field "file")',
        consumes: ['multipart/form-data'],
        querystring: uploadQuery,
        multipartBody: z.object({ file: z.string().meta({ format: 'binary', description: 'The file' }) }),
        response: {
          201: upload,
          ...errorResponses({
            400: 'UPLOAD_MALFORMED, UPLOAD_FILE_MISSING, UPLOAD_EMPTY',
            403: 'FORBIDDEN: this role may not upload this kind',
            413: 'UPLOAD_TOO_LARGE: over the limit of this kind',
            415: 'UPLOAD_NOT_MULTIPART, UPLOAD_TYPE_NOT_ALLOWED',
            422: 'UPLOAD_INFECTED, UPLOAD_IMAGE_TOO_LARGE, UPLOAD_IMAGE_UNREADABLE',
            503: 'ANTIVIRUS_UNAVAILABLE: files cannot be checked right now',
          }),
        },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const created = await createUpload({
        ...deps,
        owner: { id: user.id, role: user.role },
        kind: request.query.kind,
        origin: originOf(request),
        receive: ({ maxBytes }) => receiveFile({ request, reply, maxBytes }),
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/uploads/:id/download',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Download a private file (its owner, or an admin)',
        params: uploadIdParams,
        response: { 200: fileBody('The file, as an attachment'), ...errorResponses({ 404: 'NOT_FOUND: no such upload for this user' }) },
      },
    },
    async (request, reply) => {
      const { user } = requireAuth(request);
      const file = await openUploadDownload({ ...deps, uploadId: request.params.id, viewer: { id: user.id, role: user.role } });
      return sendFile({ reply, file, cacheControl: 'private, no-store', disposition: 'attachment' });
    },
  );

  app.delete(
    '/uploads/:id',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'Delete one of the user’s uploads',
        params: uploadIdParams,
        response: {
          204: z.undefined().describe('Deleted'),
          ...errorResponses({ 404: 'NOT_FOUND: no such upload of this user', 409: 'UPLOAD_IN_USE: a document of the verification file' }),
        },
      },
    },
    async (request, reply) => {
      await deleteUpload({ ...deps, uploadId: request.params.id, ownerId: requireAuth(request).user.id });
      return reply.code(204).send();
    },
  );
};

/** Public files (service photos, avatars) for <img>; registered under /files. */
export const publicFilesRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = storageDeps(app);
  app.get(
    '/:key',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A public file (service photos, avatars) and its variants',
        params: fileKeyParams,
        response: { 200: fileBody('The file, inline, cached for a year'), ...errorResponses({ 404: 'NOT_FOUND: no such public file' }) },
      },
    },
    async (request, reply) => {
      const file = await openPublicFile({ ...deps, key: request.params.key });
      // Keys are random and never reused, so a cached copy can never be stale.
      return sendFile({ reply, file, cacheControl: 'public, max-age=31536000, immutable', disposition: 'inline' });
    },
  );
};

/**
 * Reads the one `file` part into memory, stopping at maxBytes: past it the part is
 * destroyed, the rest of the body is not read and nothing has been kept.
 */
async function receiveFile({ request, reply, maxBytes }: { request: FastifyRequest; reply: FastifyReply; maxBytes: number }) {
  if (!request.isMultipart()) throw new AppError('UPLOAD_NOT_MULTIPART', 415, 'Send the file as multipart/form-data in the field "file"');
  let part;
  try {
    part = await request.file({ limits: { fileSize: maxBytes } });
  } catch {
    throw new AppError('UPLOAD_MALFORMED', 400, 'The upload could not be read');
  }
  if (!part || part.fieldname !== 'file') throw new AppError('UPLOAD_FILE_MISSING', 400, 'Send the file in the field "file"');
  const stream = part.file;
  const tooLarge = () => new AppError('UPLOAD_TOO_LARGE', 413, `Files of this kind may weigh at most ${maxBytes} bytes`);
  const data = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('limit', () => {
      stream.destroy();
      // The unread rest of the body would hold the connection open: close it after the answer.
      reply.header('connection', 'close');
      reject(tooLarge());
    });
    // When the whole body arrived at once, the limit was hit before we listened: the part
    // then ends truncated.
    stream.once('end', () => (stream.truncated ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    stream.once('error', () => reject(new AppError('UPLOAD_MALFORMED', 400, 'The upload could not be read')));
  });
  return { data, fileName: part.filename };
}

export function sendFile({
  reply,
  file,
  cacheControl,
  disposition,
}: {
  reply: FastifyReply;
  file: FileToSend;
  cacheControl: string;
  disposition: 'inline' | 'attachment';
}) {
  return reply
    .headers({
      'content-type': file.mimeType,
      'content-length': file.size,
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
      'content-disposition': contentDisposition({ disposition, fileName: file.fileName }),
    })
    .send(file.stream);
}

/** `filename` as a plain-ASCII fallback, plus RFC 5987 `filename*` when the name is not ASCII (Arabic names). */
function contentDisposition({ disposition, fileName }: { disposition: 'inline' | 'attachment'; fileName: string }): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  if (ascii === fileName) return `${disposition}; filename="${ascii}"`;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
