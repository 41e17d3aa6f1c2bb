import { z } from 'zod';
import { LOCALES } from './locale-codes';

export * from './locale-codes';
export const locale = z.enum(LOCALES);

/** A text in the platform's three languages. */
export const localizedText = z.object({ fr: z.string(), ar: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof localizedText>;
