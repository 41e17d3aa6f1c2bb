import { useTranslation } from 'react-i18next';
import { Spinner } from '@/components/ui/spinner';
import { ApiClientError } from '@/lib/api-client';
import { useCategories } from '../api/get-categories';
import { byPosition } from '../utils/by-position';
import { CategoryCard } from './category-card';

interface CategoryListProps {
  /** id of the heading that names the list */
  labelledBy: string;
}

export function CategoryList({ labelledBy }: CategoryListProps) {
  const { t } = useTranslation();
  const { data, isPending, isError, error, refetch, isFetching } = useCategories();

  if (isPending) {
    return (
      <p className="state" role="status">
        <Spinner />
        {t('categories.loading')}
      </p>
    );
  }

  if (isError) {
    const requestId = error instanceof ApiClientError ? error.requestId : undefined;
    return (
      <div className="state state--error" role="alert">
        <p className="state__message">{t('categories.error')}</p>
        {requestId && (
          <p className="state__detail">
            {/* <bdi>: a Latin id must not be reordered inside Arabic text */}
            {t('categories.errorReference')} <bdi>{requestId}</bdi>
          </p>
        )}
        <button type="button" className="button" onClick={() => void refetch()} aria-busy={isFetching}>
          {t('categories.retry')}
        </button>
      </div>
    );
  }

  if (data.categories.length === 0) {
    return <p className="state">{t('categories.empty')}</p>;
  }

  return (
    <ul className="category-grid" aria-labelledby={labelledBy}>
      {data.categories.toSorted(byPosition).map((category) => (
        <CategoryCard key={category.id} category={category} />
      ))}
    </ul>
  );
}
