import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateEnv } from '../../src/config/env';
import { PermanentDeliveryError, TransientDeliveryError } from '../../src/platform/mail/delivery-errors';
import { createSmsSender, type CapturedSms } from '../../src/platform/sms/sms';

const API_KEY = 'test-infobip-key';
const SENDER_ID = 'Khadamat';

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** How the gateway answers a well-formed, authorised request; 'hang' never answers. */
type Behaviour = { status: number; body: unknown } | 'hang';

const accepted = (messageId: string) => ({
  status: 200,
  body: {
    bulkId: 'bulk-1',
    messages: [
      {
        messageId,
        status: { groupId: 1, groupName: 'PENDING', id: 26, name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
        to: '212600000000',
      },
    ],
  },
});

const serviceException = (status: number, messageId: string, text: string) => ({
  status,
  body: { requestError: { serviceException: { messageId, text } } },
});

function isInfobipSmsBody(body: unknown): boolean {
  const message = (body as { messages?: { destinations?: { to?: unknown }[]; from?: unknown; text?: unknown }[] })?.messages?.[0];
  return (
    typeof message?.from === 'string' &&
    typeof message.text === 'string' &&
    typeof message.destinations?.[0]?.to === 'string' &&
    /^\d+$/.test(message.destinations[0].to)
  );
}

/** A local HTTP server that speaks Infobip's send-SMS API: it checks the key and the body shape as Infobip does. */
async function startInfobip() {
  const seen: SeenRequest[] = [];
  let behaviour: Behaviour = accepted('msg-1');
  const reply = (res: ServerResponse, { status, body }: { status: number; body: unknown }) =>
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: unknown = JSON.parse(raw || 'null');
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });

    if (req.method !== 'POST' || req.url !== '/sms/2/text/advanced') return reply(res, serviceException(404, 'NOT_FOUND', 'Not found'));
    if (req.headers.authorization !== `App ${API_KEY}`) return reply(res, serviceException(401, 'UNAUTHORIZED', 'Invalid login details'));
    if (!isInfobipSmsBody(body)) return reply(res, serviceException(400, 'BAD_REQUEST', 'Bad request'));
    if (behaviour !== 'hang') reply(res, behaviour);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    answer: (next: Behaviour) => void (behaviour = next),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

function infobipConfig(baseUrl: string, apiKey = API_KEY) {
  return validateEnv({
    NODE_ENV: 'test',
    MOCK_REDIS: 'true',
    SMS_PROVIDER: 'infobip',
    SMS_API_BASE_URL: baseUrl,
    SMS_API_KEY: apiKey,
    SMS_SENDER_ID: SENDER_ID,
  });
}

const noCapture = async () => {
  throw new Error('capture must not be used with a real provider');
};

describe('SMS through Infobip', () => {
  let infobip: Awaited<ReturnType<typeof startInfobip>>;
  beforeAll(async () => {
    infobip = await startInfobip();
  });
  afterEach(() => {
    infobip.seen.length = 0;
    infobip.answer(accepted('msg-1'));
  });
  afterAll(() => infobip.close());

  const sender = (opts: { apiKey?: string; timeoutMs?: number } = {}) =>
    createSmsSender({ config: infobipConfig(infobip.baseUrl, opts.apiKey), capture: noCapture, timeoutMs: opts.timeoutMs });

  it('posts the message as Infobip expects and returns its message id', async () => {
    infobip.answer(accepted('msg-42'));

    const result = await sender().send({ to: '+212600000000', text: 'Khadamat: 123456' });

    expect(result).toEqual({ id: 'msg-42', captured: false });
    expect(infobip.seen).toHaveLength(1);
    const [request] = infobip.seen;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/sms/2/text/advanced',
      headers: { authorization: `App ${API_KEY}`, 'content-type': 'application/json', accept: 'application/json' },
    });
    expect(request!.body).toEqual({ messages: [{ destinations: [{ to: '212600000000' }], from: SENDER_ID, text: 'Khadamat: 123456' }] });
  });

  it('reports a REJECTED status as permanent', async () => {
    infobip.answer({
      status: 200,
      body: {
        messages: [
          {
            messageId: 'msg-rejected',
            status: { groupId: 5, groupName: 'REJECTED', id: 51, name: 'REJECTED_DESTINATION', description: 'Destination is blocked' },
            to: '212600000000',
          },
        ],
      },
    });

    const sending = sender().send({ to: '+212600000000', text: 'x' });
    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toThrow(/REJECTED_DESTINATION/);
  });

  it('reports HTTP 503 and 429 as transient', async () => {
    infobip.answer(serviceException(503, 'GENERAL_ERROR', 'Service unavailable'));
    await expect(sender().send({ to: '+212600000000', text: 'x' })).rejects.toBeInstanceOf(TransientDeliveryError);

    infobip.answer(serviceException(429, 'TOO_MANY_REQUESTS', 'Too many requests'));
    await expect(sender().send({ to: '+212600000000', text: 'x' })).rejects.toBeInstanceOf(TransientDeliveryError);
  });

  it('reports a refused API key as permanent, with Infobip’s reason', async () => {
    const sending = sender({ apiKey: 'wrong-key' }).send({ to: '+212600000000', text: 'x' });
    await expect(sending).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(sending).rejects.toThrow('Infobip refused the request (HTTP 401): Invalid login details');
  });

  it('gives up on a gateway that never answers, as transient, within the timeout', async () => {
    infobip.answer('hang');
    const started = Date.now();

    await expect(sender({ timeoutMs: 200 }).send({ to: '+212600000000', text: 'x' })).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses a number that is not E.164 without calling Infobip', async () => {
    await expect(sender().send({ to: '0600000000', text: 'x' })).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(infobip.seen).toHaveLength(0);
  });
});

describe('SMS without a reachable gateway', () => {
  it('reports a refused connection as transient', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));

    const sms = createSmsSender({ config: infobipConfig(`http://127.0.0.1:${port}`), capture: noCapture });
    await expect(sms.send({ to: '+212600000000', text: 'x' })).rejects.toBeInstanceOf(TransientDeliveryError);
  });
});

describe('SMS in capture mode', () => {
  it('hands every message to the capture function instead of sending it', async () => {
    const captured: CapturedSms[] = [];
    const config = validateEnv({ NODE_ENV: 'test', MOCK_REDIS: 'true', SMS_PROVIDER: 'capture' });
    const sms = createSmsSender({ config, capture: async (message) => void captured.push(message) });

    const result = await sms.send({ to: '+213550000000', text: 'Khadamat: 123456' });

    expect(result.captured).toBe(true);
    expect(captured).toEqual([{ id: result.id, to: '+213550000000', text: 'Khadamat: 123456' }]);
  });
});
