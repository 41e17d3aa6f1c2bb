// The Sumsub adapter (docs/decisions/0010-kyc-vendor-sumsub.md): every API request is
// signed with the app's secret key (X-App-Access-Sig: HMAC-SHA256 of timestamp + method +
// path with query + body bytes, hex), and every webhook carries X-Payload-Digest, an HMAC
// of its raw body under the webhook's secret key.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config/env';
import { AppError } from '../errors/app-error';

/** A document as the vendor files it: ID card sides, passport, selfie. */
export interface VendorDocument {
  type: 'id_front' | 'id_back' | 'passport' | 'selfie';
  data: Buffer;
  mimeType: string;
  fileName: string;
}

/** The applicant's review as the vendor holds it now (the truth a webhook only hints at). */
export interface VendorReview {
  /** init | pending | queued | onHold | completed … */
  status: string;
  answer: 'GREEN' | 'RED' | null;
  /** RETRY: the applicant may resubmit; FINAL: the vendor will not accept them. */
  rejectType: string | null;
  /** A reason a provider can read (the vendor's client comment, else its labels). */
  reason: string | null;
  /** When the vendor reviewed (or created) the applicant. */
  at: Date | null;
}

export interface KycVendor {
  /** Creates the applicant (or finds the one already made for this user), sends the documents and asks for the check. */
  startCheck(input: {
    externalUserId: string;
    applicantId: string | null;
    email: string;
    phone: string | null;
    country: string;
    documents: VendorDocument[];
  }): Promise<{ applicantId: string }>;
  review(applicantId: string): Promise<VendorReview>;
}

type KycConfig = Pick<Config['kyc'], 'apiBaseUrl' | 'apiKey' | 'apiSecret' | 'levelName'>;

const ID_DOC: Record<VendorDocument['type'], { idDocType: string; idDocSubType?: string }> = {
  id_front: { idDocType: 'ID_CARD', idDocSubType: 'FRONT_SIDE' },
  id_back: { idDocType: 'ID_CARD', idDocSubType: 'BACK_SIDE' },
  passport: { idDocType: 'PASSPORT' },
  selfie: { idDocType: 'SELFIE' },
};

/** The signature of one API request (also what the test server checks). */
export function signSumsubRequest({
  secret,
  ts,
  method,
  path,
  body,
}: {
  secret: string;
  ts: string;
  method: string;
  path: string;
  body: Buffer;
}) {
  return createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${ts}${method.toUpperCase()}${path}`), body]))
    .digest('hex');
}

const DIGEST_ALGORITHMS: Record<string, string> = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' };

/** Whether a webhook's raw body carries the digest of our webhook secret (constant-time comparison). */
export function sumsubWebhookValid({
  secret,
  rawBody,
  digest,
  algorithm,
}: {
  secret: string;
  rawBody: Buffer;
  digest: string | undefined;
  algorithm: string | undefined;
}): boolean {
  const hash = DIGEST_ALGORITHMS[algorithm ?? 'HMAC_SHA256_HEX'];
  if (!hash || !digest || !/^[0-9a-f]+$/i.test(digest)) return false;
  const expected = createHmac(hash, secret).update(rawBody).digest();
  const given = Buffer.from(digest, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A multipart body built here, so that its exact bytes can be signed. */
function multipart(fields: { name: string; value: string }[], file: { name: string; fileName: string; mimeType: string; data: Buffer }) {
  const boundary = `----khadamat${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const field of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field.name}"\r\n\r\n${field.value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function createSumsubVendor(config: KycConfig, { timeoutMs = 15_000 }: { timeoutMs?: number } = {}): KycVendor {
  const { apiBaseUrl, apiKey, apiSecret, levelName } = config;
  if (!apiBaseUrl || !apiKey || !apiSecret) throw new Error('The Sumsub adapter needs KYC_API_BASE_URL, KYC_API_KEY and KYC_API_SECRET');

  async function call<T>(
    method: string,
    path: string,
    { json, body, contentType }: { json?: unknown; body?: Buffer; contentType?: string } = {},
  ) {
    const bytes = json !== undefined ? Buffer.from(JSON.stringify(json)) : (body ?? Buffer.alloc(0));
    const ts = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(`${apiBaseUrl}${path}`, {
        method,
        headers: {
          'content-type': contentType ?? 'application/json',
          accept: 'application/json',
          'x-app-token': apiKey!,
          'x-app-access-ts': ts,
          'x-app-access-sig': signSumsubRequest({ secret: apiSecret!, ts, method, path, body: bytes }),
        },
        body: method === 'GET' ? undefined : bytes,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new AppError('KYC_VENDOR_UNAVAILABLE', 503, 'The identity check service cannot be reached; try again later');
    }
    const text = await res.text();
    return { status: res.status, data: (text ? JSON.parse(text) : {}) as T };
  }

  const failed = (what: string, status: number) =>
    new AppError('KYC_VENDOR_ERROR', 503, `The identity check service refused ${what} (HTTP ${status})`);

  return {
    async startCheck({ externalUserId, applicantId, email, phone, country, documents }) {
      let id = applicantId;
      if (!id) {
        const created = await call<{ id?: string }>('POST', `/resources/applicants?levelName=${encodeURIComponent(levelName)}`, {
          json: { externalUserId, email, ...(phone ? { phone } : {}), fixedInfo: { country } },
        });
        if (created.status === 409) {
          // Made by an earlier attempt whose answer was lost: found by our own id.
          const found = await call<{ id?: string }>(
            'GET',
            `/resources/applicants/-;externalUserId=${encodeURIComponent(externalUserId)}/one`,
          );
          if (found.status !== 200 || !found.data.id) throw failed('the applicant lookup', found.status);
          id = found.data.id;
        } else if (created.status !== 200 && created.status !== 201) {
          throw failed('the applicant', created.status);
        } else {
          id = created.data.id ?? null;
        }
        if (!id) throw failed('the applicant', created.status);
      }
      for (const doc of documents) {
        const { body, contentType } = multipart([{ name: 'metadata', value: JSON.stringify({ ...ID_DOC[doc.type], country }) }], {
          name: 'content',
          fileName: doc.fileName,
          mimeType: doc.mimeType,
          data: doc.data,
        });
        const sent = await call('POST', `/resources/applicants/${encodeURIComponent(id)}/info/idDoc`, { body, contentType });
        if (sent.status !== 200) throw failed('a document', sent.status);
      }
      const pending = await call('POST', `/resources/applicants/${encodeURIComponent(id)}/status/pending`);
      if (pending.status !== 200) throw failed('the check request', pending.status);
      return { applicantId: id };
    },

    async review(applicantId) {
      const res = await call<{
        createdAt?: string;
        review?: {
          reviewStatus?: string;
          reviewDate?: string;
          createDate?: string;
          reviewResult?: { reviewAnswer?: string; reviewRejectType?: string; clientComment?: string; rejectLabels?: string[] };
        };
      }>('GET', `/resources/applicants/${encodeURIComponent(applicantId)}/one`);
      if (res.status !== 200) throw failed('the applicant lookup', res.status);
      const review = res.data.review ?? {};
      const result = review.reviewResult ?? {};
      const answer = result.reviewAnswer === 'GREEN' || result.reviewAnswer === 'RED' ? result.reviewAnswer : null;
      const when = review.reviewDate ?? review.createDate;
      return {
        status: review.reviewStatus ?? 'init',
        answer,
        rejectType: result.reviewRejectType ?? null,
        reason: answer === 'RED' ? (result.clientComment ?? (result.rejectLabels ?? []).join(', ')) || null : null,
        at: when ? new Date(when.replace(' ', 'T') + (when.endsWith('Z') || when.includes('+') ? '' : 'Z')) : null,
      };
    },
  };
}
