import type { Role, UploadKind } from '@khadamat/contracts';

/** Types we accept, as detected from the bytes (magic numbers), never from the name or the declared type. */
export type AcceptedMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

export interface UploadKindRule {
  /** public: served under /files with long cache headers; private: only through the authorised download route. */
  visibility: 'public' | 'private';
  accepts: readonly AcceptedMime[];
  maxBytes: number;
  /** Widths of the smaller WebP copies made of an image (none for PDFs). */
  variantWidths: readonly number[];
  /** Who may upload this kind; null: any signed-in user. */
  roles: readonly Role[] | null;
}

const MiB = 1024 * 1024;
const IMAGES: readonly AcceptedMime[] = ['image/jpeg', 'image/png', 'image/webp'];

/** Every kind of file the platform takes, in one table (UPLOAD_MAX_BYTES caps them all). */
export const UPLOAD_KINDS: Readonly<Record<UploadKind, UploadKindRule>> = {
  service_photo: { visibility: 'public', accepts: IMAGES, maxBytes: 8 * MiB, variantWidths: [320, 800, 1600], roles: ['provider'] },
  avatar: { visibility: 'public', accepts: IMAGES, maxBytes: 4 * MiB, variantWidths: [128, 256], roles: null },
  kyc_document: {
    visibility: 'private',
    accepts: ['application/pdf', 'image/jpeg', 'image/png'],
    maxBytes: 10 * MiB,
    variantWidths: [],
    roles: ['provider'],
  },
  chat_attachment: { visibility: 'private', accepts: [...IMAGES, 'application/pdf'], maxBytes: 10 * MiB, variantWidths: [], roles: null },
  // Photos of the job sent with a booking request: the owner's until attached, then its client and provider's.
  booking_photo: { visibility: 'private', accepts: IMAGES, maxBytes: 8 * MiB, variantWidths: [], roles: ['client', 'provider'] },
};

/** The most any upload may weigh, with UPLOAD_MAX_BYTES applied. */
export function uploadLimit({ kind, configMaxBytes }: { kind?: UploadKind; configMaxBytes: number }): number {
  const kindMax = kind ? UPLOAD_KINDS[kind].maxBytes : Math.max(...Object.values(UPLOAD_KINDS).map((rule) => rule.maxBytes));
  return Math.min(kindMax, configMaxBytes);
}
