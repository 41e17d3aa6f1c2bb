import { CURRENCY_DECIMALS, RTL_LOCALES, type Currency, type Locale } from '@khadamat/contracts';
import { renderPdf } from '../../platform/pdf/pdf';

/** The platform's name as documents print it, in each language. */
const PLATFORM = { fr: 'Khadamat', en: 'Khadamat', ar: 'خدمات' } as const;

const TEXTS = {
  fr: {
    receipt: 'Reçu',
    number: 'Numéro du reçu',
    issued: 'Date du paiement',
    client: 'Client',
    service: 'Service',
    provider: 'Prestataire',
    jobDate: 'Date de la prestation',
    method: 'Moyen de paiement',
    card: 'Carte bancaire',
    cash: 'Espèces, sur place',
    charged: 'Montant payé',
    refunded: 'Remboursé',
    net: 'Net payé',
    statement: 'Relevé mensuel',
    month: 'Mois',
    noMovement: 'Aucun mouvement ce mois-ci.',
    opening: 'Solde au début du mois',
    closing: 'Solde à la fin du mois',
    change: 'Variation du mois',
    totals: 'Totaux',
    gross: 'Montant',
    commission: 'Commission',
    booking: 'Réservation',
    kinds: {
      capture: 'Paiement par carte encaissé',
      refund: 'Remboursement',
      cash_commission: 'Commission due sur un paiement en espèces',
      dispute: 'Contestation de paiement',
      dispute_won: 'Contestation gagnée',
      payout: 'Virement reçu',
    } as Record<string, string>,
    other: 'Mouvement',
  },
  en: {
    receipt: 'Receipt',
    number: 'Receipt number',
    issued: 'Payment date',
    client: 'Client',
    service: 'Service',
    provider: 'Provider',
    jobDate: 'Date of the job',
    method: 'Payment method',
    card: 'Card',
    cash: 'Cash, on site',
    charged: 'Amount paid',
    refunded: 'Refunded',
    net: 'Net paid',
    statement: 'Monthly statement',
    month: 'Month',
    noMovement: 'No movement this month.',
    opening: 'Balance at the start of the month',
    closing: 'Balance at the end of the month',
    change: 'Change over the month',
    totals: 'Totals',
    gross: 'Amount',
    commission: 'Commission',
    booking: 'Booking',
    kinds: {
      capture: 'Card payment captured',
      refund: 'Refund',
      cash_commission: 'Commission owed on a cash payment',
      dispute: 'Payment disputed',
      dispute_won: 'Dispute won',
      payout: 'Payout sent',
    } as Record<string, string>,
    other: 'Movement',
  },
  ar: {
    receipt: 'إيصال',
    number: 'رقم الإيصال',
    issued: 'تاريخ الدفع',
    client: 'الزبون',
    service: 'الخدمة',
    provider: 'مقدم الخدمة',
    jobDate: 'تاريخ الخدمة',
    method: 'طريقة الدفع',
    card: 'بطاقة بنكية',
    cash: 'نقدا في عين المكان',
    charged: 'المبلغ المدفوع',
    refunded: 'المبلغ المسترد',
    net: 'الصافي المدفوع',
    statement: 'كشف شهري',
    month: 'الشهر',
    noMovement: 'لا توجد أي حركة هذا الشهر.',
    opening: 'الرصيد في بداية الشهر',
    closing: 'الرصيد في نهاية الشهر',
    change: 'تغير الشهر',
    totals: 'المجاميع',
    gross: 'المبلغ',
    commission: 'العمولة',
    booking: 'الحجز',
    kinds: {
      capture: 'دفع بالبطاقة محصل',
      refund: 'استرداد',
      cash_commission: 'عمولة مستحقة على دفع نقدي',
      dispute: 'اعتراض على الدفع',
      dispute_won: 'اعتراض مربوح',
      payout: 'تحويل مرسل',
    } as Record<string, string>,
    other: 'حركة',
  },
} satisfies Record<Locale, unknown>;

// Western digits in Arabic too, as Moroccan, Algerian and Tunisian documents write them.
const INTL: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB', ar: 'ar-MA-u-nu-latn' };

/** An amount from its minor units, without floating point: whole units grouped, then the minor digits. */
export function formatMoney(minor: number, currency: string, language: Locale): string {
  const decimals = CURRENCY_DECIMALS[currency as Currency] ?? 2;
  const unit = 10 ** decimals;
  const abs = Math.abs(minor);
  const whole = new Intl.NumberFormat(INTL[language], { maximumFractionDigits: 0 }).format(Math.floor(abs / unit));
  const separator = language === 'en' ? '.' : ',';
  const fraction = decimals > 0 ? `${separator}${String(abs % unit).padStart(decimals, '0')}` : '';
  const amount = `${minor < 0 ? '-' : ''}${whole}${fraction} ${currency}`;
  // Left to right inside right-to-left text (an isolate): the sign stays before the number.
  return RTL_LOCALES.includes(language) ? `\u2066${amount}\u2069` : amount;
}

const formatDate = (at: Date, language: Locale, timeZone = 'UTC') =>
  new Intl.DateTimeFormat(INTL[language], { dateStyle: 'long', timeZone }).format(at);

const direction = (language: Locale) => (RTL_LOCALES.includes(language) ? 'rtl' : 'ltr');

export interface ReceiptData {
  language: Locale;
  number: string;
  paidAt: Date;
  startAt: Date;
  timeZone: string;
  clientName: string;
  serviceTitle: string;
  providerName: string;
  method: 'card' | 'cash';
  currency: string;
  chargedMinor: number;
  refundedMinor: number;
}

export function renderReceipt(data: ReceiptData): Promise<Buffer> {
  const { language } = data;
  const t = TEXTS[language];
  const money = (minor: number) => formatMoney(minor, data.currency, language);
  return renderPdf({ title: `${t.receipt} ${data.number}`, language, direction: direction(language) }, (pdf) => {
    pdf.line(PLATFORM[language], { size: 20, bold: true });
    pdf.line(t.receipt, { size: 15, bold: true, gap: 10 });
    pdf.row(t.number, data.number);
    pdf.row(t.issued, formatDate(data.paidAt, language, data.timeZone));
    pdf.rule();
    pdf.row(t.client, data.clientName);
    pdf.row(t.service, data.serviceTitle);
    pdf.row(t.provider, data.providerName);
    pdf.row(t.jobDate, formatDate(data.startAt, language, data.timeZone));
    pdf.row(t.method, data.method === 'card' ? t.card : t.cash);
    pdf.rule();
    pdf.row(t.charged, money(data.chargedMinor));
    pdf.row(t.refunded, money(data.refundedMinor));
    pdf.row(t.net, money(data.chargedMinor - data.refundedMinor), { bold: true });
  });
}

export interface StatementMovement {
  at: Date;
  kind: string;
  bookingId: string | null;
  currency: string;
  /** Card money in (positive) or out (negative) for the client's payment; 0 for cash and payouts. */
  grossMinor: number;
  /** The platform's commission taken (positive) or given back (negative). */
  commissionMinor: number;
  /** What the movement adds to (or takes from) the provider's balance. */
  effectMinor: number;
}

export interface StatementData {
  language: Locale;
  month: string;
  providerName: string;
  movements: StatementMovement[];
  balances: Array<{ currency: string; openingMinor: number; changeMinor: number; closingMinor: number }>;
}

export function renderStatement(data: StatementData): Promise<Buffer> {
  const { language } = data;
  const t = TEXTS[language];
  const [year, month] = data.month.split('-').map(Number) as [number, number];
  const monthName = new Intl.DateTimeFormat(INTL[language], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 15)),
  );
  return renderPdf({ title: `${t.statement} ${data.month}`, language, direction: direction(language) }, (pdf) => {
    pdf.line(PLATFORM[language], { size: 20, bold: true });
    pdf.line(t.statement, { size: 15, bold: true, gap: 10 });
    pdf.row(t.provider, data.providerName);
    pdf.row(t.month, monthName);
    pdf.rule();
    if (data.movements.length === 0) pdf.line(t.noMovement);
    for (const movement of data.movements) {
      const money = (minor: number) => formatMoney(minor, movement.currency, language);
      pdf.row(`${formatDate(movement.at, language)} · ${t.kinds[movement.kind] ?? t.other}`, money(movement.effectMinor), { bold: true });
      const details = [
        movement.grossMinor !== 0 ? `${t.gross}: ${money(movement.grossMinor)}` : null,
        movement.commissionMinor !== 0 ? `${t.commission}: ${money(movement.commissionMinor)}` : null,
        movement.bookingId ? `${t.booking}: ${movement.bookingId}` : null,
      ].filter((part): part is string => part !== null);
      if (details.length) pdf.line(details.join(' · '), { size: 9, gap: 6 });
    }
    pdf.rule();
    for (const balance of data.balances) {
      const money = (minor: number) => formatMoney(minor, balance.currency, language);
      const inCurrency = data.movements.filter((m) => m.currency === balance.currency);
      const sum = (pick: (m: StatementMovement) => number) => inCurrency.reduce((s, m) => s + pick(m), 0);
      pdf.line(`${t.totals} (${balance.currency})`, { bold: true });
      pdf.row(t.gross, money(sum((m) => m.grossMinor)));
      pdf.row(t.commission, money(sum((m) => m.commissionMinor)));
      pdf.row(t.opening, money(balance.openingMinor));
      pdf.row(t.change, money(balance.changeMinor));
      pdf.row(t.closing, money(balance.closingMinor), { bold: true });
      pdf.space(8);
    }
  });
}
