// KYC_PROVIDER=sumsub: the vendor checks the documents; its webhooks say that something
// changed, and the applicant's review is re-read from the vendor before anything is applied
// (a webhook is a hint, never the truth), so repeated or out-of-order events converge.
import type { KycVendor } from '../../platform/kyc/sumsub';
import type { ObjectStorage } from '../../platform/storage/storage';
import { AppError } from '../../platform/errors/app-error';
import { approveVerification, rejectVerification, startReview, vendorDocuments, type KycDeps } from './kyc.service';
import { isUniqueViolation } from '../../platform/db/unique-violation';

const VENDOR_ORIGIN = { ip: '', userAgent: 'kyc-vendor' };

/** Country of a provider's documents, from their city's time zone (the three markets). */
function countryOf(timeZone: string | undefined): string {
  if (timeZone === 'Africa/Algiers') return 'DZA';
  if (timeZone === 'Africa/Tunis') return 'TUN';
  return 'MAR';
}

/**
 * Sends a submitted file to the vendor and moves it to in_review. A second run (a retry
 * after a crash) finds the applicant made by the first through our own user id, and a
 * file that is no longer submitted is left alone.
 */
export async function startVendorCheck(
  deps: KycDeps & { storage: ObjectStorage; vendor: KycVendor },
  { profileId }: { profileId: string },
) {
  const profile = await deps.db.providerProfile.findUnique({ where: { id: profileId }, include: { user: true, city: true } });
  if (!profile || profile.kycStatus !== 'submitted') return;
  const { applicantId } = await deps.vendor.startCheck({
    externalUserId: profile.userId,
    applicantId: profile.kycApplicantId,
    email: profile.user.email,
    phone: profile.user.phone,
    country: countryOf(profile.city?.timeZone),
    documents: await vendorDocuments(deps, profileId),
  });
  await startReview(deps, { profileId, actor: { kind: 'vendor', id: null }, origin: VENDOR_ORIGIN, applicantId });
}

export interface VendorEvent {
  /** Stored once (unique): a repeated delivery is acknowledged and does nothing. */
  key: string;
  applicantId: string;
  type: string;
}

/**
 * Applies one vendor event, once: the event row is written in the transition's
 * transaction when there is one (a failure leaves no row, so the vendor's retry is
 * applied), and alone otherwise. What is applied is the vendor's current review.
 */
export async function applyVendorEvent(deps: KycDeps & { vendor: KycVendor }, event: VendorEvent): Promise<{ duplicate: boolean }> {
  const { db } = deps;
  if (await db.kycWebhookEvent.findUnique({ where: { key: event.key } })) return { duplicate: true };
  const profile = await db.providerProfile.findUnique({ where: { kycApplicantId: event.applicantId } });
  const record = async () => {
    try {
      await db.kycWebhookEvent.create({ data: { key: event.key, applicantId: event.applicantId, type: event.type } });
      return { duplicate: false };
    } catch (error) {
      if (isUniqueViolation(error)) return { duplicate: true };
      throw error;
    }
  };
  // An applicant we do not know (another environment's, or a test from the dashboard).
  if (!profile) return record();
  const review = await deps.vendor.review(event.applicantId);
  const decided = review.status === 'completed' && review.answer !== null;
  if (decided && profile.kycStatus === 'submitted') {
    // The vendor decided before our own move to in_review committed (the check-start job
    // is between its vendor call and its transaction): not stored, so the vendor's retry
    // applies it.
    throw new AppError('KYC_WEBHOOK_EARLY', 409, 'The check is still being started; retry later');
  }
  if (!decided || profile.kycStatus !== 'in_review') {
    // Nothing to move: pending states, or a decision already applied (a repeat, or an
    // older event arriving after a newer one).
    return record();
  }
  const input = {
    profileId: profile.id,
    actor: { kind: 'vendor' as const, id: null },
    origin: VENDOR_ORIGIN,
    // Written with the transition: the event and its effect commit together.
    event: { ...event, seenAt: review.at },
  };
  try {
    if (review.answer === 'GREEN') await approveVerification(deps, { ...input, certificateVerified: false });
    else await rejectVerification(deps, { ...input, reason: review.reason ?? 'The identity check did not pass' });
  } catch (error) {
    // The same event applied by a parallel delivery, or the file moved meanwhile.
    if (isUniqueViolation(error)) return { duplicate: true };
    if (error instanceof AppError && error.code === 'KYC_TRANSITION_NOT_ALLOWED') return record();
    throw error;
  }
  return { duplicate: false };
}
