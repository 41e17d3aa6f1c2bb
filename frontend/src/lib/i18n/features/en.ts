// Every feature page's texts in one language, one chunk: the first bundle only imports this file on demand.
import { bookingsEn } from '../bookings/en';
import { checkoutEn } from '../checkout/en';
import { disputesEn } from '../disputes/en';
import { messagesEn } from '../messages/en';
import { noticesEn } from '../notices/en';
import { paymentsEn } from '../payments/en';
import { payoutsEn } from '../payouts/en';

export const featuresEn = {
  bookings: bookingsEn,
  notices: noticesEn,
  checkout: checkoutEn,
  disputes: disputesEn,
  payments: paymentsEn,
  payouts: payoutsEn,
  ...messagesEn,
};
