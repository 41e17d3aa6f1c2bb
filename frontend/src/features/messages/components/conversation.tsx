import type { Message } from '@khadamat/contracts';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FileUpload } from '@/components/ui/file-upload';
import { Spinner } from '@/components/ui/spinner';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextAreaField } from '@/components/ui/text-area-field';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { formatDateTime } from '@/lib/format-date';
import { useMarkRead } from '../api/mark-read';
import { useMessages } from '../api/get-messages';
import { useReportMessage } from '../api/report-message';
import { useSendMessage } from '../api/send-message';

/**
 * A booking's conversation between its client and its provider: older pages on demand,
 * read receipts, reporting the other party's message, and a composer (text and one
 * attachment). New messages arrive through the live stream (or polling without it).
 */
export function Conversation({ bookingId, otherName, canWrite }: { bookingId: string; otherName: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const { data, error, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } = useMessages(bookingId);
  const markRead = useMarkRead();
  const lastMarked = useRef<string | null>(null);

  // Pages run newest first; the list reads oldest to newest.
  const messages = data ? data.pages.flatMap((page) => page.messages).reverse() : [];
  const revealed = data?.pages[0]?.revealed ?? false;
  const newestTheirs = [...messages].reverse().find((m) => !m.mine);
  const unreadUpTo = newestTheirs && !newestTheirs.readAt ? newestTheirs.id : null;
  useEffect(() => {
    // Read receipts: what is on screen has been read, once per newest message of the other party.
    if (!canWrite || !unreadUpTo || lastMarked.current === unreadUpTo) return;
    lastMarked.current = unreadUpTo;
    markRead.mutate({ bookingId, upTo: unreadUpTo });
  }, [bookingId, canWrite, unreadUpTo, markRead]);

  return (
    <section className="conversation" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="section__heading">
        {t('messages.conversation.heading', { name: otherName })}
      </h2>
      {data && !revealed && (
        <p className="alert alert--warning conversation__notice" id={`${id}-masked`}>
          {t('messages.conversation.maskedNotice')}
        </p>
      )}
      {!data && !error && (
        <p className="state" role="status">
          <Spinner />
          {t('common.loading')}
        </p>
      )}
      {error && !data && (
        <div className="state state--error" role="alert">
          <p className="state__message">{t('messages.conversation.loadError')}</p>
          <button type="button" className="button" onClick={() => void refetch()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      {data && (
        <>
          {hasNextPage && (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => void fetchNextPage()}
              disabled={isFetchingNextPage}
            >
              {t('messages.conversation.older')}
            </button>
          )}
          {messages.length === 0 && <p className="conversation__empty">{t('messages.conversation.empty')}</p>}
          {/* A log: what arrives is read out by screen readers without moving focus. */}
          <div role="log" aria-label={t('messages.conversation.listLabel')}>
            <ol className="conversation__list">
              {messages.map((m) => (
                <MessageItem key={m.id} bookingId={bookingId} message={m} otherName={otherName} canReport={canWrite} />
              ))}
            </ol>
          </div>
        </>
      )}
      {canWrite && data && <Composer bookingId={bookingId} />}
    </section>
  );
}

function MessageItem({
  bookingId,
  message,
  otherName,
  canReport,
}: {
  bookingId: string;
  message: Message;
  otherName: string;
  canReport: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <li className={message.mine ? 'message message--mine' : 'message'}>
      <p className="message__meta">
        <strong>{message.mine ? t('messages.conversation.you') : <bdi>{otherName}</bdi>}</strong>{' '}
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, locale)}</time>
      </p>
      {message.body && (
        <p className="message__body prewrap">
          <bdi>{message.body}</bdi>
        </p>
      )}
      {message.masked.length > 0 && <p className="message__masked">{t('messages.conversation.maskedHere')}</p>}
      {message.attachment && (
        <p>
          <a href={message.attachment.url} download>
            {t('messages.conversation.attachment', {
              type: message.attachment.mimeType === 'application/pdf' ? 'PDF' : t('messages.conversation.image'),
            })}
          </a>
        </p>
      )}
      {message.mine && (
        <p className="message__receipt">{message.readAt ? t('messages.conversation.read') : t('messages.conversation.sent')}</p>
      )}
      {!message.mine && canReport && <ReportMessage bookingId={bookingId} messageId={message.id} />}
    </li>
  );
}

function ReportMessage({ bookingId, messageId }: { bookingId: string; messageId: string }) {
  const { t } = useTranslation();
  const report = useReportMessage();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');

  if (report.isSuccess) return <p role="status">{t('messages.conversation.reported')}</p>;
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('messages.conversation.report')}
      </button>
    );
  }
  const tooShort = reason.trim().length < 3;
  return (
    <form
      className="message__report"
      onSubmit={(event) => {
        event.preventDefault();
        if (!tooShort) report.mutate({ bookingId, messageId, reason: reason.trim() });
      }}
    >
      <TextAreaField
        label={t('messages.conversation.reportReason')}
        rows={2}
        maxLength={1000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={report.error ? describeApiError(t, report.error).message : undefined}
        required
      />
      <div className="button-row">
        <SubmitButton pending={report.isPending} pendingLabel={t('messages.conversation.reporting')}>
          {t('messages.conversation.reportSend')}
        </SubmitButton>
        <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
          {t('messages.conversation.cancel')}
        </button>
      </div>
    </form>
  );
}

function Composer({ bookingId }: { bookingId: string }) {
  const { t } = useTranslation();
  const send = useSendMessage();
  const [body, setBody] = useState('');
  const [attachment, setAttachment] = useState<{ id: string; name: string } | null>(null);
  const [empty, setEmpty] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim() && !attachment) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    send.mutate(
      { bookingId, body: body.trim(), attachmentId: attachment?.id },
      {
        onSuccess: () => {
          setBody('');
          setAttachment(null);
        },
      },
    );
  }

  return (
    <form className="conversation__composer" onSubmit={onSubmit} noValidate>
      <TextAreaField
        label={t('messages.composer.label')}
        rows={3}
        maxLength={4000}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        error={empty ? t('messages.composer.empty') : send.error ? describeApiError(t, send.error).message : undefined}
      />
      {attachment ? (
        <p className="conversation__attachment">
          {t('messages.composer.attached', { name: attachment.name })}{' '}
          <button type="button" className="link-button" onClick={() => setAttachment(null)}>
            {t('messages.composer.removeAttachment')}
          </button>
        </p>
      ) : (
        <FileUpload
          label={t('messages.composer.attach')}
          hint={t('messages.composer.attachHint')}
          kind="chat_attachment"
          accept="image/jpeg,image/png,image/webp,application/pdf"
          progressLabel={t('messages.composer.progress')}
          doneMessage={t('messages.composer.ready')}
          onUploaded={(uploaded, file) => setAttachment({ id: uploaded.id, name: file.name })}
        />
      )}
      <SubmitButton pending={send.isPending} pendingLabel={t('messages.composer.sending')}>
        {t('messages.composer.send')}
      </SubmitButton>
    </form>
  );
}
