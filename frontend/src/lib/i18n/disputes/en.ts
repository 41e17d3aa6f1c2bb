import type { disputesFr } from './fr';

/** The back office's disputes (features/admin), English. */
export const disputesEn: typeof disputesFr = {
  title: 'Disputes',
  bookings: 'Disputed bookings',
  noBookings: 'No disputed booking.',
  parties: 'Client: {{client}}, provider: {{provider}}',
  methods: { card: 'card', cash: 'cash' },
  reason: 'The client’s reason:',
  refund: 'Refund to the client ({{currency}})',
  refundHint: 'From 0 to the price. Card: the rest is charged; cash: the amount is only recorded.',
  note: 'Decision (sent to both parties)',
  resolve: 'Resolve the dispute',
  resolving: 'Saving…',
  invalid: 'Give an amount between 0 and the price (to the cent) and the decision.',
  done: 'Dispute resolved: both parties are told.',
  chargebacks: 'Card chargebacks',
  noChargebacks: 'No chargeback.',
  outcomes: { open: 'open', won: 'won', lost: 'lost (recovered from the provider)' },
  booking: 'View the booking',
  error: 'The disputes could not be loaded.',
};
