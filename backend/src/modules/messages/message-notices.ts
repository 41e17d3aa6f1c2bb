// What a member is told of a new message or a review, in their language: the bell's title
// and line, and the same as a mail. Message previews are masked as the reader would see them.
import type { Locale } from '@khadamat/contracts';

export type ConversationEvent = 'message_received' | 'review_received' | 'reviews_published';

interface Vars {
  /** The other party's name. */
  other: string;
  service: string;
  /** A message's first words (already masked for this reader), or empty. */
  preview?: string;
}

type Writer = (v: Vars) => { title: string; body: string };

const TEXTS: Record<Locale, Record<ConversationEvent, Writer>> = {
  fr: {
    message_received: (v) => ({ title: `Nouveau message de ${v.other}`, body: v.preview || `Une pièce jointe pour « ${v.service} ».` }),
    review_received: (v) => ({
      title: `${v.other} a laissé un avis`,
      body: `Donnez le vôtre sur « ${v.service} » : les deux avis seront publiés ensemble.`,
    }),
    reviews_published: (v) => ({ title: `Avis publiés : ${v.service}`, body: `Les avis de la réservation avec ${v.other} sont visibles.` }),
  },
  ar: {
    message_received: (v) => ({ title: `رسالة جديدة من ${v.other}`, body: v.preview || `مرفق بخصوص «${v.service}».` }),
    review_received: (v) => ({ title: `ترك ${v.other} تقييمًا`, body: `أضف تقييمك لـ«${v.service}»: سيُنشر التقييمان معًا.` }),
    reviews_published: (v) => ({ title: `نُشرت التقييمات: ${v.service}`, body: `أصبحت تقييمات الحجز مع ${v.other} ظاهرة.` }),
  },
  en: {
    message_received: (v) => ({ title: `New message from ${v.other}`, body: v.preview || `An attachment about "${v.service}".` }),
    review_received: (v) => ({
      title: `${v.other} left a review`,
      body: `Leave yours on "${v.service}": both reviews are published together.`,
    }),
    reviews_published: (v) => ({
      title: `Reviews published: ${v.service}`,
      body: `The reviews of your booking with ${v.other} are visible.`,
    }),
  },
};

const PREVIEW_CHARS = 140;

export function conversationNotice(event: ConversationEvent, locale: Locale, vars: Vars) {
  const preview = vars.preview && vars.preview.length > PREVIEW_CHARS ? `${vars.preview.slice(0, PREVIEW_CHARS - 1)}…` : vars.preview;
  return TEXTS[locale][event]({ ...vars, preview });
}
