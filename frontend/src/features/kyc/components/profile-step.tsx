import type { KycOnboarding } from '@khadamat/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { SelectField } from '@/components/ui/select-field';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextAreaField } from '@/components/ui/text-area-field';
import { TextField } from '@/components/ui/text-field';
import { useCities } from '@/lib/api/get-cities';
import { describeApiError, type FormError } from '@/lib/api-error-message';
import { useLocale } from '@/hooks/use-locale';
import { useSaveProfile } from '../api/save-onboarding';
import { FileUpload } from './file-upload';

const LANGUAGES = ['fr', 'ar', 'en', 'ber', 'es'] as const;

/** The public profile clients read: bio, photo, languages, skills, cities and radius, experience. */
export function ProfileStep({ onboarding, onDone }: { onboarding: KycOnboarding; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const cities = useCities();
  const save = useSaveProfile();
  const { profile } = onboarding;
  const [bio, setBio] = useState(profile.bio);
  const [photoUploadId, setPhotoUploadId] = useState<string | null>(profile.photoUploadId);
  const [languages, setLanguages] = useState<string[]>(profile.languages.length ? profile.languages : [locale]);
  const [skills, setSkills] = useState(profile.skills.join(', '));
  const [cityId, setCityId] = useState(profile.cityId ?? '');
  const [extraCityIds, setExtraCityIds] = useState<string[]>(profile.extraCityIds);
  const [radius, setRadius] = useState(String(profile.serviceRadiusKm));
  const [years, setYears] = useState(String(profile.yearsExperience));
  const [error, setError] = useState<FormError | null>(null);

  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const skillList = skills
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (bio.trim().length < 20 || languages.length === 0 || skillList.length === 0 || !cityId) {
      setError({ message: t('kyc.profile.invalid') });
      return;
    }
    try {
      await save.mutateAsync({
        bio: bio.trim(),
        photoUploadId,
        languages: languages as (typeof LANGUAGES)[number][],
        skills: skillList,
        cityId,
        extraCityIds: extraCityIds.filter((id) => id !== cityId),
        serviceRadiusKm: Number(radius) || 20,
        yearsExperience: Number(years) || 0,
      });
      onDone();
    } catch (cause) {
      setError(describeApiError(t, cause));
    }
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="form">
      <FormAlert error={error} />
      <TextAreaField
        label={t('kyc.profile.bio')}
        hint={t('kyc.profile.bioHint')}
        value={bio}
        onChange={(e) => setBio(e.target.value)}
        required
      />
      <FileUpload
        label={t('kyc.profile.photo')}
        hint={t('kyc.profile.photoHint')}
        kind="avatar"
        accept="image/jpeg,image/png,image/webp"
        provided={photoUploadId !== null}
        onUploaded={async (id) => setPhotoUploadId(id)}
      />
      <fieldset className="fieldset">
        <legend className="field__label">{t('kyc.profile.languages')}</legend>
        {LANGUAGES.map((lang) => (
          <label key={lang} className="checkbox">
            <input type="checkbox" checked={languages.includes(lang)} onChange={() => setLanguages(toggle(languages, lang))} />{' '}
            {t(`kyc.profile.languageNames.${lang}`)}
          </label>
        ))}
      </fieldset>
      <TextField
        label={t('kyc.profile.skills')}
        hint={t('kyc.profile.skillsHint')}
        value={skills}
        onChange={(e) => setSkills(e.target.value)}
        required
      />
      <SelectField label={t('kyc.profile.city')} value={cityId} onChange={(e) => setCityId(e.target.value)} required>
        <option value="">{t('kyc.profile.chooseCity')}</option>
        {(cities.data ?? []).map((city) => (
          <option key={city.id} value={city.id}>
            {city.name[locale]}
          </option>
        ))}
      </SelectField>
      <fieldset className="fieldset">
        <legend className="field__label">{t('kyc.profile.extraCities')}</legend>
        {(cities.data ?? [])
          .filter((city) => city.id !== cityId)
          .map((city) => (
            <label key={city.id} className="checkbox">
              <input
                type="checkbox"
                checked={extraCityIds.includes(city.id)}
                onChange={() => setExtraCityIds(toggle(extraCityIds, city.id))}
              />{' '}
              {city.name[locale]}
            </label>
          ))}
      </fieldset>
      <TextField
        label={t('kyc.profile.radius')}
        type="number"
        min={1}
        max={200}
        inputMode="numeric"
        short
        value={radius}
        onChange={(e) => setRadius(e.target.value)}
      />
      <TextField
        label={t('kyc.profile.years')}
        type="number"
        min={0}
        max={60}
        inputMode="numeric"
        short
        value={years}
        onChange={(e) => setYears(e.target.value)}
      />
      <SubmitButton pending={save.isPending} pendingLabel={t('kyc.onboarding.saving')}>
        {t('kyc.profile.save')}
      </SubmitButton>
    </form>
  );
}
