// The local Stripe server as a process (development, e2e, smoke, CI):
//   tsx scripts/stripe-local.ts [--port 12111] [--webhook-url http://127.0.0.1:3000/api/webhooks/stripe | none]
// Point the API at it with STRIPE_API_URL=http://127.0.0.1:<port> and a test key; it signs
// webhooks with STRIPE_WEBHOOK_SECRET, the secret the API checks them with.
import { parseArgs } from 'node:util';
import { startLocalStripe } from '../src/platform/payments/local-stripe';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { port: { type: 'string' }, 'webhook-url': { type: 'string' } },
});
const port = Number(values.port ?? process.env.STRIPE_LOCAL_PORT ?? 12111);
const apiBase = process.env.APP_BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
// `none`: events are only stored (a benchmark posts its own).
const webhookUrl =
  values['webhook-url'] === 'none' ? undefined : (values['webhook-url'] ?? `${apiBase.replace(/\/$/, '')}/api/webhooks/stripe`);
const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
if (!webhookSecret) console.warn('STRIPE_WEBHOOK_SECRET is not set: webhooks are signed with an empty secret and the API refuses them.');

const stripe = await startLocalStripe({ port, ...(webhookUrl ? { webhookUrl } : {}), ...(webhookSecret ? { webhookSecret } : {}) });
console.log(`local Stripe server on ${stripe.url}, ${webhookUrl ? `webhooks to ${webhookUrl}` : 'webhooks not sent'}`);
const stop = () => void stripe.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
