import type { CategoryNode } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLocale } from '@/hooks/use-locale';
import { localize } from '@/lib/i18n/i18n';
import { byPosition } from '../utils/by-position';

interface CategoryCardProps {
  category: CategoryNode;
}

export function CategoryCard({ category }: CategoryCardProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  const name = localize(category.name, locale);
  const description = localize(category.description, locale);
  const children = category.children.toSorted(byPosition);

  return (
    <li className="category-card">
      <div className="category-card__header">
        {category.icon && (
          <span className="category-card__icon" aria-hidden="true">
            {category.icon}
          </span>
        )}
        <h3 className="category-card__name">
          <Link to={`/categories/${encodeURIComponent(category.slug)}`}>{name}</Link>
        </h3>
      </div>
      {description && <p className="category-card__description">{description}</p>}
      {children.length > 0 && (
        <ul className="subcategory-list" aria-label={t('categories.subcategories', { name })}>
          {children.map((child) => (
            <li key={child.id} className="subcategory-list__item">
              {child.icon && (
                <span className="subcategory-list__icon" aria-hidden="true">
                  {child.icon}
                </span>
              )}
              <Link to={`/categories/${encodeURIComponent(child.slug)}`}>{localize(child.name, locale)}</Link>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
