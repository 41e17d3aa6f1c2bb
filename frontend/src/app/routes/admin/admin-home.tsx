import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuditEventList } from '@/features/admin/components/audit-event-list';
import { useDocumentTitle } from '@/hooks/use-document-title';

export function AdminHomeRoute() {
  const { t } = useTranslation();
  const auditHeadingId = useId();
  const toolsHeadingId = useId();
  useDocumentTitle(t('admin.home.title'));

  return (
    <div className="container section">
      <h1>{t('admin.home.heading')}</h1>
      <p className="lead">{t('admin.home.intro')}</p>
      <nav className="panel" aria-labelledby={toolsHeadingId}>
        <h2 id={toolsHeadingId} className="panel__heading">
          {t('admin.home.tools')}
        </h2>
        <ul>
          <li>
            <Link to="/admin/kyc">{t('admin.home.kycLink')}</Link>
          </li>
          <li>
            <Link to="/admin/deliveries">{t('admin.home.deliveriesLink')}</Link>
          </li>
          <li>
            <Link to="/admin/reconciliation">{t('payments.reconciliation.link')}</Link>
          </li>
        </ul>
      </nav>
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
