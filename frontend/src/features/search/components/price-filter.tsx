import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '@/components/ui/text-field';
import { madToMinor, minorToMad } from '../utils/search-filters';

/**
 * Minimum and maximum price, typed in MAD and applied together (the URL and the API use minor
 * units). Give it a `key` made of its values so that it follows the URL (back button).
 */
export function PriceFilter({
  priceMin,
  priceMax,
  onApply,
}: {
  priceMin: string;
  priceMax: string;
  onApply: (range: { priceMin: string; priceMax: string }) => void;
}) {
  const { t } = useTranslation();
  const [min, setMin] = useState(minorToMad(priceMin));
  const [max, setMax] = useState(minorToMad(priceMax));
  const [error, setError] = useState<{ field: 'min' | 'max'; message: string } | null>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const range = { priceMin: madToMinor(min), priceMax: madToMinor(max) };
    if (range.priceMin === null) return setError({ field: 'min', message: t('search.priceInvalid') });
    if (range.priceMax === null) return setError({ field: 'max', message: t('search.priceInvalid') });
    if (range.priceMin && range.priceMax && Number(range.priceMin) > Number(range.priceMax)) {
      return setError({ field: 'min', message: t('search.priceMinAboveMax') });
    }
    setError(null);
    onApply({ priceMin: range.priceMin, priceMax: range.priceMax });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <fieldset className="search-filters__group">
        <legend className="search-filters__legend">{t('search.price')}</legend>
        <div className="search-filters__pair">
          <TextField
            label={t('search.priceMin')}
            inputMode="decimal"
            value={min}
            onChange={(e) => setMin(e.target.value)}
            error={error?.field === 'min' ? error.message : undefined}
          />
          <TextField
            label={t('search.priceMax')}
            inputMode="decimal"
            value={max}
            onChange={(e) => setMax(e.target.value)}
            error={error?.field === 'max' ? error.message : undefined}
          />
        </div>
        <button type="submit" className="button button--secondary button--small">
          {t('search.applyPrice')}
        </button>
      </fieldset>
    </form>
  );
}
