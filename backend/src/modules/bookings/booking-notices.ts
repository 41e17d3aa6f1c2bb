// What each booking event tells each party, in their language: a mail (subject and
// paragraphs) and an SMS (one line, no link). Times are shown in the booking's zone (where
// the job happens), formatted by Intl for the reader's language.
import { fromMinor, type Locale } from '@khadamat/contracts';

export type BookingEvent =
  | 'requested'
  | 'accepted'
  | 'declined'
  | 'expired'
  | 'cancelled'
  | 'reschedule_proposed'
  | 'rescheduled'
  | 'reschedule_declined'
  | 'checked_in'
  | 'completed'
  | 'confirmed'
  | 'no_show'
  | 'disputed'
  | 'dispute_resolved'
  | 'reminder';

export interface NoticeVars {
  service: string;
  /** The other party's name. */
  other: string;
  startAt: Date;
  timeZone: string;
  /** For a reschedule proposal: the new time. */
  proposedAt?: Date | null;
  /** A late-cancellation fee, or the refund of a resolved dispute, formatted (empty when none). */
  fee?: string;
  reason?: string;
  /** Hours before the start (reminders). */
  hoursBefore?: number;
}

export interface Notice {
  subject: string;
  body: string;
  sms: string;
  actionLabel: string;
}

const TAGS: Record<Locale, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

export function formatWhen(date: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'full', timeStyle: 'short', timeZone }).format(date);
}

export function formatMoney(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency }).format(fromMinor(minor, currency));
}

type Writer = (v: NoticeVars & { when: string; proposed: string }) => { subject: string; body: string; sms: string };

const fr: Record<BookingEvent, Writer> = {
  requested: (v) => ({
    subject: `Nouvelle demande : ${v.service}`,
    body: `${v.other} demande « ${v.service} » le ${v.when}.\n\nAcceptez ou refusez la demande depuis votre agenda.`,
    sms: `Khadamat : nouvelle demande de ${v.other} pour le ${v.when}. Répondez depuis votre agenda.`,
  }),
  accepted: (v) => ({
    subject: `Réservation acceptée : ${v.service}`,
    body: `${v.other} a accepté votre réservation « ${v.service} » du ${v.when}.`,
    sms: `Khadamat : ${v.other} a accepté votre réservation du ${v.when}.`,
  }),
  declined: (v) => ({
    subject: `Demande refusée : ${v.service}`,
    body: `${v.other} ne peut pas assurer « ${v.service} » le ${v.when}.${v.reason ? `\n\nMotif : ${v.reason}` : ''}\n\nD'autres professionnels sont disponibles.`,
    sms: `Khadamat : ${v.other} a refusé votre demande du ${v.when}.`,
  }),
  expired: (v) => ({
    subject: `Demande sans réponse : ${v.service}`,
    body: `${v.other} n'a pas répondu à votre demande du ${v.when} ; elle a expiré.\n\nD'autres professionnels sont disponibles.`,
    sms: `Khadamat : votre demande du ${v.when} a expiré sans réponse.`,
  }),
  cancelled: (v) => ({
    subject: `Réservation annulée : ${v.service}`,
    body: `${v.other} a annulé « ${v.service} » du ${v.when}.${v.fee ? `\n\nFrais d'annulation tardive : ${v.fee}.` : ''}${v.reason ? `\n\nMotif : ${v.reason}` : ''}`,
    sms: `Khadamat : ${v.other} a annulé la réservation du ${v.when}.`,
  }),
  reschedule_proposed: (v) => ({
    subject: `Nouvel horaire proposé : ${v.service}`,
    body: `${v.other} propose de déplacer « ${v.service} » du ${v.when} au ${v.proposed}.\n\nAcceptez ou refusez depuis la réservation.`,
    sms: `Khadamat : ${v.other} propose le ${v.proposed} au lieu du ${v.when}.`,
  }),
  rescheduled: (v) => ({
    subject: `Réservation déplacée : ${v.service}`,
    body: `« ${v.service} » a lieu désormais le ${v.when}.`,
    sms: `Khadamat : réservation déplacée au ${v.when}.`,
  }),
  reschedule_declined: (v) => ({
    subject: `Nouvel horaire refusé : ${v.service}`,
    body: `${v.other} a refusé le nouvel horaire. La réservation reste le ${v.when}.`,
    sms: `Khadamat : nouvel horaire refusé, la réservation reste le ${v.when}.`,
  }),
  checked_in: (v) => ({
    subject: `${v.other} est arrivé : ${v.service}`,
    body: `${v.other} a commencé « ${v.service} ».`,
    sms: `Khadamat : ${v.other} a commencé l'intervention.`,
  }),
  completed: (v) => ({
    subject: `Intervention terminée : ${v.service}`,
    body: `${v.other} indique avoir terminé « ${v.service} ». Confirmez-le, ou signalez un problème, dans les 72 heures ; sans réponse, elle sera confirmée automatiquement.`,
    sms: `Khadamat : intervention terminée. Confirmez ou signalez un problème sous 72 h.`,
  }),
  confirmed: (v) => ({
    subject: `Intervention confirmée : ${v.service}`,
    body: `L'intervention « ${v.service} » du ${v.when} est confirmée.`,
    sms: `Khadamat : intervention du ${v.when} confirmée.`,
  }),
  no_show: (v) => ({
    subject: `Absence signalée : ${v.service}`,
    body: `${v.other} signale que personne n'était présent pour « ${v.service} » le ${v.when}.`,
    sms: `Khadamat : absence signalée pour la réservation du ${v.when}.`,
  }),
  disputed: (v) => ({
    subject: `Litige ouvert : ${v.service}`,
    body: `${v.other} conteste l'intervention « ${v.service} » du ${v.when}.${v.reason ? `\n\nMotif : ${v.reason}` : ''}\n\nNotre équipe vous contactera.`,
    sms: `Khadamat : un litige est ouvert sur la réservation du ${v.when}.`,
  }),
  dispute_resolved: (v) => ({
    subject: `Litige résolu : ${v.service}`,
    body: `Notre équipe a tranché le litige sur « ${v.service} » du ${v.when}. ${v.fee ? `Remboursement au client : ${v.fee}.` : 'Aucun remboursement au client.'}${v.reason ? `\n\nDécision : ${v.reason}` : ''}`,
    sms: `Khadamat : le litige sur la réservation du ${v.when} est résolu.`,
  }),
  reminder: (v) => ({
    subject: `Rappel : ${v.service}, ${v.when}`,
    body: `Rappel : « ${v.service} » avec ${v.other} le ${v.when}.`,
    sms: `Khadamat : rappel, ${v.service} avec ${v.other} le ${v.when}.`,
  }),
};

const ar: Record<BookingEvent, Writer> = {
  requested: (v) => ({
    subject: `طلب جديد: ${v.service}`,
    body: `يطلب ${v.other} «${v.service}» يوم ${v.when}.\n\nاقبل الطلب أو ارفضه من جدول مواعيدك.`,
    sms: `Khadamat: طلب جديد من ${v.other} ليوم ${v.when}.`,
  }),
  accepted: (v) => ({
    subject: `تم قبول الحجز: ${v.service}`,
    body: `قبل ${v.other} حجزك «${v.service}» يوم ${v.when}.`,
    sms: `Khadamat: قبل ${v.other} حجزك يوم ${v.when}.`,
  }),
  declined: (v) => ({
    subject: `تم رفض الطلب: ${v.service}`,
    body: `لا يستطيع ${v.other} تقديم «${v.service}» يوم ${v.when}.${v.reason ? `\n\nالسبب: ${v.reason}` : ''}\n\nيتوفر مهنيون آخرون.`,
    sms: `Khadamat: رفض ${v.other} طلبك ليوم ${v.when}.`,
  }),
  expired: (v) => ({
    subject: `طلب بلا رد: ${v.service}`,
    body: `لم يرد ${v.other} على طلبك ليوم ${v.when}، فانتهت صلاحيته.\n\nيتوفر مهنيون آخرون.`,
    sms: `Khadamat: انتهت صلاحية طلبك ليوم ${v.when} دون رد.`,
  }),
  cancelled: (v) => ({
    subject: `تم إلغاء الحجز: ${v.service}`,
    body: `ألغى ${v.other} «${v.service}» يوم ${v.when}.${v.fee ? `\n\nرسوم الإلغاء المتأخر: ${v.fee}.` : ''}${v.reason ? `\n\nالسبب: ${v.reason}` : ''}`,
    sms: `Khadamat: ألغى ${v.other} الحجز يوم ${v.when}.`,
  }),
  reschedule_proposed: (v) => ({
    subject: `موعد جديد مقترح: ${v.service}`,
    body: `يقترح ${v.other} نقل «${v.service}» من ${v.when} إلى ${v.proposed}.\n\nاقبل أو ارفض من صفحة الحجز.`,
    sms: `Khadamat: يقترح ${v.other} موعد ${v.proposed} بدل ${v.when}.`,
  }),
  rescheduled: (v) => ({
    subject: `تم تغيير موعد الحجز: ${v.service}`,
    body: `أصبح موعد «${v.service}» يوم ${v.when}.`,
    sms: `Khadamat: تم نقل الحجز إلى ${v.when}.`,
  }),
  reschedule_declined: (v) => ({
    subject: `رُفض الموعد الجديد: ${v.service}`,
    body: `رفض ${v.other} الموعد الجديد. يبقى الحجز يوم ${v.when}.`,
    sms: `Khadamat: رُفض الموعد الجديد، يبقى الحجز يوم ${v.when}.`,
  }),
  checked_in: (v) => ({
    subject: `وصل ${v.other}: ${v.service}`,
    body: `بدأ ${v.other} «${v.service}».`,
    sms: `Khadamat: بدأ ${v.other} العمل.`,
  }),
  completed: (v) => ({
    subject: `انتهى العمل: ${v.service}`,
    body: `يشير ${v.other} إلى أنه أنهى «${v.service}». أكّد ذلك أو أبلغ عن مشكلة خلال 72 ساعة، وإلا فسيُؤكَّد تلقائيًا.`,
    sms: `Khadamat: انتهى العمل. أكّد أو أبلغ عن مشكلة خلال 72 ساعة.`,
  }),
  confirmed: (v) => ({
    subject: `تم تأكيد العمل: ${v.service}`,
    body: `تم تأكيد «${v.service}» يوم ${v.when}.`,
    sms: `Khadamat: تم تأكيد عمل يوم ${v.when}.`,
  }),
  no_show: (v) => ({
    subject: `تم الإبلاغ عن غياب: ${v.service}`,
    body: `يشير ${v.other} إلى أنه لم يجد أحدًا من أجل «${v.service}» يوم ${v.when}.`,
    sms: `Khadamat: تم الإبلاغ عن غياب في حجز يوم ${v.when}.`,
  }),
  disputed: (v) => ({
    subject: `نزاع مفتوح: ${v.service}`,
    body: `يعترض ${v.other} على «${v.service}» يوم ${v.when}.${v.reason ? `\n\nالسبب: ${v.reason}` : ''}\n\nسيتواصل معك فريقنا.`,
    sms: `Khadamat: فُتح نزاع على حجز يوم ${v.when}.`,
  }),
  dispute_resolved: (v) => ({
    subject: `تمت تسوية النزاع: ${v.service}`,
    body: `فصل فريقنا في النزاع حول «${v.service}» يوم ${v.when}. ${v.fee ? `المبلغ المسترد للعميل: ${v.fee}.` : 'لا استرداد للعميل.'}${v.reason ? `\n\nالقرار: ${v.reason}` : ''}`,
    sms: `Khadamat: تمت تسوية النزاع حول حجز ${v.when}.`,
  }),
  reminder: (v) => ({
    subject: `تذكير: ${v.service}، ${v.when}`,
    body: `تذكير: «${v.service}» مع ${v.other} يوم ${v.when}.`,
    sms: `Khadamat: تذكير، ${v.service} مع ${v.other} يوم ${v.when}.`,
  }),
};

const en: Record<BookingEvent, Writer> = {
  requested: (v) => ({
    subject: `New request: ${v.service}`,
    body: `${v.other} requests "${v.service}" on ${v.when}.\n\nAccept or decline it from your agenda.`,
    sms: `Khadamat: new request from ${v.other} for ${v.when}. Answer from your agenda.`,
  }),
  accepted: (v) => ({
    subject: `Booking accepted: ${v.service}`,
    body: `${v.other} accepted your booking "${v.service}" on ${v.when}.`,
    sms: `Khadamat: ${v.other} accepted your booking on ${v.when}.`,
  }),
  declined: (v) => ({
    subject: `Request declined: ${v.service}`,
    body: `${v.other} cannot do "${v.service}" on ${v.when}.${v.reason ? `\n\nReason: ${v.reason}` : ''}\n\nOther professionals are available.`,
    sms: `Khadamat: ${v.other} declined your request for ${v.when}.`,
  }),
  expired: (v) => ({
    subject: `Request not answered: ${v.service}`,
    body: `${v.other} did not answer your request for ${v.when}; it has expired.\n\nOther professionals are available.`,
    sms: `Khadamat: your request for ${v.when} expired without an answer.`,
  }),
  cancelled: (v) => ({
    subject: `Booking cancelled: ${v.service}`,
    body: `${v.other} cancelled "${v.service}" on ${v.when}.${v.fee ? `\n\nLate cancellation fee: ${v.fee}.` : ''}${v.reason ? `\n\nReason: ${v.reason}` : ''}`,
    sms: `Khadamat: ${v.other} cancelled the booking on ${v.when}.`,
  }),
  reschedule_proposed: (v) => ({
    subject: `New time proposed: ${v.service}`,
    body: `${v.other} proposes to move "${v.service}" from ${v.when} to ${v.proposed}.\n\nAccept or decline from the booking.`,
    sms: `Khadamat: ${v.other} proposes ${v.proposed} instead of ${v.when}.`,
  }),
  rescheduled: (v) => ({
    subject: `Booking moved: ${v.service}`,
    body: `"${v.service}" now takes place on ${v.when}.`,
    sms: `Khadamat: booking moved to ${v.when}.`,
  }),
  reschedule_declined: (v) => ({
    subject: `New time declined: ${v.service}`,
    body: `${v.other} declined the new time. The booking stays on ${v.when}.`,
    sms: `Khadamat: new time declined; the booking stays on ${v.when}.`,
  }),
  checked_in: (v) => ({
    subject: `${v.other} has arrived: ${v.service}`,
    body: `${v.other} started "${v.service}".`,
    sms: `Khadamat: ${v.other} started the job.`,
  }),
  completed: (v) => ({
    subject: `Job done: ${v.service}`,
    body: `${v.other} says "${v.service}" is done. Confirm it, or report a problem, within 72 hours; without an answer it is confirmed automatically.`,
    sms: `Khadamat: job done. Confirm or report a problem within 72 h.`,
  }),
  confirmed: (v) => ({
    subject: `Job confirmed: ${v.service}`,
    body: `The job "${v.service}" on ${v.when} is confirmed.`,
    sms: `Khadamat: job on ${v.when} confirmed.`,
  }),
  no_show: (v) => ({
    subject: `No-show reported: ${v.service}`,
    body: `${v.other} reports that nobody was there for "${v.service}" on ${v.when}.`,
    sms: `Khadamat: no-show reported for the booking on ${v.when}.`,
  }),
  disputed: (v) => ({
    subject: `Dispute opened: ${v.service}`,
    body: `${v.other} disputes "${v.service}" on ${v.when}.${v.reason ? `\n\nReason: ${v.reason}` : ''}\n\nOur team will contact you.`,
    sms: `Khadamat: a dispute was opened on the booking of ${v.when}.`,
  }),
  dispute_resolved: (v) => ({
    subject: `Dispute resolved: ${v.service}`,
    body: `Our team resolved the dispute about "${v.service}" on ${v.when}. ${v.fee ? `Refund to the client: ${v.fee}.` : 'No refund to the client.'}${v.reason ? `\n\nDecision: ${v.reason}` : ''}`,
    sms: `Khadamat: the dispute about the booking of ${v.when} is resolved.`,
  }),
  reminder: (v) => ({
    subject: `Reminder: ${v.service}, ${v.when}`,
    body: `Reminder: "${v.service}" with ${v.other} on ${v.when}.`,
    sms: `Khadamat: reminder, ${v.service} with ${v.other} on ${v.when}.`,
  }),
};

const WRITERS: Record<Locale, Record<BookingEvent, Writer>> = { fr, ar, en };
const ACTION: Record<Locale, string> = { fr: 'Voir la réservation', ar: 'عرض الحجز', en: 'View the booking' };

export function bookingNotice(event: BookingEvent, locale: Locale, vars: NoticeVars): Notice {
  const when = formatWhen(vars.startAt, vars.timeZone, locale);
  const proposed = vars.proposedAt ? formatWhen(vars.proposedAt, vars.timeZone, locale) : '';
  return { ...WRITERS[locale][event]({ ...vars, when, proposed }), actionLabel: ACTION[locale] };
}
