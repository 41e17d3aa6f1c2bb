import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '@/lib/auth';
import { useProviderReviews } from '../api/provider-reviews';
import { ReportReview } from './booking-reviews';
import { ReviewCard } from './review-card';

/** A provider's published reviews and rating (on their profile and their services' pages). */
export function ProviderReviews({ providerId }: { providerId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const { data: session } = useSession();
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage } = useProviderReviews(providerId);
  if (!data) return null;
  const rating = data.pages[0]?.rating;
  const reviews = data.pages.flatMap((page) => page.reviews);
  return (
    <section aria-labelledby={`${id}-heading`} className="provider-reviews">
      <h2 id={`${id}-heading`} className="section__heading">
        {t('reviews.providerHeading')}
      </h2>
      {rating && rating.count > 0 && rating.average !== null ? (
        <p>
          {t('reviews.summary', {
            average: rating.average.toFixed(1),
            count: rating.count,
            quality: rating.quality?.toFixed(1) ?? '–',
            punctuality: rating.punctuality?.toFixed(1) ?? '–',
            value: rating.value?.toFixed(1) ?? '–',
          })}
        </p>
      ) : (
        <p>{t('reviews.none')}</p>
      )}
      <ul className="provider-reviews__list">
        {reviews.map((review) => (
          <li key={review.id}>
            <ReviewCard review={review}>{session && <ReportReview reviewId={review.id} />}</ReviewCard>
          </li>
        ))}
      </ul>
      {hasNextPage && (
        <button type="button" className="button button--secondary" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
          {t('reviews.more')}
        </button>
      )}
    </section>
  );
}
