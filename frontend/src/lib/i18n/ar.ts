import type { Messages } from './fr';

export const ar: Messages = {
  app: {
    tagline: 'خدمات منزلية في المغرب العربي',
    skipToContent: 'انتقل إلى المحتوى الرئيسي',
    mainNav: 'التنقل الرئيسي',
    footer: 'مهنيون موثوقون بالقرب منك.',
  },
  nav: {
    home: 'الرئيسية',
  },
  language: {
    label: 'اللغة',
  },
  home: {
    title: 'خدمات منزلية',
    heading: 'اعثر على مهني بالقرب منك',
    intro: 'تنظيف، سباكة، دروس خصوصية والمزيد: مقدمو خدمات من مدينتك، في منزلك.',
    categoriesHeading: 'فئات الخدمات',
  },
  categories: {
    loading: 'جارٍ تحميل الفئات…',
    error: 'تعذّر تحميل الفئات في الوقت الحالي.',
    errorReference: 'المرجع:',
    retry: 'إعادة المحاولة',
    empty: 'لا توجد فئات متاحة حاليًا.',
    subcategories: 'الفئات الفرعية لـ{{name}}',
  },
  notFound: {
    title: 'الصفحة غير موجودة',
    heading: 'الصفحة غير موجودة',
    body: 'الصفحة التي تبحث عنها غير موجودة أو تم نقلها.',
    backHome: 'العودة إلى الصفحة الرئيسية',
  },
  routeError: {
    title: 'خطأ',
    heading: 'حدث خطأ',
    body: 'حدث خطأ ما. أعد تحميل الصفحة أو حاول مرة أخرى لاحقًا.',
    backHome: 'العودة إلى الصفحة الرئيسية',
  },
};
