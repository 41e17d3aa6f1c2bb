import type { TFunction } from 'i18next';

/** Stripe's requirement names ("individual.dob.day") in plain words, each said once. */
export function requirementWords(t: TFunction, fields: readonly string[]): string[] {
  const words = fields.map((field) => {
    const parts = field.split('.');
    if (parts[0] === 'external_account') return t('payouts.connect.fields.external_account');
    if (parts[0] === 'tos_acceptance') return t('payouts.connect.fields.tos_acceptance');
    if (parts[0] === 'business_profile') return t('payouts.connect.fields.business_profile');
    if (parts.includes('verification')) return t('payouts.connect.fields.verification');
    if (parts.includes('dob')) return t('payouts.connect.fields.dob');
    if (parts.some((p) => p === 'id_number' || p === 'ssn_last_4')) return t('payouts.connect.fields.id_number');
    if (parts.includes('address')) return t('payouts.connect.fields.address');
    if (parts.some((p) => p === 'first_name' || p === 'last_name')) return t('payouts.connect.fields.name');
    if (parts.includes('phone')) return t('payouts.connect.fields.phone');
    if (parts.includes('email')) return t('payouts.connect.fields.email');
    return t('payouts.connect.fields.other', { field });
  });
  return [...new Set(words)];
}

export function disabledReasonWords(t: TFunction, reason: string): string {
  if (reason === 'requirements.past_due' || reason === 'requirements.pending_verification' || reason === 'under_review') {
    return t(`payouts.connect.disabled.${reason}`);
  }
  return t('payouts.connect.disabled.other', { reason });
}
