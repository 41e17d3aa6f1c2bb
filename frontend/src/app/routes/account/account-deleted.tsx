import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function AccountDeletedRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('accountDeleted.title'));

  return (
    <section className="container section message-page">
      <h1>{t('accountDeleted.heading')}</h1>
      <p>{t('accountDeleted.body')}</p>
      <Link to="/" className="button">
        {t('common.backHome')}
      </Link>
    </section>
  );
}
