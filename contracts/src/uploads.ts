import { z } from 'zod';

/** What a file is for; each kind has its own types, size limit, visibility and variants. */
export const uploadKind = z.enum(['service_photo', 'avatar', 'kyc_document', 'chat_attachment', 'booking_photo']);
export type UploadKind = z.infer<typeof uploadKind>;

export const uploadQuery = z.object({ kind: uploadKind });
export const uploadIdParams = z.object({ id: z.string().min(1).max(64) });
export const fileKeyParams = z.object({ key: z.string().min(1).max(128) });

/**
 * A stored file. Images are re-encoded to WebP, so `mimeType` is what is served, not what
 * was sent. `url` is public for public kinds and an authorised download route otherwise.
 * `variants` maps a width descriptor ("320w") to a smaller copy; only widths narrower than
 * the original exist, so a srcset is the variants plus `url` at `${width}w`.
 */
export const upload = z.object({
  id: z.string(),
  kind: uploadKind,
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string(),
  variants: z.record(z.string(), z.string()),
});
export type Upload = z.infer<typeof upload>;
