import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CategoryList } from '@/features/catalogue/components/category-list';
import { SearchBox } from '@/features/search/components/search-box';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function HomeRoute() {
  const { t } = useTranslation();
  const categoriesHeadingId = useId();
  useDocumentTitle(t('home.title'));

  return (
    <>
      <section className="hero">
        <div className="container">
          <h1 className="hero__heading">{t('home.heading')}</h1>
          <p className="hero__intro">{t('home.intro')}</p>
          <SearchBox />
        </div>
      </section>
      <section className="container section" aria-labelledby={categoriesHeadingId}>
        <h2 id={categoriesHeadingId} className="section__heading">
          {t('home.categoriesHeading')}
        </h2>
        <CategoryList labelledBy={categoriesHeadingId} />
      </section>
    </>
  );
}
