import type { checkoutFr } from './fr';

/** The card checkout of a booking (features/checkout), Arabic. */
export const checkoutAr: typeof checkoutFr = {
  title: 'الدفع بالبطاقة',
  card: 'بطاقتك',
  amount: 'المبلغ: {{amount}}.',
  hold: 'تُفوَّض بطاقتك الآن ولا تُخصم إلا عندما تؤكد إنجاز الخدمة.',
  saved: 'الحجز بعد أكثر من 4 أيام: تُحفَظ بطاقتك الآن وتُفوَّض قبل الخدمة ببضعة أيام وتُخصم عند تأكيدك لها.',
  pay: 'تفويض {{amount}}',
  paying: 'جارٍ التفويض…',
  payNow: 'ادفع الآن بالبطاقة',
  payNowHint: 'سيتلقى مقدّم الخدمة طلبك بعد تفويض البطاقة.',
  notPayable: 'هذا الحجز لا ينتظر دفعًا بالبطاقة.',
  unavailable: 'الدفع بالبطاقة غير متاح حاليًا.',
  back: 'العودة إلى الحجز',
  errors: {
    declined: 'تم رفض بطاقتك. جرّب بطاقة أخرى.',
    authentication: 'فشل التحقق من البطاقة. حاول مجددًا أو استعمل بطاقة أخرى.',
    generic: 'لم يتم الدفع. حاول مجددًا.',
    load: 'تعذّر تحميل نموذج الدفع.',
    booking: 'تعذّر تحميل الحجز.',
  },
};
