import {
  LOCALES,
  currency as currencySchema,
  fromMinor,
  priceModel as priceModelSchema,
  serviceInput,
  toMinorUnits,
  type CategoryNode,
  type Locale,
  type OwnServiceView,
  type ServiceInput,
} from '@khadamat/contracts';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextAreaField } from '@/components/ui/text-area-field';
import { TextField } from '@/components/ui/text-field';
import { useFocusOnMount } from '@/hooks/use-focus-on-mount';
import { useFormErrors } from '@/hooks/use-form-errors';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { fieldsOfApiError, issuesByField, type FieldErrors } from '@/lib/form-errors';
import { directionOf, localize } from '@/lib/i18n/i18n';
import { useCreateService } from '../api/create-service';
import { useCategoryTree } from '../api/get-category-tree';
import { useCities } from '../api/get-cities';
import { useUpdateService } from '../api/update-service';

const TRANSLATION_FIELDS = LOCALES.flatMap((l) => [`translations.${l}.title`, `translations.${l}.description`] as const);
const FIELDS = [
  'categoryId',
  'cityId',
  'title',
  'description',
  ...TRANSLATION_FIELDS,
  'priceModel',
  'priceMinor',
  'currency',
  'durationMinutes',
  'radiusKm',
] as const;
type Field = (typeof FIELDS)[number];
type TranslationValues = Record<Locale, { title: string; description: string }>;

const byPosition = (a: CategoryNode, b: CategoryNode) => a.position - b.position;

/** An amount as typed ("150", "150,50") in the currency's minor units; NaN when it is not a number. */
function toMinor(amount: string, currency: string): number {
  const value = Number(amount.trim().replace(',', '.'));
  return amount.trim() === '' || !Number.isFinite(value) ? Number.NaN : toMinorUnits(value, currency);
}

function initialValues(service: OwnServiceView | undefined) {
  const translations = Object.fromEntries(
    LOCALES.map((l) => [l, { title: service?.translations[l]?.title ?? '', description: service?.translations[l]?.description ?? '' }]),
  ) as TranslationValues;
  if (!service) {
    return {
      categoryId: '',
      cityId: '',
      title: '',
      description: '',
      translations,
      priceModel: 'fixed',
      price: '',
      currency: 'MAD',
      durationMinutes: '60',
      radiusKm: '10',
    };
  }
  return {
    categoryId: service.category.id,
    cityId: service.city.id,
    title: service.title,
    description: service.description,
    translations,
    priceModel: service.priceModel,
    price: service.priceModel === 'quote' && service.priceMinor === 0 ? '' : String(fromMinor(service.priceMinor, service.currency)),
    currency: service.currency,
    durationMinutes: String(service.durationMinutes),
    radiusKm: String(service.radiusKm),
  };
}

/**
 * Creates a service or, given one, edits it (PATCH with every field of the form). The title and
 * description are in the service's language; the other languages are optional translations.
 */
export function ServiceForm({
  service,
  onSaved,
  onCancel,
}: {
  service?: OwnServiceView;
  onSaved?: (saved: OwnServiceView) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const categories = useCategoryTree();
  const cities = useCities();
  const create = useCreateService();
  const update = useUpdateService();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<Field>();
  const [values, setValues] = useState(() => initialValues(service));
  const [created, setCreated] = useState<string | null>(null);
  const set = (key: Exclude<keyof typeof values, 'translations'>) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));
  const setTranslation = (lang: Locale, key: 'title' | 'description') => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, translations: { ...v.translations, [lang]: { ...v.translations[lang], [key]: event.target.value } } }));

  // The main fields are in the language the service was written in; the others are translations.
  const serviceLocale = service?.locale ?? locale;
  const otherLocales = LOCALES.filter((l) => l !== serviceLocale);
  const currencyNames = useMemo(() => new Intl.DisplayNames([locale], { type: 'currency' }), [locale]);
  const editing = service !== undefined;
  const focusHeading = useFocusOnMount<HTMLHeadingElement>();
  const pending = editing ? update.isPending : create.isPending;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    const model = priceModelSchema.safeParse(values.priceModel);
    const currency = currencySchema.safeParse(values.currency);
    const translations: ServiceInput['translations'] = {};
    for (const lang of otherLocales) {
      const { title, description } = values.translations[lang];
      if (title.trim() || description.trim()) translations[lang] = { title, description };
    }
    const input = {
      categoryId: values.categoryId,
      cityId: values.cityId,
      title: values.title,
      description: values.description,
      locale: serviceLocale,
      translations,
      priceModel: model.success ? model.data : 'fixed',
      priceMinor: values.priceModel === 'quote' && values.price.trim() === '' ? 0 : toMinor(values.price, values.currency),
      currency: currency.success ? currency.data : 'MAD',
      durationMinutes: Number(values.durationMinutes),
      radiusKm: Number(values.radiusKm),
    };
    const parsed = serviceInput.safeParse(input);
    if (!parsed.success) {
      const issues = issuesByField(parsed.error.issues, FIELDS);
      const fields: FieldErrors<Field> = {};
      for (const field of FIELDS) if (issues[field]) fields[field] = invalidMessage(field);
      showErrors({ fields });
      return;
    }
    clearErrors();
    const onError = (error: unknown) => {
      const fields: FieldErrors<Field> = {};
      for (const field of fieldsOfApiError(error, FIELDS)) fields[field] = invalidMessage(field);
      showErrors({ fields, form: describeApiError(t, error) });
    };
    if (service) {
      // The language of a service is the one it was written in: it does not change.
      const { locale: _written, latitude: _lat, longitude: _lng, ...changes } = parsed.data;
      update.mutate({ id: service.id, changes }, { onSuccess: (saved) => onSaved?.(saved), onError });
      return;
    }
    create.mutate(parsed.data, {
      onSuccess: (saved) => {
        setCreated(saved.title);
        setValues((v) => ({ ...initialValues(undefined), categoryId: v.categoryId, cityId: v.cityId, priceModel: v.priceModel }));
        onSaved?.(saved);
      },
      onError,
    });
  }

  function invalidMessage(field: Field): string {
    if (field.startsWith('translations.')) {
      const [, lang, key] = field.split('.') as [string, Locale, 'title' | 'description'];
      return t(`myServices.form.invalid.${key === 'title' ? 'title' : 'description'}`) + ` (${t(`myServices.form.languages.${lang}`)})`;
    }
    return t(`myServices.form.invalid.${field as Exclude<Field, (typeof TRANSLATION_FIELDS)[number]>}`);
  }

  const groups = (categories.data?.categories ?? []).toSorted(byPosition);
  const hasTranslations = otherLocales.some((l) => values.translations[l].title || values.translations[l].description);

  return (
    <form ref={formRef} className="form service-form" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      {/* Opened from a service's "Edit" button: focus lands on the form it opened. */}
      <h2 id={`${id}-heading`} className="section__heading" ref={editing ? focusHeading : undefined} tabIndex={editing ? -1 : undefined}>
        {service ? t('myServices.form.editHeading', { title: service.title }) : t('myServices.form.heading')}
      </h2>
      <FormAlert error={formError} />
      {created && (
        <Notice>
          <p>{t('myServices.form.created', { title: created })}</p>
        </Notice>
      )}
      <SelectField
        label={t('myServices.form.category')}
        value={values.categoryId}
        onChange={set('categoryId')}
        error={fieldErrors.categoryId}
        required
      >
        <option value="">{categories.isPending ? t('common.loading') : t('myServices.form.choose')}</option>
        {groups.map((group) =>
          group.children.length > 0 ? (
            <optgroup key={group.id} label={localize(group.name, locale)}>
              {group.children.toSorted(byPosition).map((child) => (
                <option key={child.id} value={child.id}>
                  {localize(child.name, locale)}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={group.id} value={group.id}>
              {localize(group.name, locale)}
            </option>
          ),
        )}
      </SelectField>
      <SelectField label={t('myServices.form.city')} value={values.cityId} onChange={set('cityId')} error={fieldErrors.cityId} required>
        <option value="">{cities.isPending ? t('common.loading') : t('myServices.form.choose')}</option>
        {(cities.data ?? []).map((city) => (
          <option key={city.id} value={city.id}>
            {localize(city.name, locale)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('myServices.form.radius')}
        hint={t('myServices.form.radiusHint')}
        type="number"
        min={1}
        max={200}
        value={values.radiusKm}
        onChange={set('radiusKm')}
        error={fieldErrors.radiusKm}
        short
      />
      <TextField
        label={t('myServices.form.title')}
        hint={service ? undefined : t('myServices.form.titleHint', { language: t(`myServices.form.languages.${serviceLocale}`) })}
        value={values.title}
        onChange={set('title')}
        error={fieldErrors.title}
        maxLength={120}
        lang={serviceLocale}
        dir={directionOf(serviceLocale)}
        required
      />
      <TextAreaField
        label={t('myServices.form.description')}
        value={values.description}
        onChange={set('description')}
        error={fieldErrors.description}
        maxLength={4000}
        lang={serviceLocale}
        dir={directionOf(serviceLocale)}
      />
      <details
        className="service-form__translations"
        open={hasTranslations || otherLocales.some((l) => fieldErrors[`translations.${l}.title`])}
      >
        <summary>{t('myServices.form.translations')}</summary>
        <p className="field__hint">{t('myServices.form.translationsHint')}</p>
        {otherLocales.map((lang) => {
          const language = t(`myServices.form.languages.${lang}`);
          return (
            <fieldset key={lang} className="service-form__translation">
              <legend>{language}</legend>
              <TextField
                label={t('myServices.form.translatedTitle', { language })}
                value={values.translations[lang].title}
                onChange={setTranslation(lang, 'title')}
                error={fieldErrors[`translations.${lang}.title`]}
                maxLength={120}
                lang={lang}
                dir={directionOf(lang)}
              />
              <TextAreaField
                label={t('myServices.form.translatedDescription', { language })}
                value={values.translations[lang].description}
                onChange={setTranslation(lang, 'description')}
                error={fieldErrors[`translations.${lang}.description`]}
                maxLength={4000}
                rows={3}
                lang={lang}
                dir={directionOf(lang)}
              />
            </fieldset>
          );
        })}
      </details>
      <SelectField
        label={t('myServices.form.priceModel')}
        value={values.priceModel}
        onChange={set('priceModel')}
        error={fieldErrors.priceModel}
      >
        {priceModelSchema.options.map((model) => (
          <option key={model} value={model}>
            {t(`priceModels.${model}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('myServices.form.currency')} value={values.currency} onChange={set('currency')} error={fieldErrors.currency}>
        {currencySchema.options.map((code) => (
          <option key={code} value={code}>
            {code} — {currencyNames.of(code) ?? code}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('myServices.form.price', { currency: values.currency })}
        hint={t('myServices.form.priceHint')}
        value={values.price}
        onChange={set('price')}
        error={fieldErrors.priceMinor}
        inputMode="decimal"
        short
      />
      <TextField
        label={t('myServices.form.duration')}
        type="number"
        min={15}
        max={1440}
        step={15}
        value={values.durationMinutes}
        onChange={set('durationMinutes')}
        error={fieldErrors.durationMinutes}
        short
      />
      <div className="service-form__actions">
        <SubmitButton pending={pending} pendingLabel={editing ? t('myServices.saving') : t('myServices.form.creating')}>
          {editing ? t('myServices.form.save') : t('myServices.form.submit')}
        </SubmitButton>
        {editing && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('myServices.form.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
