import { useParams } from 'react-router';
import { useCategories } from '@/features/catalogue/api/get-categories';
import { SearchPage } from '@/features/search/components/search-page';
import { useLocale } from '@/hooks/use-locale';
import { localize } from '@/lib/i18n/i18n';
import { findCategory } from '../page-data';

/** A category's page: its services, with the search filters (the category fixed by the URL). */
export function CategoryRoute() {
  const { slug = '' } = useParams();
  const locale = useLocale();
  const { data: tree } = useCategories();
  const category = tree ? findCategory(tree, slug) : undefined;
  return (
    <SearchPage
      key={slug}
      category={{
        slug,
        name: category ? localize(category.name, locale) : '',
        description: category ? localize(category.description, locale) : '',
      }}
    />
  );
}
