// Every smoke check, in the order they run. A new area adds a file here and its list below.
import { accountChecks } from './accounts';
import { bookingChecks } from './bookings';
import { catalogueChecks } from './catalogue';
import { healthChecks } from './health';
import { kycChecks } from './kyc';
import { searchUploadChecks } from './search-uploads';
import type { SmokeCheck } from './lib';
import { paymentChecks } from './payments';
import { securityChecks } from './security';
import { smokeRouteChecks } from './smoke-routes';
import { webChecks } from './web';

export const allChecks: SmokeCheck[] = [
  ...healthChecks,
  ...catalogueChecks,
  ...securityChecks,
  ...webChecks,
  ...smokeRouteChecks,
  ...accountChecks,
  ...searchUploadChecks,
  ...kycChecks,
  ...bookingChecks,
  ...paymentChecks,
];
