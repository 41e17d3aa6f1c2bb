import { bookingReviews, reportCreated, review, type Review } from '@khadamat/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiClient } from '@/lib/api-client';
import { bookingReviewsKey } from '@/lib/api/live-events';

export type ReviewInput = { quality: number; punctuality: number; value: number; text: string };

/** GET /api/bookings/:id/reviews: the caller's review, the other party's once published, and whether they may write. */
export function useBookingReviews(bookingId: string) {
  return useQuery({
    queryKey: bookingReviewsKey(bookingId),
    queryFn: ({ signal }): Promise<z.infer<typeof bookingReviews>> =>
      apiClient.get(`/api/bookings/${encodeURIComponent(bookingId)}/reviews`, bookingReviews, { signal }),
  });
}

/** POST /api/bookings/:id/reviews: once, when the job is done. */
export function useWriteReview(bookingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewInput): Promise<Review> =>
      apiClient.post(`/api/bookings/${encodeURIComponent(bookingId)}/reviews`, review, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bookingReviewsKey(bookingId) }),
  });
}

/** POST /api/reviews/:id/reply: the provider answers the client's review, once. */
export function useReplyToReview(bookingId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reviewId, reply }: { reviewId: string; reply: string }): Promise<Review> =>
      apiClient.post(`/api/reviews/${encodeURIComponent(reviewId)}/reply`, review, { reply }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: bookingReviewsKey(bookingId) }),
  });
}

/** POST /api/reviews/:id/report: a published review, to the admins. */
export function useReportReview() {
  return useMutation({
    mutationFn: ({ reviewId, reason }: { reviewId: string; reason: string }) =>
      apiClient.post(`/api/reviews/${encodeURIComponent(reviewId)}/report`, reportCreated, { reason }),
  });
}
