import type { Locale, ServiceView } from '@khadamat/contracts';

/** A service's title and description in `locale` when the provider translated it, else as written. */
export function serviceText(service: Pick<ServiceView, 'title' | 'description' | 'translations'>, locale: Locale) {
  const translation = service.translations[locale];
  return {
    title: translation?.title || service.title,
    description: translation?.description || service.description,
  };
}
