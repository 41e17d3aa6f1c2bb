import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField } from '@/components/ui/select-field';
import { useLocale } from '@/hooks/use-locale';
import { localize } from '@/lib/i18n/i18n';
import { useCities } from '../api/get-cities';
import { DEFAULT_RADIUS_KM, RADII_KM } from '../utils/search-filters';

type Point = { lat: string; lng: string };
const MY_POSITION = 'me';

// About 100 m: precise enough for a radius in km, and the same search for neighbours (cache).
const rounded = (degrees: number) => String(Math.round(degrees * 1000) / 1000);

/**
 * A radius around the user's position (`navigator.geolocation`) or around a city centre. When
 * the position is refused or unavailable, says so and offers the city centres instead.
 */
export function DistanceFilter({
  lat,
  lng,
  radiusKm,
  onChange,
}: {
  lat: string;
  lng: string;
  radiusKm: string;
  onChange: (changes: Point & { radiusKm: string }) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const cities = useCities();
  const [locating, setLocating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const centre = lat ? (cities.data ?? []).find((c) => rounded(c.latitude) === lat && rounded(c.longitude) === lng) : undefined;
  const origin = !lat ? '' : centre ? centre.slug : MY_POSITION;
  const radius = radiusKm || DEFAULT_RADIUS_KM;

  function choose(value: string) {
    setError(null);
    if (value === '') return onChange({ lat: '', lng: '', radiusKm: '' });
    if (value === MY_POSITION) return locate();
    const city = cities.data?.find((c) => c.slug === value);
    if (city) onChange({ lat: rounded(city.latitude), lng: rounded(city.longitude), radiusKm: radius });
  }

  function locate() {
    setError(null);
    if (!('geolocation' in navigator)) {
      setError(t('search.distance.unsupported'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange({ lat: rounded(position.coords.latitude), lng: rounded(position.coords.longitude), radiusKm: radius });
      },
      (failure) => {
        setLocating(false);
        setError(failure.code === failure.PERMISSION_DENIED ? t('search.distance.denied') : t('search.distance.unavailable'));
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 5 * 60_000 },
    );
  }

  return (
    <fieldset className="search-filters__group">
      <legend className="search-filters__legend">{t('search.distance.legend')}</legend>
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={locate}
        disabled={locating}
        aria-busy={locating || undefined}
      >
        {locating ? t('search.distance.locating') : t('search.distance.useMyPosition')}
      </button>
      <div role="status" className="search-filters__status">
        {origin === MY_POSITION && !locating && t('search.distance.aroundMe')}
      </div>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <SelectField label={t('search.distance.around')} value={origin} onChange={(e) => choose(e.target.value)}>
        <option value="">{t('search.distance.anywhere')}</option>
        {origin === MY_POSITION && <option value={MY_POSITION}>{t('search.distance.myPosition')}</option>}
        <optgroup label={t('search.distance.cityCentres')}>
          {(cities.data ?? []).map((city) => (
            <option key={city.slug} value={city.slug}>
              {localize(city.name, locale)}
            </option>
          ))}
        </optgroup>
      </SelectField>
      <SelectField
        label={t('search.distance.radius')}
        value={radius}
        disabled={!lat}
        onChange={(e) => onChange({ lat, lng, radiusKm: e.target.value })}
      >
        {RADII_KM.map((km) => (
          <option key={km} value={km}>
            {t('search.distance.km', { km })}
          </option>
        ))}
      </SelectField>
    </fieldset>
  );
}
