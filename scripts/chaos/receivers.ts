// Local receivers that speak SMTP and Infobip's HTTP API, standing in for the mailbox
// provider and the SMS gateway. Each keeps one copy per dedupe key (the mail Message-ID,
// the SMS messageId) and counts how often each key arrived.
import { createServer, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { freePort, sleep } from './processes';

export class KeyedInbox {
  /** Arrivals per key (an arrival without a key is counted under ''). */
  readonly arrivals = new Map<string, number>();
  /** What the receiver kept: one entry per key, as a receiver honouring the key would. */
  readonly kept: string[] = [];
  /** Answer this much later: stretches delivery so a worker can be killed in the middle. */
  delayMs = 0;

  accept(key: string): void {
    const seen = this.arrivals.get(key) ?? 0;
    this.arrivals.set(key, seen + 1);
    if (seen === 0 || key === '') this.kept.push(key);
  }

  /** Keys among `keys` that arrived more than once / were kept more than once. */
  duplicates(keys: Iterable<string>): { sentTwice: number; keptTwice: number; missing: number } {
    const wanted = new Set(keys);
    let sentTwice = 0;
    let missing = 0;
    for (const key of wanted) {
      const count = this.arrivals.get(key) ?? 0;
      if (count === 0) missing++;
      if (count > 1) sentTwice++;
    }
    const keptCounts = new Map<string, number>();
    for (const key of this.kept) if (wanted.has(key)) keptCounts.set(key, (keptCounts.get(key) ?? 0) + 1);
    const keptTwice = [...keptCounts.values()].filter((n) => n > 1).length;
    return { sentTwice, keptTwice, missing };
  }
}

export interface Receivers {
  smtpPort: number;
  smsBaseUrl: string;
  mail: KeyedInbox;
  sms: KeyedInbox;
  close(): Promise<void>;
}

// `<outbox-<id>@domain>` → `outbox-<id>`: the outbox row the message came from.
const MESSAGE_ID = /^message-id:\s*<([^@>\s]+)@[^>]*>/im;

export async function startReceivers(): Promise<Receivers> {
  const mail = new KeyedInbox();
  const sms = new KeyedInbox();

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('error', () => undefined); // a sender killed mid-message: nothing was accepted
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = raw.slice(0, raw.search(/\r?\n\r?\n/) + 1 || raw.length).replace(/\r?\n[ \t]+/g, ' ');
        const key = MESSAGE_ID.exec(headers)?.[1] ?? '';
        void sleep(mail.delayMs).then(() => {
          // Accepted when the 250 goes out, as a mail server commits it.
          mail.accept(key);
          callback();
        });
      });
    },
  });
  // A sender killed mid-conversation (the worker, on purpose) resets its connection: that is
  // the fault under test, not a failure of the receiver, which keeps serving.
  smtp.on('error', () => undefined);
  const smtpPort = await freePort();
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));

  const http: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (request.method !== 'POST' || request.url !== '/sms/2/text/advanced' || !request.headers.authorization?.startsWith('App ')) {
        return reply(401, { requestError: { serviceException: { messageId: 'UNAUTHORIZED', text: 'Invalid login details' } } });
      }
      let destinations: { messageId?: string }[];
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages: { destinations: { messageId?: string }[] }[] };
        destinations = body.messages.flatMap((m) => m.destinations);
      } catch {
        return reply(400, { requestError: { serviceException: { messageId: 'BAD_REQUEST', text: 'Bad request' } } });
      }
      // A gateway takes the message when the request arrives, whether or not the sender
      // stays to read the answer.
      for (const d of destinations) sms.accept(d.messageId ?? '');
      void sleep(sms.delayMs).then(() =>
        reply(200, {
          messages: destinations.map((d) => ({
            messageId: d.messageId ?? 'generated',
            status: { groupName: 'PENDING', name: 'PENDING_ACCEPTED', description: 'Message sent to next instance' },
          })),
        }),
      );
    });
  });
  const smsPort = await freePort();
  await new Promise<void>((resolve) => http.listen(smsPort, '127.0.0.1', resolve));

  return {
    smtpPort,
    smsBaseUrl: `http://127.0.0.1:${smsPort}`,
    mail,
    sms,
    close: async () => {
      http.closeAllConnections();
      await Promise.all([new Promise((resolve) => http.close(resolve)), new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}
