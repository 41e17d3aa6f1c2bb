// A member's live stream (`GET /api/me/events`) held through the load balancer as a browser's
// EventSource holds it: when the server ends it (a drained process) or it breaks, it reconnects
// after a moment with `Last-Event-ID`. An ended stream is not a failure; what counts is that
// every message arrives once.
import { get } from 'node:http';
import { sleep } from './processes';

export class LiveReader {
  /** Message ids in the order received (a repeat shows twice). */
  readonly messages: string[] = [];
  /** Streams the server ended (drained at shutdown), and reconnections refused or broken. */
  ended = 0;
  refused = 0;
  private lastId = '';
  private running = true;
  private current: { destroy: () => void } | null = null;
  private readonly loop: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {
    this.loop = this.run();
  }

  private async run() {
    while (this.running) {
      const outcome = await this.once();
      if (outcome === 'ended') this.ended++;
      else if (this.running) this.refused++;
      // The `retry:` the server asks for.
      await sleep(1_000);
    }
  }

  private once(): Promise<'ended' | 'failed'> {
    return new Promise((resolve) => {
      const headers = { accept: 'text/event-stream', ...this.headers, ...(this.lastId ? { 'last-event-id': this.lastId } : {}) };
      const req = get(this.url, { headers, agent: false }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return resolve('failed');
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const id = lines.find((l) => l.startsWith('id: '));
            if (id) this.lastId = id.slice(4);
            const data = lines.find((l) => l.startsWith('data: '));
            if (data && lines.includes('event: message'))
              this.messages.push((JSON.parse(data.slice(6)) as { message: { id: string } }).message.id);
          }
        });
        res.on('end', () => resolve('ended'));
        res.on('error', () => resolve('failed'));
        res.on('aborted', () => resolve('failed'));
      });
      req.on('error', () => resolve('failed'));
      this.current = req;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.current?.destroy();
    await this.loop;
  }
}
