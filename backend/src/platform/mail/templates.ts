// Transactional emails in the recipient's language. Each template is plain copy (strings
// with the vars already in them); one layout turns it into HTML and text, and escapes
// every string on the way, so no template can forget to.
import type { Locale } from '@khadamat/contracts';
import { RTL_LOCALES } from '@khadamat/contracts';

export interface MailTemplateVars {
  'verify-email': { name: string; link: string };
  'password-reset': { name: string; link: string; minutes: number };
  'password-changed': { name: string };
  /** Someone signed up with an address that already has an account (sign-up never says so). */
  'account-exists': { name: string; signInLink: string; resetLink: string };
  welcome: { name: string };
  /**
   * A notice whose copy the sending module wrote in the recipient's language (booking
   * events): subject, paragraphs separated by a blank line, an optional action.
   */
  notice: { name: string; subject: string; body: string; actionLabel?: string; actionUrl?: string; unsubscribeUrl?: string };
  /** A provider's verification moved (kyc/kyc.transitions.ts); `reason` for a rejection or suspension. */
  'kyc-status': { name: string; status: KycMailStatus; reason: string; link: string };
}
/** The verification states a provider is told about (a reinstatement reads as verified). */
export type KycMailStatus = 'submitted' | 'in_review' | 'verified' | 'rejected' | 'suspended';
export type MailTemplate = keyof MailTemplateVars;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

interface MailCopy {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Shown after the action: expiry, "ignore this if it was not you". */
  notes?: string[];
  /** The page that turns this kind of mail off (notices the member may refuse); in the footer. */
  unsubscribeUrl?: string;
}

type Copywriters = { [T in MailTemplate]: Record<Locale, (vars: MailTemplateVars[T]) => MailCopy> };

const BRAND = 'Khadamat';

const notice =
  (hello: string) =>
  ({ name, subject, body, actionLabel, actionUrl, unsubscribeUrl }: MailTemplateVars['notice']): MailCopy => ({
    subject,
    ...(unsubscribeUrl ? { unsubscribeUrl: absoluteLink(unsubscribeUrl) } : {}),
    greeting: `${hello} ${name}${hello === 'مرحبًا' ? '،' : ','}`,
    paragraphs: body.split('\n\n').filter(Boolean),
    ...(actionLabel && actionUrl ? { action: { label: actionLabel, url: absoluteLink(actionUrl) } } : {}),
  });

const copywriters: Copywriters = {
  notice: { fr: notice('Bonjour'), ar: notice('مرحبًا'), en: notice('Hello') },
  'kyc-status': {
    fr: ({ name, status, reason, link }) => ({
      subject: {
        submitted: 'Votre dossier de vérification est envoyé',
        in_review: 'Votre dossier de vérification est en cours d’examen',
        verified: 'Votre identité est vérifiée',
        rejected: 'Votre dossier de vérification est refusé',
        suspended: 'Votre compte prestataire est suspendu',
      }[status],
      greeting: `Bonjour ${name},`,
      paragraphs: [
        {
          submitted: 'Nous avons bien reçu votre dossier. Nous vous écrirons dès qu’il aura été examiné.',
          in_review: 'Votre dossier est en cours d’examen. Vous recevrez la décision par e-mail et SMS.',
          verified: `Votre identité est vérifiée : vos services publiés sont désormais visibles et réservables sur ${BRAND}.`,
          rejected: `Votre dossier n’a pas pu être validé. Motif : ${reason}. Vous pouvez corriger votre dossier et l’envoyer à nouveau.`,
          suspended: `Votre compte prestataire est suspendu : vos services ne sont plus visibles. Motif : ${reason}.`,
        }[status],
      ],
      action: { label: 'Voir mon dossier', url: absoluteLink(link) },
    }),
    ar: ({ name, status, reason, link }) => ({
      subject: {
        submitted: 'تم إرسال ملف التحقق الخاص بك',
        in_review: 'ملف التحقق الخاص بك قيد المراجعة',
        verified: 'تم التحقق من هويتك',
        rejected: 'تم رفض ملف التحقق الخاص بك',
        suspended: 'تم تعليق حسابك كمقدّم خدمات',
      }[status],
      greeting: `مرحبًا ${name}،`,
      paragraphs: [
        {
          submitted: 'لقد استلمنا ملفك. سنراسلك فور مراجعته.',
          in_review: 'ملفك قيد المراجعة. ستصلك النتيجة عبر البريد الإلكتروني والرسائل القصيرة.',
          verified: `تم التحقق من هويتك: أصبحت خدماتك المنشورة ظاهرة وقابلة للحجز على ${BRAND}.`,
          rejected: `تعذّر قبول ملفك. السبب: ${reason}. يمكنك تصحيح ملفك وإرساله من جديد.`,
          suspended: `تم تعليق حسابك كمقدّم خدمات ولم تعد خدماتك ظاهرة. السبب: ${reason}.`,
        }[status],
      ],
      action: { label: 'عرض ملفي', url: absoluteLink(link) },
    }),
    en: ({ name, status, reason, link }) => ({
      subject: {
        submitted: 'Your verification file was sent',
        in_review: 'Your verification file is being reviewed',
        verified: 'Your identity is verified',
        rejected: 'Your verification file was not accepted',
        suspended: 'Your provider account is suspended',
      }[status],
      greeting: `Hello ${name},`,
      paragraphs: [
        {
          submitted: 'We have received your file. We will write to you as soon as it has been reviewed.',
          in_review: 'Your file is being reviewed. You will receive the decision by email and SMS.',
          verified: `Your identity is verified: your published services can now be found and booked on ${BRAND}.`,
          rejected: `Your file could not be accepted. Reason: ${reason}. You can correct your file and send it again.`,
          suspended: `Your provider account is suspended: your services are no longer shown. Reason: ${reason}.`,
        }[status],
      ],
      action: { label: 'See my file', url: absoluteLink(link) },
    }),
  },
  'verify-email': {
    fr: ({ name, link }) => ({
      subject: 'Confirmez votre adresse e-mail',
      greeting: `Bonjour ${name},`,
      paragraphs: [`Bienvenue sur ${BRAND} ! Pour activer votre compte, confirmez votre adresse e-mail.`],
      action: { label: 'Confirmer mon adresse', url: absoluteLink(link) },
      notes: [`Si vous n’avez pas créé de compte sur ${BRAND}, ignorez simplement cet e-mail.`],
    }),
    ar: ({ name, link }) => ({
      subject: 'أكِّد عنوان بريدك الإلكتروني',
      greeting: `مرحبًا ${name}،`,
      paragraphs: [`أهلًا بك في ${BRAND}! لتفعيل حسابك، يُرجى تأكيد عنوان بريدك الإلكتروني.`],
      action: { label: 'تأكيد عنواني', url: absoluteLink(link) },
      notes: [`إذا لم تُنشئ حسابًا على ${BRAND}، فتجاهل هذه الرسالة.`],
    }),
    en: ({ name, link }) => ({
      subject: 'Confirm your email address',
      greeting: `Hello ${name},`,
      paragraphs: [`Welcome to ${BRAND}! To activate your account, please confirm your email address.`],
      action: { label: 'Confirm my address', url: absoluteLink(link) },
      notes: [`If you did not create a ${BRAND} account, you can ignore this email.`],
    }),
  },
  'password-reset': {
    fr: ({ name, link, minutes }) => ({
      subject: 'Réinitialisation de votre mot de passe',
      greeting: `Bonjour ${name},`,
      paragraphs: [`Nous avons reçu une demande de réinitialisation du mot de passe de votre compte ${BRAND}.`],
      action: { label: 'Choisir un nouveau mot de passe', url: absoluteLink(link) },
      notes: [
        `Ce lien expire dans ${formatMinutes({ locale: 'fr', minutes })} et ne sert qu’une fois.`,
        'Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : votre mot de passe reste inchangé.',
      ],
    }),
    ar: ({ name, link, minutes }) => ({
      subject: 'إعادة تعيين كلمة المرور',
      greeting: `مرحبًا ${name}،`,
      paragraphs: [`تلقّينا طلبًا لإعادة تعيين كلمة المرور الخاصة بحسابك على ${BRAND}.`],
      action: { label: 'اختيار كلمة مرور جديدة', url: absoluteLink(link) },
      notes: [
        `تنتهي صلاحية هذا الرابط بعد ${formatMinutes({ locale: 'ar', minutes })}، ولا يمكن استخدامه إلا مرة واحدة.`,
        'إذا لم تطلب ذلك، فتجاهل هذه الرسالة؛ ستبقى كلمة مرورك كما هي.',
      ],
    }),
    en: ({ name, link, minutes }) => ({
      subject: 'Reset your password',
      greeting: `Hello ${name},`,
      paragraphs: [`We received a request to reset the password of your ${BRAND} account.`],
      action: { label: 'Choose a new password', url: absoluteLink(link) },
      notes: [
        `This link expires in ${formatMinutes({ locale: 'en', minutes })} and works only once.`,
        'If you did not ask for this, ignore this email: your password stays the same.',
      ],
    }),
  },
  'password-changed': {
    fr: ({ name }) => ({
      subject: 'Votre mot de passe a été modifié',
      greeting: `Bonjour ${name},`,
      paragraphs: [
        `Le mot de passe de votre compte ${BRAND} vient d’être modifié.`,
        'Si c’est vous, vous n’avez rien à faire. Sinon, réinitialisez votre mot de passe sans attendre et contactez notre assistance.',
      ],
    }),
    ar: ({ name }) => ({
      subject: 'تم تغيير كلمة المرور',
      greeting: `مرحبًا ${name}،`,
      paragraphs: [
        `تم للتو تغيير كلمة المرور الخاصة بحسابك على ${BRAND}.`,
        'إذا كنت أنت من قام بذلك، فلا داعي لأي إجراء. وإلا، فأعد تعيين كلمة المرور فورًا وتواصل مع فريق الدعم.',
      ],
    }),
    en: ({ name }) => ({
      subject: 'Your password was changed',
      greeting: `Hello ${name},`,
      paragraphs: [
        `The password of your ${BRAND} account was just changed.`,
        'If this was you, there is nothing to do. If not, reset your password right away and contact our support team.',
      ],
    }),
  },
  'account-exists': {
    fr: ({ name, signInLink, resetLink }) => ({
      subject: `Vous avez déjà un compte ${BRAND}`,
      greeting: `Bonjour ${name},`,
      paragraphs: [
        `Quelqu’un, peut-être vous, a essayé de créer un compte ${BRAND} avec cette adresse e-mail. Elle a déjà un compte : aucun nouveau compte n’a été créé.`,
        'Si c’était vous, connectez-vous avec votre mot de passe.',
      ],
      action: { label: 'Me connecter', url: absoluteLink(signInLink) },
      notes: [
        `Mot de passe oublié ? Choisissez-en un nouveau ici : ${absoluteLink(resetLink)}`,
        'Si ce n’était pas vous, ignorez cet e-mail : personne ne peut accéder à votre compte sans votre mot de passe.',
      ],
    }),
    ar: ({ name, signInLink, resetLink }) => ({
      subject: `لديك حساب على ${BRAND} بالفعل`,
      greeting: `مرحبًا ${name}،`,
      paragraphs: [
        `حاول شخص ما، ربما أنت، إنشاء حساب على ${BRAND} بهذا البريد الإلكتروني. هذا العنوان مرتبط بحساب موجود، ولم يُنشأ أي حساب جديد.`,
        'إذا كنت أنت، فسجّل الدخول بكلمة مرورك.',
      ],
      action: { label: 'تسجيل الدخول', url: absoluteLink(signInLink) },
      notes: [
        `هل نسيت كلمة المرور؟ اختر كلمة مرور جديدة من هنا: ${absoluteLink(resetLink)}`,
        'إذا لم تكن أنت، فتجاهل هذه الرسالة؛ لا يمكن لأحد الدخول إلى حسابك دون كلمة مرورك.',
      ],
    }),
    en: ({ name, signInLink, resetLink }) => ({
      subject: `You already have a ${BRAND} account`,
      greeting: `Hello ${name},`,
      paragraphs: [
        `Someone, maybe you, tried to create a ${BRAND} account with this email address. It already has an account: no new account was created.`,
        'If it was you, sign in with your password.',
      ],
      action: { label: 'Sign in', url: absoluteLink(signInLink) },
      notes: [
        `Forgot your password? Choose a new one here: ${absoluteLink(resetLink)}`,
        'If it was not you, ignore this email: nobody can get into your account without your password.',
      ],
    }),
  },
  welcome: {
    fr: ({ name }) => ({
      subject: `Bienvenue sur ${BRAND}`,
      greeting: `Bonjour ${name},`,
      paragraphs: [
        'Votre adresse e-mail est confirmée et votre compte est prêt.',
        'Trouvez un professionnel de confiance près de chez vous, comparez les avis et réservez en quelques clics.',
      ],
    }),
    ar: ({ name }) => ({
      subject: `مرحبًا بك في ${BRAND}`,
      greeting: `مرحبًا ${name}،`,
      paragraphs: [
        'تم تأكيد بريدك الإلكتروني، وحسابك جاهز الآن.',
        'اعثر على مهني موثوق بالقرب منك، وقارن التقييمات، واحجز خدمتك ببضع نقرات.',
      ],
    }),
    en: ({ name }) => ({
      subject: `Welcome to ${BRAND}`,
      greeting: `Hello ${name},`,
      paragraphs: [
        'Your email address is confirmed and your account is ready.',
        'Find a trusted professional near you, compare reviews and book in a few clicks.',
      ],
    }),
  },
};

/** The words every message shares: the link fallback, the signature and the footer. */
const frame: Record<Locale, { linkFallback: string; colon: string; signature: string; footer: string; unsubscribe: string }> = {
  fr: {
    unsubscribe: 'Ne plus recevoir ce type d’e-mails',
    colon: ' :',
    linkFallback: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :',
    signature: `L’équipe ${BRAND}`,
    footer: `Cet e-mail vous a été envoyé par ${BRAND}. Merci de ne pas y répondre.`,
  },
  ar: {
    unsubscribe: 'إيقاف هذا النوع من الرسائل',
    colon: ':',
    linkFallback: 'إذا لم يعمل الزر، فانسخ هذا الرابط والصقه في متصفحك:',
    signature: `فريق ${BRAND}`,
    footer: `أُرسلت إليك هذه الرسالة من ${BRAND}. يُرجى عدم الرد عليها.`,
  },
  en: {
    unsubscribe: 'Stop receiving this kind of email',
    colon: ':',
    linkFallback: 'If the button does not work, copy this link into your browser:',
    signature: `The ${BRAND} team`,
    footer: `This email was sent to you by ${BRAND}. Please do not reply to it.`,
  },
};

export function renderMail<T extends MailTemplate>(template: T, locale: Locale, vars: MailTemplateVars[T]): RenderedMail {
  const copy = copywriters[template][locale](vars);
  return { subject: copy.subject, html: renderHtml({ copy, locale }), text: renderText({ copy, locale }) };
}

/**
 * An absolute link into the app: `path` (and `query`) resolved under `baseUrl`
 * (APP_BASE_URL), keeping any path prefix the base has. A path that would leave the
 * base's origin is refused, so a link in a mail always points at the platform.
 */
export function appLink({ baseUrl, path, query = {} }: { baseUrl: string; path: string; query?: Record<string, string> }): string {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const url = new URL(path.replace(/^\/+/, ''), base);
  if (url.origin !== base.origin) throw new Error(`appLink: ${path} leaves ${base.origin}`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.href;
}

/** A count of minutes in words, with the plural forms of each language (Arabic has six). */
export function formatMinutes({ locale, minutes }: { locale: Locale; minutes: number }): string {
  const form = new Intl.PluralRules(locale).select(minutes);
  if (locale !== 'ar') return `${minutes} ${form === 'one' ? 'minute' : 'minutes'}`;
  // After a preposition (بعد، لمدة), hence the genitive dual.
  if (form === 'one') return 'دقيقة واحدة';
  if (form === 'two') return 'دقيقتين';
  return `${minutes} ${form === 'few' ? 'دقائق' : 'دقيقة'}`;
}

/** Mail clients resolve nothing: a relative or non-web link would be dead or dangerous. */
function absoluteLink(link: string): string {
  const url = new URL(link);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Mail links must be http(s) URLs, got ${url.protocol}`);
  return url.href;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

const COLORS = { brand: '#0f766e', text: '#1f2937', muted: '#4b5563', page: '#f4f4f5', card: '#ffffff' };

// Inline styles only (mail clients drop <style>); a fluid column capped at 560px reads well
// on phones and desktops alike. lang and dir are repeated on the wrapper because some
// webmails drop the <html> element.
function renderHtml({ copy, locale }: { copy: MailCopy; locale: Locale }): string {
  const dir = RTL_LOCALES.includes(locale) ? 'rtl' : 'ltr';
  const align = dir === 'rtl' ? 'right' : 'left';
  const { linkFallback, signature, footer, unsubscribe } = frame[locale];
  const paragraph = (text: string, style = 'margin:0 0 16px;') => `<p style="${style}">${escapeHtml(text)}</p>`;
  const action = copy.action
    ? [
        `<p style="margin:24px 0;text-align:center;"><a href="${escapeHtml(copy.action.url)}" style="display:inline-block;padding:12px 24px;border-radius:6px;background-color:${COLORS.brand};color:#ffffff;font-weight:bold;text-decoration:none;">${escapeHtml(copy.action.label)}</a></p>`,
        `<p style="margin:0 0 16px;font-size:14px;color:${COLORS.muted};">${escapeHtml(linkFallback)}<br><a href="${escapeHtml(copy.action.url)}" dir="ltr" style="color:${COLORS.brand};word-break:break-all;">${escapeHtml(copy.action.url)}</a></p>`,
      ]
    : [];
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}" dir="${dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(copy.subject)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background-color:${COLORS.page};">`,
    `<div role="article" aria-label="${escapeHtml(copy.subject)}" lang="${locale}" dir="${dir}" style="max-width:560px;margin:0 auto;padding:24px 16px;font-family:'Segoe UI',Tahoma,Arial,sans-serif;font-size:16px;line-height:1.6;color:${COLORS.text};text-align:${align};">`,
    `<div style="padding:32px 24px;border-radius:8px;background-color:${COLORS.card};">`,
    `<p style="margin:0 0 24px;font-size:22px;font-weight:bold;color:${COLORS.brand};">${BRAND}</p>`,
    `<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;">${escapeHtml(copy.subject)}</h1>`,
    paragraph(copy.greeting),
    ...copy.paragraphs.map((text) => paragraph(text)),
    ...action,
    ...(copy.notes ?? []).map((text) => paragraph(text, `margin:0 0 16px;font-size:14px;color:${COLORS.muted};`)),
    paragraph(signature, 'margin:24px 0 0;'),
    '</div>',
    `<p style="margin:16px 0 0;font-size:12px;color:${COLORS.muted};text-align:center;">${escapeHtml(footer)}</p>`,
    ...(copy.unsubscribeUrl
      ? [
          `<p style="margin:8px 0 0;font-size:12px;text-align:center;"><a href="${escapeHtml(copy.unsubscribeUrl)}" style="color:${COLORS.muted};">${escapeHtml(unsubscribe)}</a></p>`,
        ]
      : []),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

function renderText({ copy, locale }: { copy: MailCopy; locale: Locale }): string {
  const { colon, signature, footer, unsubscribe } = frame[locale];
  const blocks = [
    copy.greeting,
    ...copy.paragraphs,
    ...(copy.action ? [`${copy.action.label}${colon}\n${copy.action.url}`] : []),
    ...(copy.notes ?? []),
    signature,
    // '-- ' is the signature delimiter mail clients recognise (RFC 3676).
    `-- \n${footer}${copy.unsubscribeUrl ? `\n${unsubscribe}${colon} ${copy.unsubscribeUrl}` : ''}`,
  ];
  return `${blocks.join('\n\n')}\n`;
}
