import { useTranslation } from 'react-i18next';
import { Inbox } from '@/features/messages/components/inbox';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** `/messages`: the member's conversations. */
export function InboxRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('messages.inbox.title'));
  return (
    <div className="container section narrow">
      <h1 className="section__heading">{t('messages.inbox.title')}</h1>
      <Inbox />
    </div>
  );
}

export default InboxRoute;
