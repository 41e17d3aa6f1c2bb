import type { disputesFr } from './fr';

/** The back office's disputes (features/admin), Arabic. */
export const disputesAr: typeof disputesFr = {
  title: 'النزاعات',
  bookings: 'حجوزات محل نزاع',
  noBookings: 'لا توجد حجوزات محل نزاع.',
  parties: 'العميل: {{client}}، مقدّم الخدمة: {{provider}}',
  methods: { card: 'بطاقة', cash: 'نقدًا' },
  reason: 'سبب العميل:',
  refund: 'المبلغ المسترد للعميل ({{currency}})',
  refundHint: 'من 0 إلى السعر. البطاقة: يُخصم الباقي؛ نقدًا: يُسجَّل المبلغ فقط.',
  note: 'القرار (يُرسل إلى الطرفين)',
  resolve: 'تسوية النزاع',
  resolving: 'جارٍ التسجيل…',
  invalid: 'أدخل مبلغًا بين 0 والسعر والقرار.',
  done: 'تمت تسوية النزاع: أُبلغ الطرفان.',
  chargebacks: 'اعتراضات الدفع بالبطاقة',
  noChargebacks: 'لا توجد اعتراضات.',
  outcomes: { open: 'جارية', won: 'مكسوبة', lost: 'خاسرة (تُسترد من مقدّم الخدمة)' },
  booking: 'عرض الحجز',
  error: 'تعذّر تحميل النزاعات.',
};
