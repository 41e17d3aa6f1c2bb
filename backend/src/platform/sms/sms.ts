import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../../config/env';
import { PermanentDeliveryError, TransientDeliveryError } from '../mail/delivery-errors';

export interface OutgoingSms {
  /** A stable id of this message (its outbox row): the gateway's client reference, so a re-send is recognised. */
  key?: string;
  /** E.164, e.g. +212600000000. */
  to: string;
  text: string;
}

/** A message kept instead of sent (SMS_PROVIDER=capture: local work only). */
export interface CapturedSms extends OutgoingSms {
  id: string;
}
export type SmsCapture = (sms: CapturedSms) => Promise<void>;

export interface SmsSender {
  send(message: OutgoingSms): Promise<{ id: string; captured: boolean }>;
}

interface CreateSmsSenderInput {
  config: Pick<Config, 'sms'>;
  capture: SmsCapture;
  fetchImpl?: typeof fetch;
  /** How long the gateway may take to answer; a test of a hanging gateway shortens it. */
  timeoutMs?: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Infobip when SMS_PROVIDER=infobip; otherwise every message goes to `capture`. */
export function createSmsSender({ config, capture, fetchImpl = fetch, timeoutMs = 10_000 }: CreateSmsSenderInput): SmsSender {
  const deliver =
    config.sms.provider === 'infobip' ? createInfobipDelivery({ sms: config.sms, fetchImpl, timeoutMs }) : captureDelivery(capture);
  return {
    async send(message) {
      // The same number will never become valid: checked in capture mode too, so local
      // work fails the way production does.
      if (!E164.test(message.to)) throw new PermanentDeliveryError('The SMS recipient is not an E.164 number (+212…)');
      return deliver(message);
    },
  };
}

type Deliver = (message: OutgoingSms) => Promise<{ id: string; captured: boolean }>;

function captureDelivery(capture: SmsCapture): Deliver {
  return async (message) => {
    const id = message.key ?? randomUUID();
    await capture({ ...message, id });
    return { id, captured: true };
  };
}

// https://www.infobip.com/docs/api/channels/sms/sms-messaging/outbound-sms/send-sms-message
const infobipReply = z.object({
  messages: z
    .array(
      z.object({
        messageId: z.string(),
        status: z.object({ groupName: z.string(), name: z.string(), description: z.string().optional() }),
      }),
    )
    .min(1),
});
const infobipError = z.object({ requestError: z.object({ serviceException: z.object({ text: z.string() }) }) });

const ACCEPTED_GROUPS = ['PENDING', 'ACCEPTED', 'DELIVERED'];
const REFUSED_GROUPS = ['REJECTED', 'UNDELIVERABLE'];

interface InfobipDeliveryInput {
  sms: Config['sms'];
  fetchImpl: typeof fetch;
  timeoutMs: number;
}

function createInfobipDelivery({ sms, fetchImpl, timeoutMs }: InfobipDeliveryInput): Deliver {
  const { apiBaseUrl, apiKey, senderId } = sms;
  // validateEnv() requires all three for infobip; this guards a hand-built config.
  if (!apiBaseUrl || !apiKey || !senderId) throw new Error('Infobip needs SMS_API_BASE_URL, SMS_API_KEY and SMS_SENDER_ID');
  const endpoint = `${apiBaseUrl}/sms/2/text/advanced`;
  return async ({ key, to, text }) => {
    // Infobip wants the number without its leading '+'; messageId is the client's own
    // reference, returned in delivery reports, by which a re-sent message is recognised.
    const destination = key ? { to: to.slice(1), messageId: key } : { to: to.slice(1) };
    const body = { messages: [{ destinations: [destination], from: senderId, text }] };
    const { status, payload } = await postJson({ endpoint, apiKey, body, fetchImpl, timeoutMs });
    if (status === 429 || status >= 500) throw new TransientDeliveryError(`Infobip answered HTTP ${status}`);
    if (status >= 400) {
      const reason = infobipError.safeParse(payload).data?.requestError.serviceException.text ?? 'no details';
      throw new PermanentDeliveryError(`Infobip refused the request (HTTP ${status}): ${reason}`);
    }
    return { id: readMessageId(payload), captured: false };
  };
}

/** The message's id when Infobip took it; REJECTED (bad number, blocked sender…) is final. */
function readMessageId(payload: unknown): string {
  const reply = infobipReply.safeParse(payload);
  if (!reply.success) throw new TransientDeliveryError('Infobip answered with an unexpected body');
  const { messageId, status } = reply.data.messages[0]!;
  const reason = `${status.groupName}/${status.name}${status.description ? `: ${status.description}` : ''}`;
  if (REFUSED_GROUPS.includes(status.groupName)) throw new PermanentDeliveryError(`Infobip refused the SMS (${reason})`);
  if (!ACCEPTED_GROUPS.includes(status.groupName)) throw new TransientDeliveryError(`Infobip did not accept the SMS (${reason})`);
  return messageId;
}

interface PostJsonInput {
  endpoint: string;
  apiKey: string;
  body: unknown;
  fetchImpl: typeof fetch;
  timeoutMs: number;
}

/** One POST; a network failure or no full answer within the timeout is transient. */
async function postJson({ endpoint, apiKey, body, fetchImpl, timeoutMs }: PostJsonInput): Promise<{ status: number; payload: unknown }> {
  let status: number;
  let raw: string;
  try {
    const response = await fetchImpl(endpoint, {
      method: 'POST',
      headers: { Authorization: `App ${apiKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    raw = await response.text();
  } catch (err) {
    throw new TransientDeliveryError(`Infobip could not be reached or did not answer within ${timeoutMs} ms`, { cause: err });
  }
  return { status, payload: parseJson(raw) };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
