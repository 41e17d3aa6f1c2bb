import type { SearchResult } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { SelectField } from '@/components/ui/select-field';
import { useLocale } from '@/hooks/use-locale';
import { localize } from '@/lib/i18n/i18n';

type Facet = SearchResult['facets']['categories'][number];

/**
 * A select over one facet of the results (categories or cities), each option with its count.
 * The chosen value stays an option even when the results no longer count it.
 */
export function FacetSelect({
  label,
  anyLabel,
  facets,
  selected,
  onChange,
}: {
  label: string;
  /** The first option, for no filter ("All cities"). */
  anyLabel: string;
  facets: Facet[];
  selected: string;
  onChange: (slug: string) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const options =
    selected && !facets.some((f) => f.slug === selected)
      ? [{ slug: selected, name: { fr: selected, ar: selected, en: selected }, count: 0 }, ...facets]
      : facets;

  return (
    <SelectField label={label} value={selected} onChange={(event) => onChange(event.target.value)}>
      <option value="">{anyLabel}</option>
      {options.map((f) => (
        <option key={f.slug} value={f.slug}>
          {t('search.facet', { name: localize(f.name, locale), count: f.count })}
        </option>
      ))}
    </SelectField>
  );
}
