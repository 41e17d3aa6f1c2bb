import type { NoticesMessages } from './en';

/** Mail unsubscribe links and SMS quiet hours (features/account), Arabic. */
export const noticesAr: NoticesMessages = {
  events: {
    bookings: 'مستجدات حجوزاتك',
    reminders: 'التذكيرات قبل مواعيدك',
    messages: 'الرسائل الجديدة',
    reviews: 'التقييمات',
    payments: 'المدفوعات والمبالغ المستردة',
  },
  unsubscribe: {
    title: 'إلغاء الاشتراك',
    heading: 'إيقاف هذه الرسائل الإلكترونية؟',
    body: 'لن تصلك بالبريد الإلكتروني {{event}}. سيواصل جرس الإشعارات إعلامك بها.',
    confirm: 'إلغاء اشتراكي',
    pending: 'جارٍ إلغاء الاشتراك…',
    doneHeading: 'تم ذلك',
    doneBody: 'لن تصلك بعد الآن بالبريد الإلكتروني {{event}}.',
    already: 'لم تعد تصلك بالبريد الإلكتروني {{event}}.',
    changeLater: 'يمكنك تغيير رأيك في أي وقت من تفضيلات الإشعارات.',
    toAccount: 'تفضيلاتي',
    invalidHeading: 'رابط غير صالح',
    invalidBody: 'رابط إلغاء الاشتراك هذا ناقص أو غير صالح. سجّل الدخول لاختيار إشعاراتك.',
    loading: 'جارٍ التحقق من الرابط…',
  },
  quietHours: {
    legend: 'ساعات الهدوء للرسائل القصيرة',
    hint: 'تُرسل الرسائل القصيرة التي يمكنها الانتظار عند نهاية هذه الساعات (بتوقيت المغرب). أما الرسالة عن موعد يبدأ قبل ذلك فتُرسل فورًا.',
    enabled: 'لا رسائل قصيرة خلال هذه الساعات',
    start: 'من',
    end: 'إلى',
  },
};
