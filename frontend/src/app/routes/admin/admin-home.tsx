import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditEventList } from '@/features/admin/components/audit-event-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function AdminHomeRoute() {
  const { t } = useTranslation();
  const auditHeadingId = useId();
  useDocumentTitle(t('admin.home.title'));

  return (
    <div className="container section">
      <h1>{t('admin.home.heading')}</h1>
      <p className="lead">{t('admin.home.intro')}</p>
      {/* not a <section>: the list's own scrolling region carries the name */}
      <div className="panel">
        <h2 id={auditHeadingId} className="panel__heading">
          {t('admin.home.auditHeading')}
        </h2>
        <AuditEventList labelledBy={auditHeadingId} />
      </div>
    </div>
  );
}

// Loaded on demand by the router.
export default AdminHomeRoute;
