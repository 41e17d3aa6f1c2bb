/**
 * The part of Stripe.js the checkout uses (https://docs.stripe.com/js), typed here: the page
 * loads the script from the configured address (Stripe's in production), so that the same
 * code runs against Stripe and against the local Stripe server's stand-in.
 */
export interface StripeError {
  type: string;
  code?: string;
  decline_code?: string;
  message?: string;
}
export interface StripeElement {
  mount(target: string | HTMLElement): void;
  on(event: 'ready', handler: () => void): void;
  destroy(): void;
}
export interface StripeElements {
  create(type: 'payment', options?: Record<string, unknown>): StripeElement;
}
interface ConfirmOptions {
  elements: StripeElements;
  redirect: 'if_required';
  confirmParams: { return_url: string };
}
export interface StripeJs {
  elements(options: { clientSecret: string; locale?: string; appearance?: Record<string, unknown> }): StripeElements;
  confirmPayment(options: ConfirmOptions): Promise<{ error?: StripeError; paymentIntent?: { id: string; status: string } }>;
  confirmSetup(options: ConfirmOptions): Promise<{ error?: StripeError; setupIntent?: { id: string; status: string } }>;
}
type StripeFactory = (publishableKey: string, options?: { locale?: string }) => StripeJs;

const loading = new Map<string, Promise<StripeFactory>>();

/** Adds Stripe.js's script once per address; a failed download is tried again next time. */
export function loadStripeJs(url: string): Promise<StripeFactory> {
  const existing = loading.get(url);
  if (existing) return existing;
  const promise = new Promise<StripeFactory>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => {
      const factory = (window as unknown as { Stripe?: StripeFactory }).Stripe;
      if (factory) resolve(factory);
      else reject(new Error('Stripe.js did not load'));
    };
    script.onerror = () => {
      script.remove();
      reject(new Error('Stripe.js could not be downloaded'));
    };
    document.head.appendChild(script);
  }).catch((error: unknown) => {
    loading.delete(url);
    throw error;
  });
  loading.set(url, promise);
  return promise;
}
