import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { TextAreaField } from '@/components/ui/text-area-field';
import { useLocale } from '@/hooks/use-locale';
import { describeApiError } from '@/lib/api-error-message';
import { formatDateTime } from '@/lib/format-date';
import { useBookingReviews, useReplyToReview, useReportReview, useWriteReview, type ReviewInput } from '../api/booking-reviews';
import { ReviewCard } from './review-card';

const CRITERIA = ['quality', 'punctuality', 'value'] as const;

/**
 * A booking's reviews, for its parties once the job is done: the form while the caller may
 * write, the blind period explained, the other party's review once published, the
 * provider's reply to the client's review, and reporting the other party's review.
 */
export function BookingReviews({ bookingId, viewerRole }: { bookingId: string; viewerRole: 'client' | 'provider' }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const id = useId();
  const { data } = useBookingReviews(bookingId);
  // Nothing to say before the job is done.
  if (!data || (!data.canReview && data.reviews.length === 0)) return null;
  const mine = data.reviews.find((r) => r.authorRole === viewerRole);
  const theirs = data.reviews.find((r) => r.authorRole !== viewerRole);
  return (
    <section aria-labelledby={`${id}-heading`} className="booking-reviews">
      <h2 id={`${id}-heading`} className="section__heading">
        {t('reviews.heading')}
      </h2>
      <p>{t('reviews.blind')}</p>
      {data.canReview && <ReviewForm bookingId={bookingId} />}
      {mine && (
        <>
          <h3>{t('reviews.mine')}</h3>
          {!mine.publishedAt && (
            <p className="alert alert--warning">
              {data.blindUntil ? t('reviews.waiting', { when: formatDateTime(data.blindUntil, locale) }) : t('reviews.waitingNoDate')}
            </p>
          )}
          <ReviewCard review={mine} />
        </>
      )}
      {theirs && (
        <>
          <h3>{t('reviews.theirs')}</h3>
          <ReviewCard review={theirs}>
            {viewerRole === 'provider' && theirs.authorRole === 'client' && !theirs.reply && (
              <ReplyForm bookingId={bookingId} reviewId={theirs.id} />
            )}
            <ReportReview reviewId={theirs.id} />
          </ReviewCard>
        </>
      )}
    </section>
  );
}

function ReviewForm({ bookingId }: { bookingId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const write = useWriteReview(bookingId);
  const [ratings, setRatings] = useState<Partial<Record<(typeof CRITERIA)[number], number>>>({});
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const { quality, punctuality, value } = ratings;
    if (!quality || !punctuality || !value) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const input: ReviewInput = { quality, punctuality, value, text: text.trim() };
    write.mutate(input);
  }

  return (
    <form className="review-form" onSubmit={onSubmit} noValidate>
      {CRITERIA.map((criterion) => (
        <fieldset key={criterion} className="field stars">
          <legend className="field__label">{t(`reviews.criteria.${criterion}`)}</legend>
          <div className="stars__options">
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className="stars__option">
                <input
                  type="radio"
                  name={`${id}-${criterion}`}
                  value={n}
                  checked={ratings[criterion] === n}
                  onChange={() => setRatings((current) => ({ ...current, [criterion]: n }))}
                />{' '}
                {t('reviews.stars', { n })}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {missing && (
        <p className="field__error" role="alert">
          {t('reviews.form.missing')}
        </p>
      )}
      <TextAreaField
        label={t('reviews.form.text')}
        rows={4}
        maxLength={2000}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <FormAlert error={write.error ? describeApiError(t, write.error) : null} />
      <SubmitButton pending={write.isPending} pendingLabel={t('reviews.form.sending')}>
        {t('reviews.form.send')}
      </SubmitButton>
    </form>
  );
}

function ReplyForm({ bookingId, reviewId }: { bookingId: string; reviewId: string }) {
  const { t } = useTranslation();
  const reply = useReplyToReview(bookingId);
  const [text, setText] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) reply.mutate({ reviewId, reply: text.trim() });
      }}
    >
      <TextAreaField
        label={t('reviews.reply.label')}
        rows={3}
        maxLength={2000}
        value={text}
        onChange={(event) => setText(event.target.value)}
        required
      />
      <FormAlert error={reply.error ? describeApiError(t, reply.error) : null} />
      <SubmitButton pending={reply.isPending} pendingLabel={t('reviews.form.sending')}>
        {t('reviews.reply.send')}
      </SubmitButton>
    </form>
  );
}

/** Reporting a review: a reason, then a thank-you. */
export function ReportReview({ reviewId }: { reviewId: string }) {
  const { t } = useTranslation();
  const report = useReportReview();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (report.isSuccess) return <p role="status">{t('reviews.report.done')}</p>;
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('reviews.report.open')}
      </button>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim().length >= 3) report.mutate({ reviewId, reason: reason.trim() });
      }}
    >
      <TextAreaField
        label={t('reviews.report.reason')}
        rows={2}
        maxLength={1000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        required
      />
      <FormAlert error={report.error ? describeApiError(t, report.error) : null} />
      <SubmitButton pending={report.isPending} pendingLabel={t('reviews.form.sending')}>
        {t('reviews.report.send')}
      </SubmitButton>
    </form>
  );
}
