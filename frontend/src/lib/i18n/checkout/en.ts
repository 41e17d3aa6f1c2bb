import type { checkoutFr } from './fr';

/** The card checkout of a booking (features/checkout), English. */
export const checkoutEn: typeof checkoutFr = {
  title: 'Card payment',
  card: 'Your card',
  amount: 'Amount: {{amount}}.',
  hold: 'Your card is authorised now and charged only when you confirm the job is done.',
  saved: 'The job is more than 4 days away: your card is saved now, authorised a few days before the job and charged when you confirm it.',
  pay: 'Authorise {{amount}}',
  paying: 'Authorising…',
  payNow: 'Pay now by card',
  payBy: 'Your saved card could not be authorised. Pay by {{when}}, or the booking will be cancelled.',
  payNowHint: 'The provider receives your request once the card is authorised.',
  notPayable: 'This booking is not waiting for a card payment.',
  unavailable: 'Card payment is not available at the moment.',
  back: 'Back to the booking',
  errors: {
    declined: 'Your card was declined. Try another card.',
    authentication: 'The card authentication failed. Try again or use another card.',
    generic: 'The payment did not go through. Try again.',
    load: 'The payment form could not be loaded.',
    booking: 'The booking could not be loaded.',
  },
};
