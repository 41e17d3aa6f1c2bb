import { get, type IncomingMessage } from 'node:http';

// A server-sent events client for tests, as a browser's EventSource reads the stream: each
// block's `id:` moves the cursor (even without data), `event:` names it, `data:` is JSON.

export interface SseEvent {
  id: string;
  event: string;
  data: unknown;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  lastId = '';
  ended = false;
  private waiters: { count: number; resolve: () => void }[] = [];
  private endWaiters: (() => void)[] = [];

  private constructor(
    readonly status: number,
    readonly body: string,
    private readonly controller: AbortController,
  ) {}

  /** Opens a stream (a connection of its own, closed with it); a refusal is returned with its status and body. */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const controller = new AbortController();
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false, signal: controller.signal }, resolve).on(
        'error',
        reject,
      );
    });
    if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
      let body = '';
      for await (const chunk of res) body += String(chunk);
      return new SseClient(res.statusCode ?? 0, body, controller);
    }
    const client = new SseClient(200, '', controller);
    void client.read(res);
    return client;
  }

  private async read(body: IncomingMessage) {
    const decoder = new TextDecoder();
    let buffer = '';
    let block: { id?: string; event?: string; data: string[] } = { data: [] };
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline = buffer.indexOf('\n');
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf('\n');
          if (line === '') {
            if (block.id !== undefined) this.lastId = block.id;
            if (block.data.length) {
              this.events.push({ id: this.lastId, event: block.event ?? 'message', data: JSON.parse(block.data.join('\n')) });
              this.notify();
            }
            block = { data: [] };
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') block.id = value;
          else if (field === 'event') block.event = value;
          else if (field === 'data') block.data.push(value);
        }
      }
    } catch {
      // aborted by close()
    }
    this.ended = true;
    for (const resolve of this.endWaiters) resolve();
    this.notify();
  }

  private notify() {
    this.waiters = this.waiters.filter((w) => {
      if (this.events.length < w.count && !this.ended) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `count` events in all have arrived (or the stream ended). */
  async waitFor(count: number): Promise<SseEvent[]> {
    if (this.events.length < count && !this.ended) await new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
    return this.events;
  }

  /** Resolves when the server ends the stream. */
  untilEnded(): Promise<void> {
    return this.ended ? Promise.resolve() : new Promise((resolve) => this.endWaiters.push(resolve));
  }

  close() {
    this.controller.abort();
  }
}
