// Every feature page's texts in one language, one chunk: the first bundle only imports this file on demand.
import { bookingsAr } from '../bookings/ar';
import { checkoutAr } from '../checkout/ar';
import { disputesAr } from '../disputes/ar';
import { messagesAr } from '../messages/ar';
import { noticesAr } from '../notices/ar';
import { paymentsAr } from '../payments/ar';
import { payoutsAr } from '../payouts/ar';

export const featuresAr = {
  bookings: bookingsAr,
  notices: noticesAr,
  checkout: checkoutAr,
  disputes: disputesAr,
  payments: paymentsAr,
  payouts: payoutsAr,
  ...messagesAr,
};
