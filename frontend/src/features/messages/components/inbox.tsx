import type { ConversationSummary } from '@khadamat/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadState } from '@/components/ui/load-state';
import { useLocale } from '@/hooks/use-locale';
import { formatDateTime } from '@/lib/format-date';
import { useConversations } from '../api/get-conversations';

/** The member's conversations, latest activity first, each with its newest message and what is unread. */
export function Inbox() {
  const { t } = useTranslation();
  const { data, error, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } = useConversations();

  if (!data) {
    return <LoadState error={error} message={t('messages.inbox.loadError')} retry={() => void refetch()} />;
  }
  const conversations = data.pages.flatMap((page) => page.conversations);
  if (conversations.length === 0) return <p className="state">{t('messages.inbox.empty')}</p>;
  return (
    <>
      <ul className="inbox">
        {conversations.map((conversation) => (
          <ConversationItem key={conversation.bookingId} conversation={conversation} />
        ))}
      </ul>
      {hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {t('messages.inbox.more')}
        </button>
      )}
    </>
  );
}

function ConversationItem({ conversation }: { conversation: ConversationSummary }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { lastMessage } = conversation;
  const preview = lastMessage
    ? lastMessage.body || (lastMessage.hasAttachment ? t('messages.inbox.attachmentOnly') : '')
    : t('messages.inbox.noMessage');
  return (
    <li className={conversation.unreadCount > 0 ? 'inbox__item inbox__item--unread' : 'inbox__item'}>
      <Link to={`/messages/${encodeURIComponent(conversation.bookingId)}`} className="inbox__link">
        <span className="inbox__who">
          <bdi>{conversation.other.name}</bdi>
        </span>
        <span className="inbox__service">
          <bdi>{conversation.service.title}</bdi>
        </span>
        <span className="inbox__preview">
          {lastMessage?.mine && `${t('messages.inbox.you')} `}
          <bdi>{preview}</bdi>
        </span>
      </Link>
      <span className="inbox__meta">
        {lastMessage && <time dateTime={lastMessage.createdAt}>{formatDateTime(lastMessage.createdAt, locale)}</time>}
        {conversation.unreadCount > 0 && (
          <span className="badge badge--warn">{t('messages.inbox.unread', { count: conversation.unreadCount })}</span>
        )}
      </span>
    </li>
  );
}
