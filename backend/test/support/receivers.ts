// A real SMTP server and an SMS gateway (Infobip's protocol) on loopback, recording what
// reaches them. Delivery is at-least-once: a crash between sending and recording "sent"
// sends the message again once its lease runs out. Each message carries its outbox row's
// id, so a receiver that honours it (an SMTP inbox by Message-ID, the SMS gateway by its
// client reference) keeps one.
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  /** Raw header values by lower-case name (the last one of a name). */
  headers: Record<string, string>;
  text: string;
}

export interface Receivers {
  smtpPort: number;
  smsUrl: string;
  /** Message-IDs in order of arrival (one per DATA received, answered or not). */
  mails: string[];
  received: ReceivedMail[];
  sms: string[];
  /** While true, the SMTP server takes a message's data and never answers it: a sender stuck mid-send. */
  holdReplies: boolean;
  /** Mailboxes the SMTP server refuses for good (550), as a real server refuses an unknown one. */
  refused: Set<string>;
  /** Resolves with the next message the SMTP server takes. */
  nextMail: () => Promise<ReceivedMail>;
  close: () => Promise<void>;
}

export async function startReceivers(): Promise<Receivers> {
  const waiters: Array<(mail: ReceivedMail) => void> = [];
  const receivers = {
    mails: [] as string[],
    received: [] as ReceivedMail[],
    sms: [] as string[],
    holdReplies: false,
    refused: new Set<string>(),
    nextMail: () => new Promise<ReceivedMail>((resolve) => waiters.push(resolve)),
  };
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    onRcptTo(address, _session, callback) {
      if (!receivers.refused.has(address.address)) return callback();
      return callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      void simpleParser(stream).then((parsed) => {
        const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
        const headers = Object.fromEntries(parsed.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).trim()]));
        const mail = { messageId: parsed.messageId ?? '', to: to ?? '', subject: parsed.subject ?? '', headers, text: parsed.text ?? '' };
        receivers.mails.push(mail.messageId);
        receivers.received.push(mail);
        for (const waiter of waiters.splice(0)) waiter(mail);
        if (!receivers.holdReplies) callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const gateway = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const destination = (JSON.parse(body) as { messages: Array<{ destinations: Array<{ messageId?: string }> }> }).messages[0]!
        .destinations[0]!;
      receivers.sms.push(destination.messageId ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          messages: [{ messageId: destination.messageId ?? 'generated', status: { groupName: 'PENDING', name: 'PENDING_ENROUTE' } }],
        }),
      );
    });
  });
  gateway.listen(0, '127.0.0.1');
  await once(gateway, 'listening');
  return Object.assign(receivers, {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    smsUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
    close: async () => {
      // A held connection would keep close() waiting: end every session first.
      for (const connection of (smtp as unknown as { connections: Set<{ close: () => void }> }).connections) connection.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      gateway.close();
    },
  });
}
