import { useQuery } from '@tanstack/react-query';
import { apiClient } from '@/lib/api-client';
import { contractSchema } from '@/lib/api/contract-schemas';

const checkoutConfig = contractSchema((c) => c.checkoutConfig);

/** GET /api/payments/checkout-config: whether card payment is offered, and how the checkout loads Stripe.js. */
export function getCheckoutConfig(signal?: AbortSignal) {
  return apiClient.get('/api/payments/checkout-config', checkoutConfig, { signal });
}

export function useCheckoutConfig() {
  return useQuery({ queryKey: ['checkout-config'], queryFn: ({ signal }) => getCheckoutConfig(signal), staleTime: 10 * 60_000 });
}
