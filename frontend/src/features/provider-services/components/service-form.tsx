import { priceModel as priceModelSchema, serviceInput, type CategoryNode } from '@khadamat/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { Notice } from '@/components/ui/notice';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextField } from '@/components/ui/text-field';
import { useFormErrors } from '@/hooks/use-form-errors';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { fieldsOfApiError, issuesByField, type FieldErrors } from '@/lib/form-errors';
import { localize } from '@/lib/i18n/i18n';
import { useCreateService } from '../api/create-service';
import { useCategoryTree } from '../api/get-category-tree';
import { useCities } from '../api/get-cities';

const FIELDS = ['categoryId', 'cityId', 'title', 'description', 'priceModel', 'priceMinor', 'durationMinutes'] as const;
type Field = (typeof FIELDS)[number];

const byPosition = (a: CategoryNode, b: CategoryNode) => a.position - b.position;

/** MAD as typed ("150", "150,50") to centimes; NaN when it is not a number. */
function toMinor(mad: string): number {
  const value = Number(mad.trim().replace(',', '.'));
  return mad.trim() === '' || !Number.isFinite(value) ? Number.NaN : Math.round(value * 100);
}

export function ServiceForm() {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const categories = useCategoryTree();
  const cities = useCities();
  const create = useCreateService();
  const { formRef, fieldErrors, formError, showErrors, clearErrors } = useFormErrors<Field>();
  const [values, setValues] = useState({
    categoryId: '',
    cityId: '',
    title: '',
    description: '',
    priceModel: 'fixed',
    price: '',
    durationMinutes: '60',
  });
  const [created, setCreated] = useState<string | null>(null);
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    const model = priceModelSchema.safeParse(values.priceModel);
    const input = {
      categoryId: values.categoryId,
      cityId: values.cityId,
      title: values.title,
      description: values.description,
      locale,
      priceModel: model.success ? model.data : 'fixed',
      priceMinor: values.priceModel === 'quote' && values.price.trim() === '' ? 0 : toMinor(values.price),
      durationMinutes: Number(values.durationMinutes),
    };
    const parsed = serviceInput.safeParse(input);
    if (!parsed.success) {
      const issues = issuesByField(parsed.error.issues, FIELDS);
      const fields: FieldErrors<Field> = {};
      for (const field of FIELDS) if (issues[field]) fields[field] = t(`myServices.form.invalid.${field}`);
      showErrors({ fields });
      return;
    }
    clearErrors();
    create.mutate(parsed.data, {
      onSuccess: (service) => {
        setCreated(service.title);
        setValues((v) => ({ ...v, title: '', description: '', price: '' }));
      },
      onError: (error) => {
        const fields: FieldErrors<Field> = {};
        for (const field of fieldsOfApiError(error, FIELDS)) fields[field] = t(`myServices.form.invalid.${field}`);
        showErrors({ fields, form: describeApiError(t, error) });
      },
    });
  }

  const groups = (categories.data?.categories ?? []).toSorted(byPosition);

  return (
    <form ref={formRef} className="form service-form" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="section__heading">
        {t('myServices.form.heading')}
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
        label={t('myServices.form.title')}
        value={values.title}
        onChange={set('title')}
        error={fieldErrors.title}
        maxLength={120}
        required
      />
      <div className={fieldErrors.description ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-description`} className="field__label">
          {t('myServices.form.description')}
        </label>
        {fieldErrors.description && (
          <p id={`${id}-description-error`} className="field__error">
            {fieldErrors.description}
          </p>
        )}
        <textarea
          id={`${id}-description`}
          className="input textarea"
          rows={5}
          maxLength={4000}
          value={values.description}
          onChange={set('description')}
          aria-invalid={fieldErrors.description ? true : undefined}
          aria-describedby={fieldErrors.description ? `${id}-description-error` : undefined}
        />
      </div>
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
      <TextField
        label={t('myServices.form.price')}
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
      <SubmitButton pending={create.isPending} pendingLabel={t('myServices.form.creating')}>
        {t('myServices.form.submit')}
      </SubmitButton>
    </form>
  );
}
