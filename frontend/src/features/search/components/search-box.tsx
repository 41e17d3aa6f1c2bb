import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLocale } from '@/hooks/use-locale';
import { localize } from '@/lib/i18n/i18n';
import { useSuggestions } from '../api/get-suggestions';

interface Option {
  key: string;
  label: string;
  kind: 'category' | 'service';
  to: string;
}

function useDebounced(value: string, delayMs: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** The search box with as-you-type suggestions (ARIA 1.2 combobox with a listbox popup). */
export function SearchBox({ initialQuery = '' }: { initialQuery?: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const id = useId();
  const listboxId = `${id}-listbox`;
  const [query, setQuery] = useState(initialQuery);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const debounced = useDebounced(query, 200);
  // Asked for once the list is wanted (typing, arrow keys), not for the query the page opened with.
  const { data } = useSuggestions(debounced, open);

  const options: Option[] =
    query.trim().length >= 2 && data
      ? [
          ...data.categories.map((c) => ({
            key: `c-${c.slug}`,
            label: localize(c.name, locale),
            kind: 'category' as const,
            to: `/categories/${encodeURIComponent(c.slug)}`,
          })),
          ...data.services.map((s) => ({
            key: `s-${s.slug}`,
            // In the reader's language when the provider wrote the title in it.
            label: s.titles[locale] ?? s.title,
            kind: 'service' as const,
            to: `/services/${encodeURIComponent(s.slug)}`,
          })),
        ]
      : [];
  const expanded = open && options.length > 0;

  function go(to: string) {
    setOpen(false);
    setActive(-1);
    void navigate(to);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = query.trim();
    go(q ? `/search?${new URLSearchParams({ q }).toString()}` : '/search');
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      if (options.length > 0) setActive((i) => (i + 1) % options.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (options.length > 0) setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (event.key === 'Escape') {
      if (expanded) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else {
        setQuery('');
      }
    } else if (event.key === 'Enter' && expanded && active >= 0 && options[active]) {
      event.preventDefault();
      go(options[active].to);
    }
  }

  return (
    <form role="search" className="search-box" onSubmit={onSubmit} aria-label={t('search.boxLabel')}>
      <label htmlFor={`${id}-input`} className="visually-hidden">
        {t('search.boxLabel')}
      </label>
      <div className="search-box__field">
        <input
          id={`${id}-input`}
          className="input search-box__input"
          type="search"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-activedescendant={expanded && active >= 0 ? `${id}-option-${active}` : undefined}
          placeholder={t('search.boxPlaceholder')}
          value={query}
          maxLength={100}
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <ul id={listboxId} role="listbox" className="search-box__listbox" aria-label={t('search.suggestions')} hidden={!expanded}>
          {options.map((option, index) => (
            <li
              key={option.key}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className="search-box__option"
              // mousedown, not click: it runs before the input's blur closes the list
              onMouseDown={(event) => {
                event.preventDefault();
                go(option.to);
              }}
            >
              <bdi className="search-box__option-label">{option.label}</bdi>
              <span className="search-box__option-kind">
                {t(option.kind === 'category' ? 'search.kindCategory' : 'search.kindService')}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <button type="submit" className="button">
        {t('search.submit')}
      </button>
    </form>
  );
}
