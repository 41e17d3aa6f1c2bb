// SMS texts in the recipient's language. Kept to one segment where possible (160 GSM-7
// characters, or 70 for Arabic, which needs UCS-2) and without links: a link in a code
// message is what phishing looks like, and some Maghreb carriers filter it.
import type { Locale } from '@khadamat/contracts';
import { formatMinutes, type KycMailStatus } from '../mail/templates';

export interface SmsTemplateVars {
  'phone-code': { code: string; minutes: number };
  /** A notice written by the sending module in the recipient's language (booking events). */
  notice: { text: string };
  'kyc-status': { status: KycMailStatus };
}
export type SmsTemplate = keyof SmsTemplateVars;

type Writers = { [T in SmsTemplate]: Record<Locale, (vars: SmsTemplateVars[T]) => string> };

// French and English avoid characters outside GSM-7 (no curly apostrophes), which would
// switch the whole message to UCS-2 and halve its length.
const writers: Writers = {
  notice: { fr: ({ text }) => text, ar: ({ text }) => text, en: ({ text }) => text },
  'kyc-status': {
    fr: ({ status }) =>
      ({
        submitted: 'Khadamat : votre dossier de verification est envoye.',
        in_review: 'Khadamat : votre dossier de verification est en cours d examen.',
        verified: 'Khadamat : votre identite est verifiee, vos services sont visibles.',
        rejected: 'Khadamat : votre dossier est refuse. Le motif est dans votre e-mail et votre espace.',
        suspended: 'Khadamat : votre compte prestataire est suspendu. Le motif est dans votre e-mail.',
      })[status],
    ar: ({ status }) =>
      ({
        submitted: 'Khadamat: تم إرسال ملف التحقق.',
        in_review: 'Khadamat: ملف التحقق قيد المراجعة.',
        verified: 'Khadamat: تم التحقق من هويتك وخدماتك ظاهرة.',
        rejected: 'Khadamat: تم رفض ملفك. السبب في بريدك وفضائك.',
        suspended: 'Khadamat: تم تعليق حسابك. السبب في بريدك.',
      })[status],
    en: ({ status }) =>
      ({
        submitted: 'Khadamat: your verification file was sent.',
        in_review: 'Khadamat: your verification file is being reviewed.',
        verified: 'Khadamat: your identity is verified, your services are shown.',
        rejected: 'Khadamat: your file was not accepted. The reason is in your email and account.',
        suspended: 'Khadamat: your provider account is suspended. The reason is in your email.',
      })[status],
  },
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
