import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { challengePage, stripeJsStandIn } from './local-stripe-js';

/**
 * A local stand-in for Stripe's servers: the documented REST API for the calls the platform
 * makes (form-encoded bodies, Bearer secret key, Idempotency-Key with replay), and signed
 * webhooks (`Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")`). The real `stripe`
 * client talks to it through STRIPE_API_URL; tests start it on a free port, development and
 * CI with `npm run stripe:local`. Test payment methods behave as Stripe's test cards do.
 * Connect: Express accounts, Account Links (a hosted onboarding stand-in page under
 * `/setup/e/…`) and transfers to connected accounts, with `account.updated` and `transfer.*` events.
 */

type Json = Record<string, unknown>;

interface StoredCharge {
  id: string;
  amount: number;
  amountCaptured: number;
  amountRefunded: number;
  captured: boolean;
  disputed: boolean;
}

interface StoredIntent {
  id: string;
  clientSecret: string;
  amount: number;
  currency: string;
  captureMethod: 'manual' | 'automatic';
  status:
    'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'requires_capture' | 'processing' | 'succeeded' | 'canceled';
  paymentMethod: string | null;
  metadata: Record<string, string>;
  charge: StoredCharge | null;
  amountCapturable: number;
  amountReceived: number;
  cancellationReason: string | null;
  created: number;
  lastError: Json | null;
  customer: string | null;
  /** Confirmed without the cardholder (a saved card): a card that needs them fails instead. */
  offSession: boolean;
}

interface StoredSetupIntent {
  id: string;
  clientSecret: string;
  customer: string | null;
  usage: string;
  status: 'requires_payment_method' | 'requires_action' | 'succeeded' | 'canceled';
  paymentMethod: string | null;
  metadata: Record<string, string>;
  lastError: Json | null;
  created: number;
}

interface StoredRefund {
  id: string;
  amount: number;
  charge: string;
  paymentIntent: string;
  currency: string;
  metadata: Record<string, string>;
  created: number;
}

interface StoredDispute {
  id: string;
  amount: number;
  charge: string;
  paymentIntent: string;
  currency: string;
  status: 'needs_response' | 'won' | 'lost';
  created: number;
}

interface StoredAccount {
  id: string;
  country: string;
  email: string | null;
  capabilities: Record<string, 'inactive' | 'pending' | 'active'>;
  detailsSubmitted: boolean;
  currentlyDue: string[];
  pastDue: string[];
  disabledReason: string | null;
  metadata: Record<string, string>;
  created: number;
}

interface StoredTransfer {
  id: string;
  amount: number;
  amountReversed: number;
  currency: string;
  destination: string;
  transferGroup: string | null;
  metadata: Record<string, string>;
  created: number;
}

/** What an Express account must give before it can receive transfers (Stripe asks for these, roughly). */
const ONBOARDING_FIELDS = ['business_profile.url', 'external_account', 'individual.dob.day', 'individual.id_number', 'tos_acceptance.date'];

/** Money moving on the account's balance, as Stripe records it for each charge, refund and dispute. */
interface StoredBalanceTransaction {
  id: string;
  amount: number;
  currency: string;
  type: 'charge' | 'refund' | 'adjustment';
  reportingCategory: 'charge' | 'refund' | 'dispute' | 'dispute_reversal';
  /** The charge, refund or dispute it comes from. */
  source: string;
  created: number;
}

interface IdempotentAnswer {
  method: string;
  path: string;
  paramsHash: string;
  status: number;
  body: string;
}

export interface LocalStripeOptions {
  port?: number;
  /** Where events are posted, signed with `webhookSecret`; none: events are only stored. */
  webhookUrl?: string;
  webhookSecret?: string;
  /** 'auto': each event is posted as it happens; 'manual': only when `deliver(id)` is called. */
  delivery?: 'auto' | 'manual';
}

export interface LocalStripe {
  url: string;
  port: number;
  /** Every event, oldest first. */
  events: () => Json[];
  /** How many captures each PaymentIntent received that moved money (replays excluded). */
  captures: (intentId: string) => number;
  /** A cardholder disputes a captured charge: `charge.dispute.created`. */
  openDispute: (intentId: string) => Json;
  /** Balance transactions as Stripe lists them: newest first. */
  balanceTransactions: () => Json[];
  /** Closes a dispute: `charge.dispute.closed`. */
  closeDispute: (disputeId: string, outcome: 'won' | 'lost') => Json;
  /** How many transfers were made to each connected account (replays excluded). */
  transfers: (accountId: string) => number;
  /** The account holder finishes Stripe's hosted onboarding: `account.updated`, transfers active. */
  completeOnboarding: (accountId: string) => Json;
  /** Stripe asks an account for more (a deadline passed): payouts stop, `account.updated`. */
  requireMore: (accountId: string, fields: string[]) => Json;
  /** The signed body and header of an event, as Stripe would post them. */
  signed: (eventId: string, at?: number) => { payload: string; header: string };
  /** Posts an event to the webhook URL now; resolves to the HTTP status. */
  deliver: (eventId: string) => Promise<number>;
  close: () => Promise<void>;
}

/** Stripe's signature of a webhook body. */
export function stripeSignatureHeader(secret: string, payload: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

/** Decodes Stripe's form encoding (`a[b][c]=v`, `list[0]=v`) into nested objects. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let node: Json = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Json;
    });
  }
  return root;
}

class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.message));
  }
}

const invalid = (message: string, param?: string) =>
  new StripeFailure(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}) });

const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function positiveInt(value: unknown, param: string): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw invalid(`Invalid positive integer: ${param}`, param);
  }
  return n;
}

/** Test payment methods, as Stripe's documented test cards behave. */
function cardOutcome(paymentMethod: string, use: 'payment' | 'setup' = 'payment'): 'ok' | 'declined' | 'authentication_required' {
  if (paymentMethod === 'pm_card_chargeDeclined' || paymentMethod === 'pm_card_visa_chargeDeclined') return 'declined';
  // Saved without trouble, declined when charged (Stripe's 4000 0000 0000 0341).
  if (paymentMethod === 'pm_card_chargeCustomerFail') return use === 'setup' ? 'ok' : 'declined';
  if (paymentMethod === 'pm_card_authenticationRequired' || paymentMethod === 'pm_card_threeDSecureRequired')
    return 'authentication_required';
  if (paymentMethod.startsWith('pm_card_')) return 'ok';
  throw invalid(`No such PaymentMethod: '${paymentMethod}'`, 'payment_method');
}

export async function startLocalStripe(options: LocalStripeOptions = {}): Promise<LocalStripe> {
  const intents = new Map<string, StoredIntent>();
  const setupIntents = new Map<string, StoredSetupIntent>();
  const customers = new Map<string, Json>();
  const refunds = new Map<string, StoredRefund>();
  const disputes = new Map<string, StoredDispute>();
  const balance: StoredBalanceTransaction[] = [];
  const events: Json[] = [];
  const eventsById = new Map<string, Json>();
  const idempotency = new Map<string, IdempotentAnswer>();
  const captureCount = new Map<string, number>();
  const accounts = new Map<string, StoredAccount>();
  const transfers = new Map<string, StoredTransfer>();
  const transferCount = new Map<string, number>();
  /** Account Links: single-use tokens of the hosted onboarding stand-in page. */
  const accountLinks = new Map<string, { account: string; refreshUrl: string; returnUrl: string; expiresAt: number; used: boolean }>();
  let baseUrl = '';
  const delivery = options.delivery ?? 'auto';

  const chargeView = (intent: StoredIntent, charge: StoredCharge): Json => ({
    id: charge.id,
    object: 'charge',
    amount: charge.amount,
    amount_captured: charge.amountCaptured,
    amount_refunded: charge.amountRefunded,
    captured: charge.captured,
    refunded: charge.amountRefunded > 0 && charge.amountRefunded === charge.amountCaptured,
    disputed: charge.disputed,
    currency: intent.currency,
    payment_intent: intent.id,
    metadata: intent.metadata,
    livemode: false,
  });

  const intentView = (intent: StoredIntent): Json => ({
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    amount_capturable: intent.amountCapturable,
    amount_received: intent.amountReceived,
    capture_method: intent.captureMethod,
    cancellation_reason: intent.cancellationReason,
    client_secret: intent.clientSecret,
    created: intent.created,
    currency: intent.currency,
    customer: intent.customer,
    last_payment_error: intent.lastError,
    latest_charge: intent.charge?.id ?? null,
    livemode: false,
    metadata: intent.metadata,
    next_action: intent.status === 'requires_action' ? { type: 'use_stripe_sdk' } : null,
    payment_method: intent.paymentMethod,
    status: intent.status,
  });

  const refundView = (refund: StoredRefund): Json => ({
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    charge: refund.charge,
    currency: refund.currency,
    metadata: refund.metadata,
    payment_intent: refund.paymentIntent,
    status: 'succeeded',
    created: refund.created,
  });

  const disputeView = (dispute: StoredDispute): Json => ({
    id: dispute.id,
    object: 'dispute',
    amount: dispute.amount,
    charge: dispute.charge,
    currency: dispute.currency,
    payment_intent: dispute.paymentIntent,
    status: dispute.status,
    created: dispute.created,
  });

  const accountView = (account: StoredAccount): Json => {
    const active = account.capabilities.transfers === 'active';
    return {
      id: account.id,
      object: 'account',
      type: 'express',
      country: account.country,
      email: account.email,
      business_type: 'individual',
      capabilities: account.capabilities,
      charges_enabled: active && account.pastDue.length === 0,
      payouts_enabled: active && account.pastDue.length === 0,
      details_submitted: account.detailsSubmitted,
      requirements: {
        alternatives: [],
        current_deadline: null,
        currently_due: account.currentlyDue,
        disabled_reason: account.disabledReason,
        errors: [],
        eventually_due: account.currentlyDue,
        past_due: account.pastDue,
        pending_verification: [],
      },
      metadata: account.metadata,
      created: account.created,
      livemode: false,
    };
  };

  const transferView = (transfer: StoredTransfer): Json => ({
    id: transfer.id,
    object: 'transfer',
    amount: transfer.amount,
    amount_reversed: transfer.amountReversed,
    balance_transaction: `txn_${transfer.id.slice(3)}`,
    created: transfer.created,
    currency: transfer.currency,
    description: null,
    destination: transfer.destination,
    destination_payment: `py_${transfer.id.slice(3)}`,
    livemode: false,
    metadata: transfer.metadata,
    reversed: transfer.amountReversed > 0 && transfer.amountReversed === transfer.amount,
    reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${transfer.id}/reversals` },
    source_type: 'card',
    transfer_group: transfer.transferGroup,
  });

  const accountOf = (id: string) => {
    const account = accounts.get(id);
    if (!account)
      throw new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such account: '${id}'` });
    return account;
  };

  const completeOnboarding = (account: StoredAccount) => {
    account.detailsSubmitted = true;
    account.currentlyDue = [];
    account.pastDue = [];
    account.disabledReason = null;
    account.capabilities = { ...account.capabilities, transfers: 'active' };
    emit('account.updated', accountView(account));
    return accountView(account);
  };

  const balanceView = (txn: StoredBalanceTransaction): Json => ({
    id: txn.id,
    object: 'balance_transaction',
    amount: txn.amount,
    available_on: txn.created + 2 * 86_400,
    created: txn.created,
    currency: txn.currency,
    description: null,
    fee: 0,
    fee_details: [],
    net: txn.amount,
    reporting_category: txn.reportingCategory,
    source: txn.source,
    status: 'pending',
    type: txn.type,
  });

  // Each charge captured, refund made and dispute opened or won moves the balance (fees are 0 here).
  const recordBalance = (txn: Omit<StoredBalanceTransaction, 'id' | 'created'>) => {
    const stored = { ...txn, id: newId('txn'), created: now() };
    balance.push(stored);
    return stored;
  };

  /** The object a balance transaction comes from, for `expand[]=data.source`. */
  const sourceView = (source: string): Json | string => {
    const refund = refunds.get(source);
    if (refund) return refundView(refund);
    const dispute = disputes.get(source);
    if (dispute) return disputeView(dispute);
    const intent = [...intents.values()].find((i) => i.charge?.id === source);
    return intent?.charge ? chargeView(intent, intent.charge) : source;
  };

  // Deliveries under way: close() stops their retries and waits for them, so no request
  // reaches the API after the server is gone (it would hold the API's close on a keep-alive).
  const deliveries = new Set<Promise<void>>();
  let closed = false;
  const emit = (type: string, object: Json) => {
    const event: Json = {
      id: newId('evt'),
      object: 'event',
      api_version: '2026-11-18.endive',
      created: now(),
      data: { object },
      livemode: false,
      pending_webhooks: options.webhookUrl ? 1 : 0,
      request: { id: null, idempotency_key: null },
      type,
    };
    events.push(event);
    eventsById.set(event.id as string, event);
    if (delivery === 'auto' && options.webhookUrl && !closed) {
      const sending = deliverWithRetries(event.id as string).finally(() => deliveries.delete(sending));
      deliveries.add(sending);
    }
  };

  const signed = (eventId: string, at = now()) => {
    const event = eventsById.get(eventId);
    if (!event) throw new Error(`no event ${eventId}`);
    const payload = JSON.stringify(event, null, 2);
    return { payload, header: stripeSignatureHeader(options.webhookSecret ?? '', payload, at) };
  };

  const deliver = async (eventId: string): Promise<number> => {
    if (!options.webhookUrl) throw new Error('no webhook URL configured');
    const { payload, header } = signed(eventId);
    const response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'Stripe/1.0' },
      body: payload,
    });
    await response.arrayBuffer();
    return response.status;
  };

  // Stripe retries a failed delivery for days with back-off; locally a few quick tries.
  const deliverWithRetries = async (eventId: string) => {
    for (let attempt = 0; attempt < 5 && !closed; attempt++) {
      try {
        if ((await deliver(eventId)) < 300) return;
      } catch {
        // The API is not up yet, or restarting: try again.
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
  };

  const intentOf = (id: string) => {
    const intent = intents.get(id);
    if (!intent)
      throw new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${id}'` });
    return intent;
  };

  const confirm = (intent: StoredIntent, paymentMethod: string | undefined) => {
    if (paymentMethod) intent.paymentMethod = paymentMethod;
    if (!intent.paymentMethod) throw invalid('You must provide a payment method to confirm this PaymentIntent', 'payment_method');
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
      throw new StripeFailure(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `This PaymentIntent's status is ${intent.status}; it cannot be confirmed`,
      });
    }
    // A confirmation after the 3-D Secure step (the web checkout) completes it.
    const outcome = intent.status === 'requires_action' ? 'ok' : cardOutcome(intent.paymentMethod);
    if (outcome === 'declined') {
      intent.status = 'requires_payment_method';
      intent.lastError = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
      emit('payment_intent.payment_failed', intentView(intent));
      throw new StripeFailure(402, { ...intent.lastError, payment_intent: intentView(intent) });
    }
    if (outcome === 'authentication_required' && intent.offSession) {
      intent.status = 'requires_payment_method';
      intent.lastError = {
        type: 'card_error',
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
      };
      emit('payment_intent.payment_failed', intentView(intent));
      throw new StripeFailure(402, { ...intent.lastError, payment_intent: intentView(intent) });
    }
    if (outcome === 'authentication_required') {
      intent.status = 'requires_action';
      emit('payment_intent.requires_action', intentView(intent));
      return;
    }
    intent.lastError = null;
    intent.charge = { id: newId('ch'), amount: intent.amount, amountCaptured: 0, amountRefunded: 0, captured: false, disputed: false };
    if (intent.captureMethod === 'manual') {
      intent.status = 'requires_capture';
      intent.amountCapturable = intent.amount;
      emit('payment_intent.amount_capturable_updated', intentView(intent));
    } else {
      capture(intent, intent.amount);
    }
  };

  const setupView = (setup: StoredSetupIntent): Json => ({
    id: setup.id,
    object: 'setup_intent',
    client_secret: setup.clientSecret,
    created: setup.created,
    customer: setup.customer,
    last_setup_error: setup.lastError,
    livemode: false,
    metadata: setup.metadata,
    next_action: setup.status === 'requires_action' ? { type: 'use_stripe_sdk' } : null,
    payment_method: setup.paymentMethod,
    status: setup.status,
    usage: setup.usage,
  });

  const setupOf = (id: string) => {
    const setup = setupIntents.get(id);
    if (!setup)
      throw new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such setupintent: '${id}'` });
    return setup;
  };

  // The card is saved on the customer for later charges without the cardholder.
  const succeedSetup = (setup: StoredSetupIntent) => {
    setup.status = 'succeeded';
    setup.lastError = null;
    emit('setup_intent.succeeded', setupView(setup));
  };

  const capture = (intent: StoredIntent, amount: number) => {
    intent.status = 'succeeded';
    intent.amountCapturable = 0;
    intent.amountReceived = amount;
    intent.charge!.amountCaptured = amount;
    intent.charge!.captured = true;
    captureCount.set(intent.id, (captureCount.get(intent.id) ?? 0) + 1);
    recordBalance({ amount, currency: intent.currency, type: 'charge', reportingCategory: 'charge', source: intent.charge!.id });
    emit('charge.captured', chargeView(intent, intent.charge!));
    emit('payment_intent.succeeded', intentView(intent));
  };

  // The 3-D Secure step of a test card, done in the challenge frame (Stripe.js stand-in).
  const authenticate = (params: Json) => {
    const setup = setupIntents.get(String(params.id));
    if (setup && setup.clientSecret === params.client_secret && setup.status === 'requires_action') {
      if (params.outcome === 'complete') return succeedSetup(setup);
      setup.status = 'requires_payment_method';
      setup.lastError = {
        type: 'card_error',
        code: 'setup_intent_authentication_failure',
        message: 'We are unable to authenticate your payment method.',
      };
      emit('setup_intent.setup_failed', setupView(setup));
      return;
    }
    const intent = intents.get(String(params.id));
    if (!intent || intent.clientSecret !== params.client_secret)
      throw new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: 'No such intent' });
    if (intent.status !== 'requires_action') return;
    if (params.outcome === 'complete') {
      confirm(intent, undefined);
      return;
    }
    intent.status = 'requires_payment_method';
    intent.lastError = {
      type: 'card_error',
      code: 'payment_intent_authentication_failure',
      message: 'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
    };
    emit('payment_intent.payment_failed', intentView(intent));
  };

  /**
   * Routes a browser may call with the publishable key (as Stripe.js does), each naming the
   * intent whose client secret must come with the call.
   */
  const publishable = [
    /^\/v1\/payment_intents\/([\w]+)$/,
    /^\/v1\/payment_intents\/([\w]+)\/confirm$/,
    /^\/v1\/setup_intents\/([\w]+)$/,
    /^\/v1\/setup_intents\/([\w]+)\/confirm$/,
  ];

  const routes: Array<{ method: string; path: RegExp; run: (params: Json, match: RegExpExecArray) => Json }> = [
    {
      method: 'POST',
      path: /^\/v1\/payment_intents$/,
      run: (params) => {
        const amount = positiveInt(params.amount, 'amount');
        const currency = typeof params.currency === 'string' ? params.currency.toLowerCase() : '';
        if (!/^[a-z]{3}$/.test(currency)) throw invalid('Missing required param: currency.', 'currency');
        const captureMethod = params.capture_method === 'manual' ? 'manual' : 'automatic';
        const id = newId('pi');
        const intent: StoredIntent = {
          id,
          clientSecret: `${id}_secret_${randomBytes(8).toString('hex')}`,
          amount,
          currency,
          captureMethod,
          status: params.payment_method ? 'requires_confirmation' : 'requires_payment_method',
          paymentMethod: typeof params.payment_method === 'string' ? params.payment_method : null,
          metadata: (params.metadata as Record<string, string>) ?? {},
          charge: null,
          amountCapturable: 0,
          amountReceived: 0,
          cancellationReason: null,
          created: now(),
          lastError: null,
          customer: typeof params.customer === 'string' ? params.customer : null,
          offSession: params.off_session === 'true',
        };
        if (intent.customer && !customers.has(intent.customer)) throw invalid(`No such customer: '${intent.customer}'`, 'customer');
        intents.set(id, intent);
        emit('payment_intent.created', intentView(intent));
        if (params.confirm === 'true') confirm(intent, undefined);
        return intentView(intent);
      },
    },
    { method: 'GET', path: /^\/v1\/payment_intents\/([\w]+)$/, run: (_p, m) => intentView(intentOf(m[1]!)) },
    {
      method: 'POST',
      path: /^\/v1\/payment_intents\/([\w]+)\/confirm$/,
      run: (params, m) => {
        const intent = intentOf(m[1]!);
        intent.offSession = params.off_session === 'true';
        confirm(intent, typeof params.payment_method === 'string' ? params.payment_method : undefined);
        return intentView(intent);
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/payment_intents\/([\w]+)\/capture$/,
      run: (params, m) => {
        const intent = intentOf(m[1]!);
        if (intent.status !== 'requires_capture') {
          throw new StripeFailure(400, {
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
          });
        }
        const amount =
          params.amount_to_capture === undefined ? intent.amountCapturable : positiveInt(params.amount_to_capture, 'amount_to_capture');
        if (amount > intent.amountCapturable)
          throw invalid('amount_to_capture must be less than or equal to amount_capturable', 'amount_to_capture');
        capture(intent, amount);
        return intentView(intent);
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/payment_intents\/([\w]+)\/cancel$/,
      run: (params, m) => {
        const intent = intentOf(m[1]!);
        if (intent.status === 'succeeded' || intent.status === 'canceled') {
          throw new StripeFailure(400, {
            type: 'invalid_request_error',
            code: 'payment_intent_unexpected_state',
            message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
          });
        }
        intent.status = 'canceled';
        intent.amountCapturable = 0;
        intent.cancellationReason = typeof params.cancellation_reason === 'string' ? params.cancellation_reason : null;
        emit('payment_intent.canceled', intentView(intent));
        return intentView(intent);
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/customers$/,
      run: (params) => {
        const customer: Json = {
          id: newId('cus'),
          object: 'customer',
          created: now(),
          email: params.email ?? null,
          metadata: params.metadata ?? {},
          livemode: false,
        };
        customers.set(customer.id as string, customer);
        emit('customer.created', customer);
        return customer;
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/setup_intents$/,
      run: (params) => {
        const customer = typeof params.customer === 'string' ? params.customer : null;
        if (customer && !customers.has(customer)) throw invalid(`No such customer: '${customer}'`, 'customer');
        const id = newId('seti');
        const setup: StoredSetupIntent = {
          id,
          clientSecret: `${id}_secret_${randomBytes(8).toString('hex')}`,
          customer,
          usage: params.usage === 'on_session' ? 'on_session' : 'off_session',
          status: 'requires_payment_method',
          paymentMethod: null,
          metadata: (params.metadata as Record<string, string>) ?? {},
          lastError: null,
          created: now(),
        };
        setupIntents.set(id, setup);
        emit('setup_intent.created', setupView(setup));
        return setupView(setup);
      },
    },
    { method: 'GET', path: /^\/v1\/setup_intents\/([\w]+)$/, run: (_p, m) => setupView(setupOf(m[1]!)) },
    {
      method: 'POST',
      path: /^\/v1\/setup_intents\/([\w]+)\/confirm$/,
      run: (params, m) => {
        const setup = setupOf(m[1]!);
        if (typeof params.payment_method === 'string') setup.paymentMethod = params.payment_method;
        if (!setup.paymentMethod) throw invalid('You must provide a payment method to confirm this SetupIntent', 'payment_method');
        if (setup.status === 'succeeded' || setup.status === 'canceled') {
          throw new StripeFailure(400, {
            type: 'invalid_request_error',
            code: 'setup_intent_unexpected_state',
            message: `This SetupIntent's status is ${setup.status}; it cannot be confirmed`,
          });
        }
        const outcome = setup.status === 'requires_action' ? 'ok' : cardOutcome(setup.paymentMethod, 'setup');
        if (outcome === 'declined') {
          setup.status = 'requires_payment_method';
          setup.lastError = {
            type: 'card_error',
            code: 'card_declined',
            decline_code: 'generic_decline',
            message: 'Your card was declined.',
          };
          emit('setup_intent.setup_failed', setupView(setup));
          throw new StripeFailure(402, { ...setup.lastError, setup_intent: setupView(setup) });
        }
        if (outcome === 'authentication_required') {
          setup.status = 'requires_action';
          emit('setup_intent.requires_action', setupView(setup));
          return setupView(setup);
        }
        succeedSetup(setup);
        return setupView(setup);
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/refunds$/,
      run: (params) => {
        if (typeof params.payment_intent !== 'string') throw invalid('Missing required param: payment_intent.', 'payment_intent');
        const intent = intentOf(params.payment_intent);
        const charge = intent.charge;
        if (!charge?.captured) throw invalid(`PaymentIntent ${intent.id} does not have a successful charge to refund.`, 'payment_intent');
        if (charge.disputed) {
          throw new StripeFailure(400, {
            type: 'invalid_request_error',
            code: 'charge_disputed',
            message: `Charge ${charge.id} has been charged back.`,
          });
        }
        const remaining = charge.amountCaptured - charge.amountRefunded;
        const amount = params.amount === undefined ? remaining : positiveInt(params.amount, 'amount');
        if (amount > remaining || remaining === 0) {
          throw new StripeFailure(400, {
            type: 'invalid_request_error',
            code: 'charge_already_refunded',
            message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
          });
        }
        charge.amountRefunded += amount;
        const refund: StoredRefund = {
          id: newId('re'),
          amount,
          charge: charge.id,
          paymentIntent: intent.id,
          currency: intent.currency,
          metadata: (params.metadata as Record<string, string>) ?? {},
          created: now(),
        };
        refunds.set(refund.id, refund);
        recordBalance({ amount: -amount, currency: intent.currency, type: 'refund', reportingCategory: 'refund', source: refund.id });
        emit('refund.created', refundView(refund));
        emit('charge.refunded', chargeView(intent, charge));
        return refundView(refund);
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/refunds$/,
      run: (params) => {
        const data = [...refunds.values()]
          .filter((r) => !params.payment_intent || r.paymentIntent === params.payment_intent)
          .map(refundView);
        return { object: 'list', data, has_more: false, url: '/v1/refunds' };
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/disputes$/,
      run: (params) => {
        const data = [...disputes.values()]
          .filter((d) => !params.payment_intent || d.paymentIntent === params.payment_intent)
          .map(disputeView);
        return { object: 'list', data, has_more: false, url: '/v1/disputes' };
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/accounts$/,
      run: (params) => {
        if (params.type !== 'express') throw invalid('Only Express accounts are supported here: type=express', 'type');
        const country = typeof params.country === 'string' ? params.country.toUpperCase() : '';
        if (!/^[A-Z]{2}$/.test(country)) throw invalid('Invalid country', 'country');
        const requested = (params.capabilities as Record<string, { requested?: string }> | undefined) ?? {};
        const capabilities = Object.fromEntries(
          Object.entries(requested)
            .filter(([, value]) => value?.requested === 'true')
            .map(([name]) => [name, 'inactive' as const]),
        );
        const account: StoredAccount = {
          id: newId('acct'),
          country,
          email: typeof params.email === 'string' ? params.email : null,
          capabilities,
          detailsSubmitted: false,
          currentlyDue: [...ONBOARDING_FIELDS],
          pastDue: [],
          disabledReason: 'requirements.past_due',
          metadata: (params.metadata as Record<string, string>) ?? {},
          created: now(),
        };
        accounts.set(account.id, account);
        return accountView(account);
      },
    },
    { method: 'GET', path: /^\/v1\/accounts\/([\w]+)$/, run: (_p, m) => accountView(accountOf(m[1]!)) },
    {
      method: 'POST',
      path: /^\/v1\/account_links$/,
      run: (params) => {
        if (typeof params.account !== 'string') throw invalid('Missing required param: account.', 'account');
        accountOf(params.account);
        if (params.type !== 'account_onboarding' && params.type !== 'account_update') throw invalid('Invalid type', 'type');
        for (const name of ['refresh_url', 'return_url']) {
          if (typeof params[name] !== 'string' || !/^https?:\/\//.test(params[name] as string)) throw invalid(`Not a valid URL`, name);
        }
        const token = randomBytes(16).toString('hex');
        const expiresAt = now() + 300;
        accountLinks.set(token, {
          account: params.account,
          refreshUrl: params.refresh_url as string,
          returnUrl: params.return_url as string,
          expiresAt,
          used: false,
        });
        return { object: 'account_link', created: now(), expires_at: expiresAt, url: `${baseUrl}/setup/e/${token}` };
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/transfers$/,
      run: (params) => {
        const amount = positiveInt(params.amount, 'amount');
        const currency = typeof params.currency === 'string' ? params.currency.toLowerCase() : '';
        if (!/^[a-z]{3}$/.test(currency)) throw invalid('Missing required param: currency.', 'currency');
        if (typeof params.destination !== 'string') throw invalid('Missing required param: destination.', 'destination');
        const destination = accountOf(params.destination);
        if (destination.capabilities.transfers !== 'active') {
          throw invalid(
            'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
            'destination',
          );
        }
        const transfer: StoredTransfer = {
          id: newId('tr'),
          amount,
          amountReversed: 0,
          currency,
          destination: destination.id,
          transferGroup: typeof params.transfer_group === 'string' ? params.transfer_group : null,
          metadata: (params.metadata as Record<string, string>) ?? {},
          created: now(),
        };
        transfers.set(transfer.id, transfer);
        transferCount.set(destination.id, (transferCount.get(destination.id) ?? 0) + 1);
        emit('transfer.created', transferView(transfer));
        return transferView(transfer);
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/transfers$/,
      run: (params) => {
        const data = [...transfers.values()]
          .filter(
            (t) =>
              (!params.transfer_group || t.transferGroup === params.transfer_group) &&
              (!params.destination || t.destination === params.destination),
          )
          .sort((a, b) => b.created - a.created)
          .map(transferView);
        return { object: 'list', data, has_more: false, url: '/v1/transfers' };
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/transfers\/([\w]+)$/,
      run: (_p, m) => {
        const transfer = transfers.get(m[1]!);
        if (!transfer)
          throw new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such transfer: '${m[1]}'` });
        return transferView(transfer);
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/transfers\/([\w]+)\/reversals$/,
      run: (params, m) => {
        const transfer = transfers.get(m[1]!);
        if (!transfer)
          throw new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such transfer: '${m[1]}'` });
        const remaining = transfer.amount - transfer.amountReversed;
        const amount = params.amount === undefined ? remaining : positiveInt(params.amount, 'amount');
        if (amount > remaining || remaining === 0) throw invalid('The amount is greater than what remains to reverse', 'amount');
        transfer.amountReversed += amount;
        emit('transfer.reversed', transferView(transfer));
        return {
          id: newId('trr'),
          object: 'transfer_reversal',
          amount,
          currency: transfer.currency,
          transfer: transfer.id,
          created: now(),
        };
      },
    },
    {
      // Newest first, `created[gte|gt|lte|lt]`, `type`, `source`, pages of `limit` (10 by
      // default, at most 100) after `starting_after`, and `expand[]=data.source`.
      method: 'GET',
      path: /^\/v1\/balance_transactions$/,
      run: (params) => {
        const created = (params.created ?? {}) as Record<string, string>;
        const bound = (name: string) => (created[name] === undefined ? null : positiveInt(created[name], `created[${name}]`));
        const [gte, gt, lte, lt] = [bound('gte'), bound('gt'), bound('lte'), bound('lt')];
        const limit = params.limit === undefined ? 10 : positiveInt(params.limit, 'limit');
        if (limit > 100) throw invalid('limit must be less than or equal to 100', 'limit');
        let list = [...balance]
          .reverse()
          .filter(
            (t) =>
              (gte === null || t.created >= gte) &&
              (gt === null || t.created > gt) &&
              (lte === null || t.created <= lte) &&
              (lt === null || t.created < lt) &&
              (!params.type || t.type === params.type) &&
              (!params.source || t.source === params.source),
          );
        if (typeof params.starting_after === 'string') {
          const at = list.findIndex((t) => t.id === params.starting_after);
          if (at < 0) throw invalid(`No such balance_transaction: '${params.starting_after}'`, 'starting_after');
          list = list.slice(at + 1);
        }
        const expand = Object.values((params.expand ?? {}) as Record<string, string>);
        const data = list.slice(0, limit).map((t) => {
          const view = balanceView(t);
          return expand.includes('data.source') ? { ...view, source: sourceView(t.source) } : view;
        });
        return { object: 'list', data, has_more: list.length > limit, url: '/v1/balance_transactions' };
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/events\/([\w]+)$/,
      run: (_p, m) => {
        const event = eventsById.get(m[1]!);
        if (!event)
          throw new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such event: '${m[1]}'` });
        return event;
      },
    },
  ];

  // Stripe's API answers browsers (Stripe.js calls it from the checkout's origin).
  const CORS = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'Authorization, Content-Type, Stripe-Version, Idempotency-Key',
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
  };
  const answer = (res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req'), ...CORS, ...extra });
    res.end(body);
  };

  /**
   * The stand-in of Stripe's hosted Express onboarding (an Account Link's URL): a page that
   * finishes onboarding and goes back to `return_url`; a used or expired link goes to `refresh_url`.
   */
  const onboardingPage = (res: ServerResponse, method: string, token: string) => {
    const link = accountLinks.get(token);
    if (!link) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('No such link');
    }
    if (link.used || link.expiresAt < now()) {
      res.writeHead(302, { location: link.refreshUrl });
      return res.end();
    }
    if (method === 'POST') {
      link.used = true;
      completeOnboarding(accountOf(link.account));
      res.writeHead(303, { location: link.returnUrl });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe Express onboarding (local)</title></head>` +
        `<body><main><h1>Set up payouts (local Stripe)</h1><p>Account ${link.account}</p>` +
        `<form method="post"><button type="submit">Agree and submit</button></form></main></body></html>`,
    );
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return answer(res, 204, '');
    // The Stripe.js stand-in, and the issuer's page of its 3-D Secure step.
    const origin = `http://${req.headers.host ?? `127.0.0.1:${port}`}`;
    if (method === 'GET' && url.pathname === '/v3') {
      return answer(res, 200, stripeJsStandIn(origin), { 'content-type': 'application/javascript; charset=utf-8' });
    }
    if (method === 'GET' && url.pathname === '/v3/3ds') {
      const page = challengePage({
        kind: url.searchParams.get('kind') ?? '',
        id: url.searchParams.get('id') ?? '',
        clientSecret: url.searchParams.get('client_secret') ?? '',
        locale: url.searchParams.get('locale') ?? 'en',
      });
      return answer(res, 200, page, { 'content-type': 'text/html; charset=utf-8' });
    }
    if (method === 'POST' && url.pathname === '/v3/3ds') {
      try {
        authenticate(parseStripeForm(raw));
        return answer(res, 200, JSON.stringify({ done: true }));
      } catch (error) {
        if (!(error instanceof StripeFailure)) throw error;
        return answer(res, error.status, JSON.stringify({ error: error.body }));
      }
    }
    const hosted = /^\/setup\/e\/([0-9a-f]+)$/.exec(url.pathname);
    if (hosted) return onboardingPage(res, method, hosted[1]!);
    // Stripe takes the secret key as a Bearer token or as the user name of Basic auth (curl -u sk_test_…:).
    const auth = req.headers.authorization ?? '';
    const basic = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0] : null;
    const key = basic ?? (auth.startsWith('Bearer ') ? auth.slice(7) : '');
    // Query strings use the same bracketed encoding as bodies (`created[gte]=…`, `expand[0]=…`).
    const params = parseStripeForm(method === 'GET' ? url.search.slice(1) : raw);
    // A publishable key reaches only an intent whose client secret it brings.
    const browserCall = /^pk_test_\S+$/.test(key) ? publishable.map((path) => path.exec(url.pathname)).find(Boolean) : null;
    const secretOf = (id: string) => (intents.get(id) ?? setupIntents.get(id))?.clientSecret;
    if (browserCall && secretOf(browserCall[1]!) !== params.client_secret) {
      return answer(
        res,
        404,
        JSON.stringify({
          error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${browserCall[1]}'` },
        }),
      );
    }
    if (!browserCall && !/^(sk|rk)_test_\S+$/.test(key)) {
      return answer(res, 401, JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } }));
    }
    const route = routes.find((r) => r.method === method && r.path.test(url.pathname));
    if (!route) {
      return answer(
        res,
        404,
        JSON.stringify({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname})` } }),
      );
    }
    const idempotencyKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const paramsHash = createHash('sha256').update(raw).digest('hex');
    if (typeof idempotencyKey === 'string') {
      const earlier = idempotency.get(idempotencyKey);
      if (earlier) {
        // Stripe: the same key with other parameters is an error; with the same ones, the first answer again.
        if (earlier.path !== url.pathname || earlier.paramsHash !== paramsHash) {
          return answer(
            res,
            400,
            JSON.stringify({
              error: {
                type: 'idempotency_error',
                message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              },
            }),
          );
        }
        return answer(res, earlier.status, earlier.body, { 'idempotent-replayed': 'true', 'idempotency-key': idempotencyKey });
      }
    }
    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(route.run(params, route.path.exec(url.pathname)!));
    } catch (error) {
      if (!(error instanceof StripeFailure)) throw error;
      status = error.status;
      body = JSON.stringify({ error: error.body });
    }
    // Stripe keeps the answer of a request that ran, errors included (not 5xx, not 429).
    if (typeof idempotencyKey === 'string') idempotency.set(idempotencyKey, { method, path: url.pathname, paramsHash, status, body });
    answer(res, status, body, typeof idempotencyKey === 'string' ? { 'idempotency-key': idempotencyKey } : {});
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        answer(res, 500, JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    events: () => [...events],
    captures: (intentId) => captureCount.get(intentId) ?? 0,
    balanceTransactions: () => [...balance].reverse().map(balanceView),
    openDispute: (intentId) => {
      const intent = intentOf(intentId);
      if (!intent.charge?.captured) throw new Error(`${intentId} has no captured charge`);
      intent.charge.disputed = true;
      const dispute: StoredDispute = {
        id: newId('dp'),
        amount: intent.charge.amountCaptured - intent.charge.amountRefunded,
        charge: intent.charge.id,
        paymentIntent: intent.id,
        currency: intent.currency,
        status: 'needs_response',
        created: now(),
      };
      disputes.set(dispute.id, dispute);
      recordBalance({
        amount: -dispute.amount,
        currency: dispute.currency,
        type: 'adjustment',
        reportingCategory: 'dispute',
        source: dispute.id,
      });
      emit('charge.dispute.created', disputeView(dispute));
      return disputeView(dispute);
    },
    closeDispute: (disputeId, outcome) => {
      const dispute = disputes.get(disputeId);
      if (!dispute) throw new Error(`no dispute ${disputeId}`);
      // As at Stripe, a dispute's outcome is final: closing it again changes nothing.
      if (dispute.status !== 'needs_response') return disputeView(dispute);
      if (outcome === 'won') {
        recordBalance({
          amount: dispute.amount,
          currency: dispute.currency,
          type: 'adjustment',
          reportingCategory: 'dispute_reversal',
          source: dispute.id,
        });
      }
      dispute.status = outcome;
      emit('charge.dispute.closed', disputeView(dispute));
      return disputeView(dispute);
    },
    transfers: (accountId) => transferCount.get(accountId) ?? 0,
    completeOnboarding: (accountId) => completeOnboarding(accountOf(accountId)),
    requireMore: (accountId, fields) => {
      const account = accountOf(accountId);
      account.currentlyDue = [...fields];
      account.pastDue = [...fields];
      account.disabledReason = 'requirements.past_due';
      emit('account.updated', accountView(account));
      return accountView(account);
    },
    signed,
    deliver,
    close: async () => {
      closed = true;
      await Promise.all(deliveries);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The API's Stripe client keeps its connections alive: they end with the server.
        server.closeAllConnections();
      });
    },
  };
}
