import type { Socket } from 'node:net';
import { connect } from 'node:net';

export interface ClamdTarget {
  host: string;
  port: number;
  timeoutMs: number;
}

export type ScanResult = { clean: true } | { clean: false; signature: string };

/** Sends one clamd command (z-prefixed, NUL-terminated) and resolves with the reply. */
function talk(target: ClamdTarget, write: (socket: Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.host, port: target.port });
    const chunks: Buffer[] = [];
    socket.setTimeout(target.timeoutMs, () => socket.destroy(new Error(`clamd did not answer within ${target.timeoutMs} ms`)));
    socket.once('connect', () => write(socket));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('error', reject);
    socket.once('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8').replace(/\0/g, '').trim());
    });
  });
}

export async function pingClamd(target: ClamdTarget): Promise<void> {
  const reply = await talk(target, (s) => s.end('zPING\0'));
  if (reply !== 'PONG') throw new Error('clamd gave an unexpected reply to PING');
}

/** INSTREAM scan: chunks prefixed by a 4-byte big-endian length, then a zero-length chunk. */
export async function scanBuffer(target: ClamdTarget, data: Buffer): Promise<ScanResult> {
  const reply = await talk(target, (socket) => {
    socket.write('zINSTREAM\0');
    const chunkSize = 64 * 1024;
    for (let offset = 0; offset < data.length; offset += chunkSize) {
      const chunk = data.subarray(offset, offset + chunkSize);
      const size = Buffer.alloc(4);
      size.writeUInt32BE(chunk.length);
      socket.write(size);
      socket.write(chunk);
    }
    socket.end(Buffer.alloc(4));
  });
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { clean: false, signature: found[1]! };
  if (reply === 'stream: OK') return { clean: true };
  throw new Error(`clamd could not scan the stream: ${reply}`);
}
