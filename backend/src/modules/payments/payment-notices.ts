// What the client is told when money moves on their booking, in their language: by the bell,
// a mail and an SMS (the member's payment preferences), queued in the transaction that
// records the movement, so a notice exists exactly when its movement does.
import type { Locale } from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { DbClient } from '../../platform/db/client';
import { bookingPageLink } from '../bookings/bookings.service';
import { formatMoney } from '../bookings/booking-notices';
import { sendNotice } from '../notifications/notices';

export type PaymentEvent = 'captured' | 'failed' | 'refunded' | 'cash_received';

interface Vars {
  service: string;
  amount: string;
}
type Writer = (v: Vars) => { title: string; body: string; sms: string };

const TEXTS: Record<Locale, Record<PaymentEvent, Writer> & { action: string }> = {
  fr: {
    action: 'Voir la réservation',
    captured: (v) => ({
      title: `Paiement reçu : ${v.amount}`,
      body: `Votre carte a été débitée de ${v.amount} pour « ${v.service} ». Merci !`,
      sms: `Khadamat : paiement de ${v.amount} reçu pour « ${v.service} ».`,
    }),
    failed: (v) => ({
      title: 'Le paiement par carte a échoué',
      body: `Votre carte n’a pas pu être autorisée pour « ${v.service} » (${v.amount}). Essayez une autre carte depuis la réservation.`,
      sms: `Khadamat : le paiement de ${v.amount} pour « ${v.service} » a échoué. Essayez une autre carte.`,
    }),
    refunded: (v) => ({
      title: `Remboursement de ${v.amount}`,
      body: `${v.amount} vous sont remboursés pour « ${v.service} ». Le délai dépend de votre banque (souvent 5 à 10 jours).`,
      sms: `Khadamat : remboursement de ${v.amount} pour « ${v.service} ».`,
    }),
    cash_received: (v) => ({
      title: `Paiement en espèces enregistré : ${v.amount}`,
      body: `Le prestataire a confirmé avoir reçu ${v.amount} en espèces pour « ${v.service} ».`,
      sms: `Khadamat : paiement en espèces de ${v.amount} enregistré pour « ${v.service} ».`,
    }),
  },
  ar: {
    action: 'عرض الحجز',
    captured: (v) => ({
      title: `تم استلام الدفع: ${v.amount}`,
      body: `تم خصم ${v.amount} من بطاقتك مقابل «${v.service}». شكرًا لك!`,
      sms: `Khadamat: تم استلام دفع ${v.amount} مقابل «${v.service}».`,
    }),
    failed: (v) => ({
      title: 'فشل الدفع بالبطاقة',
      body: `تعذّر تفويض بطاقتك مقابل «${v.service}» (${v.amount}). جرّب بطاقة أخرى من صفحة الحجز.`,
      sms: `Khadamat: فشل دفع ${v.amount} مقابل «${v.service}». جرّب بطاقة أخرى.`,
    }),
    refunded: (v) => ({
      title: `استرداد ${v.amount}`,
      body: `سيُعاد إليك ${v.amount} مقابل «${v.service}». تتوقف المدة على بنكك (غالبًا من 5 إلى 10 أيام).`,
      sms: `Khadamat: استرداد ${v.amount} مقابل «${v.service}».`,
    }),
    cash_received: (v) => ({
      title: `تم تسجيل الدفع نقدًا: ${v.amount}`,
      body: `أكّد مقدّم الخدمة استلام ${v.amount} نقدًا مقابل «${v.service}».`,
      sms: `Khadamat: تم تسجيل دفع نقدي بقيمة ${v.amount} مقابل «${v.service}».`,
    }),
  },
  en: {
    action: 'View the booking',
    captured: (v) => ({
      title: `Payment received: ${v.amount}`,
      body: `Your card was charged ${v.amount} for "${v.service}". Thank you!`,
      sms: `Khadamat: payment of ${v.amount} received for "${v.service}".`,
    }),
    failed: (v) => ({
      title: 'Card payment failed',
      body: `Your card could not be authorised for "${v.service}" (${v.amount}). Try another card from the booking.`,
      sms: `Khadamat: the payment of ${v.amount} for "${v.service}" failed. Try another card.`,
    }),
    refunded: (v) => ({
      title: `Refund of ${v.amount}`,
      body: `${v.amount} is being refunded to you for "${v.service}". How long it takes depends on your bank (often 5 to 10 days).`,
      sms: `Khadamat: refund of ${v.amount} for "${v.service}".`,
    }),
    cash_received: (v) => ({
      title: `Cash payment recorded: ${v.amount}`,
      body: `The provider confirmed receiving ${v.amount} in cash for "${v.service}".`,
      sms: `Khadamat: cash payment of ${v.amount} recorded for "${v.service}".`,
    }),
  },
};

/** Tells the booking's client of a money movement, in `tx` (the movement's transaction). */
export async function notifyPayment(
  tx: DbClient,
  config: Readonly<Config>,
  { bookingId, event, amountMinor, currency }: { bookingId: string; event: PaymentEvent; amountMinor: number; currency: string },
) {
  const booking = await tx.booking.findUnique({
    where: { id: bookingId },
    select: {
      timeZone: true,
      service: { select: { title: true } },
      client: { select: { id: true, email: true, name: true, locale: true, phone: true, phoneVerifiedAt: true, deletedAt: true } },
    },
  });
  if (!booking) return;
  const locale = booking.client.locale as Locale;
  const texts = TEXTS[locale];
  const { title, body, sms } = texts[event]({ service: booking.service.title, amount: formatMoney(amountMinor, currency, locale) });
  await sendNotice(tx, booking.client, {
    event: 'payments',
    kind: `payment.${event}`,
    title,
    body,
    sms,
    action: { label: texts.action, url: bookingPageLink(config, bookingId, locale) },
    bookingId,
    timeZone: booking.timeZone,
  });
}
