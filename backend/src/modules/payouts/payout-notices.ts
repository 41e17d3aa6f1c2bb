// What a provider is told when a payout arrives or fails, in their language (the bell, a
// mail, an SMS for a failure), queued in the transaction that records it: a payout never
// fails silently.
import type { Locale } from '@khadamat/contracts';
import type { Config } from '../../config/env';
import type { DbClient } from '../../platform/db/client';
import { appLink } from '../../platform/mail/templates';
import { formatMoney } from '../bookings/booking-notices';
import { sendNotice } from '../notifications/notices';

export type PayoutEvent = 'paid' | 'failed';

type Writer = (amount: string) => { title: string; body: string; sms?: string };

const TEXTS: Record<Locale, Record<PayoutEvent, Writer> & { action: string }> = {
  fr: {
    action: 'Voir mes versements',
    paid: (amount) => ({ title: `Versement envoyé : ${amount}`, body: `${amount} ont été versés sur votre compte.` }),
    failed: (amount) => ({
      title: `Le versement de ${amount} a échoué`,
      body: `Le versement de ${amount} n’a pas abouti ; la somme reste à votre solde. Vérifiez vos coordonnées de paiement.`,
      sms: `Khadamat : le versement de ${amount} a échoué. Vérifiez vos coordonnées de paiement.`,
    }),
  },
  ar: {
    action: 'عرض دفعاتي',
    paid: (amount) => ({ title: `تم إرسال الدفعة: ${amount}`, body: `تم تحويل ${amount} إلى حسابك.` }),
    failed: (amount) => ({
      title: `فشلت دفعة ${amount}`,
      body: `لم تنجح دفعة ${amount}؛ يبقى المبلغ في رصيدك. تحقق من بيانات الدفع.`,
      sms: `Khadamat: فشلت دفعة ${amount}. تحقق من بيانات الدفع.`,
    }),
  },
  en: {
    action: 'View my payouts',
    paid: (amount) => ({ title: `Payout sent: ${amount}`, body: `${amount} has been paid out to your account.` }),
    failed: (amount) => ({
      title: `The payout of ${amount} failed`,
      body: `The payout of ${amount} did not go through; the money stays in your balance. Check your payout details.`,
      sms: `Khadamat: the payout of ${amount} failed. Check your payout details.`,
    }),
  },
};

/** Tells a payout's provider it arrived or failed, in `tx` (the transaction that records it). */
export async function notifyPayout(
  tx: DbClient,
  config: Readonly<Config>,
  { providerId, event, amountMinor, currency }: { providerId: string; event: PayoutEvent; amountMinor: number; currency: string },
) {
  const provider = await tx.providerProfile.findUnique({
    where: { id: providerId },
    select: { user: { select: { id: true, email: true, name: true, locale: true, phone: true, phoneVerifiedAt: true, deletedAt: true } } },
  });
  if (!provider) return;
  const locale = provider.user.locale as Locale;
  const texts = TEXTS[locale];
  await sendNotice(tx, provider.user, {
    event: 'payments',
    kind: `payout.${event}`,
    ...texts[event](formatMoney(amountMinor, currency, locale)),
    action: { label: texts.action, url: appLink({ baseUrl: config.frontendUrl, path: `/${locale}/account/payouts` }) },
  });
}
