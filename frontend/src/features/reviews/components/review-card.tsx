import type { Review } from '@khadamat/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@/hooks/use-locale';
import { formatDateTime } from '@/lib/format-date';

const CRITERIA = ['quality', 'punctuality', 'value'] as const;

/** One review: who wrote it, the three ratings, the text and the provider's reply. */
export function ReviewCard({ review, children }: { review: Review; children?: ReactNode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <article className="review">
      <p className="review__meta">
        <strong>
          <bdi>{review.authorName}</bdi>
        </strong>{' '}
        ({t(`reviews.by.${review.authorRole}`)}) · <time dateTime={review.createdAt}>{formatDateTime(review.createdAt, locale)}</time>
      </p>
      <dl className="review__ratings">
        {CRITERIA.map((criterion) => (
          <div key={criterion}>
            <dt>{t(`reviews.criteria.${criterion}`)}</dt>
            <dd>{t('reviews.stars', { n: review[criterion] })}</dd>
          </div>
        ))}
      </dl>
      {review.text && (
        <p className="prewrap">
          <bdi>{review.text}</bdi>
        </p>
      )}
      {review.reply && (
        <div className="review__reply">
          <p>
            <strong>{t('reviews.reply.heading')}</strong>
          </p>
          <p className="prewrap">
            <bdi>{review.reply}</bdi>
          </p>
        </div>
      )}
      {children}
    </article>
  );
}
