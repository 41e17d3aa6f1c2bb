import type { BookingView } from '@khadamat/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { LoadState } from '@/components/ui/load-state';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale } from '@/hooks/use-locale';
import { useCheckoutConfig } from '@/lib/api/get-checkout-config';
import { formatMoney } from '@/lib/format-price';
import { mustPayNow, useBookingPayment } from '../api/get-booking-payment';
import { getBookingStatus } from '../api/get-booking-status';
import { useCardPayment } from '../api/start-card-payment';
import { loadStripeJs, type StripeElements, type StripeError, type StripeJs } from '../utils/load-stripe';

/** Stripe's refusals said in the page's language; Stripe.js's own (already localized) message otherwise. */
function describeStripeError(t: TFunction, error: StripeError): string {
  if (error.code === 'card_declined') return t('checkout.errors.declined');
  if (error.code === 'payment_intent_authentication_failure' || error.code === 'setup_intent_authentication_failure')
    return t('checkout.errors.authentication');
  if (error.type === 'validation_error' && error.message) return error.message;
  return t('checkout.errors.generic');
}

/**
 * The card step of a booking: the Payment Element of Stripe.js, confirmed with
 * `redirect: 'if_required'` (a 3-D Secure challenge opens over the page). Once Stripe has the
 * authorisation, Stripe's event sends the request to the provider; the page waits for it.
 */
export function Checkout({ booking, onPaid }: { booking: BookingView; onPaid: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const config = useCheckoutConfig();
  const current = useBookingPayment(booking.id, booking.viewerRole === 'client' && booking.status !== 'awaiting_payment');
  const payable = mustPayNow(booking, current.data?.payment);
  const payment = useCardPayment(booking.id, payable && Boolean(config.data?.cardAvailable));
  const mountRef = useRef<HTMLDivElement>(null);
  const stripeRef = useRef<{ stripe: StripeJs; elements: StripeElements } | null>(null);
  const [ready, setReady] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const clientSecret = payment.data?.clientSecret;
  const publishableKey = config.data?.publishableKey;
  const scriptUrl = config.data?.stripeJsUrl;
  useEffect(() => {
    if (!clientSecret || !publishableKey || !scriptUrl || !mountRef.current) return;
    let cancelled = false;
    let element: ReturnType<StripeElements['create']> | null = null;
    loadStripeJs(scriptUrl)
      .then((Stripe) => {
        if (cancelled || !mountRef.current) return;
        const stripe = Stripe(publishableKey, { locale });
        const elements = stripe.elements({ clientSecret, locale, appearance: { theme: 'stripe' } });
        element = elements.create('payment');
        element.on('ready', () => setReady(true));
        element.mount(mountRef.current);
        stripeRef.current = { stripe, elements };
      })
      .catch((cause: unknown) => setLoadError(cause));
    return () => {
      cancelled = true;
      element?.destroy();
      stripeRef.current = null;
    };
  }, [clientSecret, publishableKey, scriptUrl, locale]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const loaded = stripeRef.current;
    if (!loaded) return;
    setError(null);
    setPending(true);
    const returnUrl = `${window.location.origin}/${locale}/bookings/${encodeURIComponent(booking.id)}`;
    // A job beyond the hold window saves the card (authorised a few days before the job).
    const options = { elements: loaded.elements, redirect: 'if_required' as const, confirmParams: { return_url: returnUrl } };
    const result = payment.data?.mode === 'setup' ? await loaded.stripe.confirmSetup(options) : await loaded.stripe.confirmPayment(options);
    if (result.error) {
      setPending(false);
      setError(describeStripeError(t, result.error));
      return;
    }
    // Stripe's event moves the booking on in a moment: wait for it (a while at most) before showing the booking.
    for (let attempt = 0; attempt < 20; attempt++) {
      const status = await getBookingStatus(booking.id).catch(() => 'awaiting_payment');
      if (status !== 'awaiting_payment' || booking.status !== 'awaiting_payment') break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    onPaid();
  }

  if (current.isPending && current.fetchStatus !== 'idle') return <LoadState error={null} message="" retry={() => undefined} />;
  if (!payable) return <p className="state">{t('checkout.notPayable')}</p>;
  if (config.data && !config.data.cardAvailable) return <p className="state">{t('checkout.unavailable')}</p>;
  const failed = config.error ?? payment.error ?? loadError;
  return (
    <form className="form checkout" noValidate aria-labelledby={`${id}-heading`} onSubmit={(event) => void onSubmit(event)}>
      <h2 id={`${id}-heading`} className="section__heading">
        {t('checkout.card')}
      </h2>
      <p>
        {t('checkout.amount', { amount: formatMoney(booking.priceMinor, booking.currency, locale) })}{' '}
        {payment.data?.mode === 'setup' ? t('checkout.saved') : t('checkout.hold')}
      </p>
      <FormAlert error={error ? { message: error } : null} />
      {(!ready || Boolean(failed)) && (
        <LoadState
          error={failed}
          message={t('checkout.errors.load')}
          retry={() => {
            setLoadError(null);
            void config.refetch();
            void payment.refetch();
          }}
        />
      )}
      <div ref={mountRef} className="checkout__element" data-testid="payment-element" />
      {ready && (
        <SubmitButton pending={pending} pendingLabel={t('checkout.paying')}>
          {t('checkout.pay', { amount: formatMoney(booking.priceMinor, booking.currency, locale) })}
        </SubmitButton>
      )}
    </form>
  );
}
