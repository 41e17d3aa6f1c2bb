// A local server that speaks the part of Sumsub's API the adapter uses (applicants, ID
// documents, check requests, the applicant's review), checks every request's signature
// as Sumsub does, and sends webhooks signed with X-Payload-Digest. The adapter under test
// is the real one, pointed at this server.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSumsubRequest } from '../../src/platform/kyc/sumsub';

export interface FakeApplicant {
  id: string;
  externalUserId: string;
  levelName: string;
  email?: string;
  createdAt: string;
  documents: { idDocType: string; idDocSubType?: string; country?: string; bytes: number }[];
  review: {
    reviewStatus: string;
    createDate: string;
    reviewDate?: string;
    reviewResult?: { reviewAnswer: 'GREEN' | 'RED'; reviewRejectType?: string; clientComment?: string; rejectLabels?: string[] };
  };
}

export interface FakeSumsub {
  url: string;
  appToken: string;
  secretKey: string;
  webhookSecret: string;
  applicants: Map<string, FakeApplicant>;
  /** Requests refused for a bad signature (the adapter must never send one). */
  refused: number;
  /** The vendor reviews an applicant (what its dashboard or automation does). */
  decide(applicantId: string, answer: 'GREEN' | 'RED', opts?: { comment?: string; labels?: string[] }): void;
  /** A webhook body as Sumsub sends it. */
  event(applicantId: string, type: string, createdAtMs: string): Buffer;
  /** POSTs a body signed with the webhook secret (or `secret`) to the app, as Sumsub does. */
  sendWebhook(
    target: string,
    body: Buffer,
    opts?: { secret?: string; algorithm?: string; digest?: string },
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const now = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeSumsub(): Promise<FakeSumsub> {
  const appToken = `sbx:${randomBytes(8).toString('hex')}`;
  const secretKey = randomBytes(16).toString('hex');
  const webhookSecret = randomBytes(16).toString('hex');
  const applicants = new Map<string, FakeApplicant>();
  const state = { refused: 0 };

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '/';
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const ts = String(req.headers['x-app-access-ts'] ?? '');
    const expected = signSumsubRequest({ secret: secretKey, ts, method: req.method ?? 'GET', path, body });
    if (req.headers['x-app-token'] !== appToken || req.headers['x-app-access-sig'] !== expected || !/^\d+$/.test(ts)) {
      state.refused += 1;
      return send(401, { code: 401, description: 'Request signature mismatch' });
    }
    const url = new URL(path, 'http://sumsub.local');
    const one = /^\/resources\/applicants\/([^/]+)\/one$/.exec(url.pathname);
    const idDoc = /^\/resources\/applicants\/([^/]+)\/info\/idDoc$/.exec(url.pathname);
    const pending = /^\/resources\/applicants\/([^/]+)\/status\/pending$/.exec(url.pathname);
    if (req.method === 'POST' && url.pathname === '/resources/applicants') {
      const input = JSON.parse(body.toString()) as { externalUserId: string; email?: string };
      const levelName = url.searchParams.get('levelName');
      if (!levelName || !input.externalUserId) return send(400, { description: 'levelName and externalUserId are required' });
      if ([...applicants.values()].some((a) => a.externalUserId === input.externalUserId)) {
        return send(409, { description: 'Applicant with external user id already exists' });
      }
      const applicant: FakeApplicant = {
        id: randomBytes(12).toString('hex'),
        externalUserId: input.externalUserId,
        levelName,
        email: input.email,
        createdAt: now(),
        documents: [],
        review: { reviewStatus: 'init', createDate: now() },
      };
      applicants.set(applicant.id, applicant);
      return send(201, applicant);
    }
    if (req.method === 'GET' && one) {
      const key = decodeURIComponent(one[1]!);
      const byExternal = /^-;externalUserId=(.+)$/.exec(key);
      const applicant = byExternal ? [...applicants.values()].find((a) => a.externalUserId === byExternal[1]) : applicants.get(key);
      return applicant ? send(200, applicant) : send(404, { description: 'Applicant not found' });
    }
    if (req.method === 'POST' && idDoc) {
      const applicant = applicants.get(idDoc[1]!);
      if (!applicant) return send(404, { description: 'Applicant not found' });
      const boundary = /boundary=(.+)$/.exec(String(req.headers['content-type']))?.[1];
      const text = body.toString('latin1');
      const metadata = /name="metadata"\r\n\r\n(.*?)\r\n/.exec(text)?.[1];
      const content = text.indexOf('name="content"');
      if (!boundary || !metadata || content < 0) return send(400, { description: 'metadata and content are required' });
      const start = text.indexOf('\r\n\r\n', content) + 4;
      const end = text.indexOf(`\r\n--${boundary}--`, start);
      applicant.documents.push({ ...(JSON.parse(metadata) as { idDocType: string }), bytes: end - start });
      return send(200, { idDocType: JSON.parse(metadata).idDocType });
    }
    if (req.method === 'POST' && pending) {
      const applicant = applicants.get(pending[1]!);
      if (!applicant) return send(404, { description: 'Applicant not found' });
      applicant.review = { reviewStatus: 'pending', createDate: now() };
      return send(200, { ok: 1 });
    }
    send(404, { description: `No route ${req.method} ${url.pathname}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    appToken,
    secretKey,
    webhookSecret,
    applicants,
    get refused() {
      return state.refused;
    },
    decide(applicantId, answer, opts = {}) {
      const applicant = applicants.get(applicantId)!;
      applicant.review = {
        reviewStatus: 'completed',
        createDate: applicant.review.createDate,
        reviewDate: now(),
        reviewResult: {
          reviewAnswer: answer,
          ...(answer === 'RED'
            ? { reviewRejectType: 'RETRY', clientComment: opts.comment, rejectLabels: opts.labels ?? ['BAD_PROOF_OF_IDENTITY'] }
            : {}),
        },
      };
    },
    event(applicantId, type, createdAtMs) {
      const applicant = applicants.get(applicantId)!;
      return Buffer.from(
        JSON.stringify({
          applicantId,
          inspectionId: `insp-${applicantId}`,
          correlationId: randomBytes(8).toString('hex'),
          externalUserId: applicant.externalUserId,
          levelName: applicant.levelName,
          type,
          sandboxMode: true,
          reviewStatus: applicant.review.reviewStatus,
          ...(applicant.review.reviewResult ? { reviewResult: applicant.review.reviewResult } : {}),
          createdAtMs,
        }),
      );
    },
    async sendWebhook(target, body, opts = {}) {
      const algorithm = opts.algorithm ?? 'HMAC_SHA256_HEX';
      const hash = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' }[algorithm] ?? 'sha256';
      const digest =
        opts.digest ??
        createHmac(hash, opts.secret ?? webhookSecret)
          .update(body)
          .digest('hex');
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-payload-digest': digest, 'x-payload-digest-alg': algorithm },
        body,
      });
      return { status: res.status, body: await res.text() };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
