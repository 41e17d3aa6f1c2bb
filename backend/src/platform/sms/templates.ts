// SMS texts in the recipient's language. Kept to one segment where possible (160 GSM-7
// characters, or 70 for Arabic, which needs UCS-2) and without links: a link in a code
// message is what phishing looks like, and some Maghreb carriers filter it.
import type { Locale } from '@khadamat/contracts';
import { formatMinutes } from '../mail/templates';

export interface SmsTemplateVars {
  'phone-code': { code: string; minutes: number };
  /** A notice written by the sending module in the recipient's language (booking events). */
  notice: { text: string };
}
export type SmsTemplate = keyof SmsTemplateVars;

type Writers = { [T in SmsTemplate]: Record<Locale, (vars: SmsTemplateVars[T]) => string> };

// French and English avoid characters outside GSM-7 (no curly apostrophes), which would
// switch the whole message to UCS-2 and halve its length.
const writers: Writers = {
  notice: { fr: ({ text }) => text, ar: ({ text }) => text, en: ({ text }) => text },
  'phone-code': {
    fr: ({ code, minutes }) =>
      `Khadamat : votre code de vérification est ${code}. Il expire dans ${formatMinutes({ locale: 'fr', minutes })}. Ne le partagez avec personne.`,
    ar: ({ code, minutes }) => `رمز Khadamat للتحقق: ${code}، صالح لمدة ${formatMinutes({ locale: 'ar', minutes })}. لا تشاركه مع أحد.`,
    en: ({ code, minutes }) =>
      `Khadamat: your verification code is ${code}. It expires in ${formatMinutes({ locale: 'en', minutes })}. Never share it with anyone.`,
  },
};

export function renderSms<T extends SmsTemplate>(template: T, locale: Locale, vars: SmsTemplateVars[T]): { text: string } {
  return { text: writers[template][locale](vars) };
}
