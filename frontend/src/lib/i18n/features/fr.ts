// Every feature page's texts in one language, one chunk: the first bundle only imports this file on demand.
import { bookingsFr } from '../bookings/fr';
import { checkoutFr } from '../checkout/fr';
import { disputesFr } from '../disputes/fr';
import { messagesFr } from '../messages/fr';
import { noticesFr } from '../notices/fr';
import { paymentsFr } from '../payments/fr';
import { payoutsFr } from '../payouts/fr';

export const featuresFr = {
  bookings: bookingsFr,
  notices: noticesFr,
  checkout: checkoutFr,
  disputes: disputesFr,
  payments: paymentsFr,
  payouts: payoutsFr,
  ...messagesFr,
};
