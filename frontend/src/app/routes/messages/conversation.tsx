import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { LoadState } from '@/components/ui/load-state';
import { useBooking } from '@/features/bookings/api/get-booking';
import { Conversation } from '@/features/messages/components/conversation';
import { useDocumentTitle } from '@/hooks/use-document-title';

/** `/messages/:bookingId`: one conversation, with a link to its booking. */
export function ConversationRoute() {
  const { t } = useTranslation();
  const { bookingId = '' } = useParams();
  const { data: booking, error, refetch } = useBooking(bookingId);
  useDocumentTitle(booking ? `${t('messages.inbox.title')} · ${booking.service.title}` : t('messages.inbox.title'));
  return (
    <div className="container section narrow">
      <p>
        <Link to="/messages">{t('messages.conversation.back')}</Link>
      </p>
      {booking ? (
        <>
          <h1 className="section__heading">
            <bdi>{booking.service.title}</bdi>
          </h1>
          <p>
            <Link to={`/bookings/${encodeURIComponent(booking.id)}`}>{t('messages.conversation.openBooking')}</Link>
          </p>
          <Conversation
            key={booking.id}
            bookingId={booking.id}
            otherName={booking.viewerRole === 'provider' ? booking.client.name : booking.provider.name}
            canWrite={booking.viewerRole === 'client' || booking.viewerRole === 'provider'}
          />
        </>
      ) : (
        <LoadState error={error} message={t('bookings.errors.load')} retry={() => void refetch()} />
      )}
    </div>
  );
}

export default ConversationRoute;
