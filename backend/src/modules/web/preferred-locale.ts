import { DEFAULT_LOCALE, LOCALE_COOKIE, isLocale, localeFromAcceptLanguage, type Locale } from '@khadamat/contracts';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/client';
import { SESSION_COOKIE, findActiveSession } from '../accounts/sessions.service';

/**
 * The language of a URL that names none: the choice made with the language switch on this
 * browser (a cookie), else the signed-in member's saved language, else the browser's
 * `Accept-Language`, else French.
 */
export async function preferredLocale(db: Db, request: FastifyRequest): Promise<Locale> {
  const chosen = request.cookies[LOCALE_COOKIE];
  if (isLocale(chosen)) return chosen;
  const token = request.cookies[SESSION_COOKIE];
  if (token) {
    const session = await findActiveSession({ db, token });
    if (session && isLocale(session.user.locale)) return session.user.locale;
  }
  return localeFromAcceptLanguage(request.headers['accept-language']) ?? DEFAULT_LOCALE;
}
