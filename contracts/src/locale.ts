import { z } from 'zod';

export const LOCALES = ['fr', 'ar', 'en'] as const;
export const locale = z.enum(LOCALES);
export type Locale = z.infer<typeof locale>;
export const DEFAULT_LOCALE: Locale = 'fr';
export const RTL_LOCALES: readonly Locale[] = ['ar'];

/** A text in the platform's three languages. */
export const localizedText = z.object({ fr: z.string(), ar: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof localizedText>;
