import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePayment, confirmCashReceived, refundPayment } from '../../src/modules/payments/payments.service';
import { adminWithSecondFactor, as, signUp, type TestSession } from '../support/accounts';
import { bookableService, bookingBody, nextSlots, seedReference } from '../support/bookings';
import { createPaymentsApp, eventsOf, webhook, type PaymentsTestApp } from '../support/payments';
import { pdfText } from '../support/pdf-text';

// The client's payments and receipts, and the provider's monthly statement, through the API:
// amounts come from the ledger, documents are PDFs whose text a reader can copy.
describe('payments, receipts and statements', () => {
  let t: PaymentsTestApp;
  let client: TestSession;
  let provider: TestSession;
  let stranger: TestSession;
  let admin: TestSession;
  let cardBookingId: string;
  let cashBookingId: string;
  let unpaidBookingId: string;
  const origin = { ip: '127.0.0.1', userAgent: 'test' };

  beforeAll(async () => {
    t = await createPaymentsApp();
    await seedReference(t);
    client = await signUp(t, { name: 'Salma Bennani', locale: 'ar' });
    stranger = await signUp(t);
    admin = await adminWithSecondFactor(t, { email: 'ops-receipts@example.test' });
    const bookable = await bookableService(t, { priceMinor: 25_000 });
    provider = bookable.provider;
    const slots = await nextSlots(t, bookable.service.id);
    const book = async (slot: string, paymentMethod: 'cash' | 'card') => {
      const res = await as(
        t,
        client,
      )({ method: 'POST', url: '/api/bookings', payload: bookingBody(bookable.service.id, slot, { paymentMethod }) });
      return res.json().ids[0] as string;
    };
    // A card booking, authorised by the checkout, captured at confirmation, then refunded in part.
    cardBookingId = await book(slots[0]!, 'card');
    const intentId = (await as(t, client)({ method: 'POST', url: `/api/bookings/${cardBookingId}/payment` })).json().intentId as string;
    await t.stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
    await webhook(t, eventsOf(t, intentId, 'payment_intent.amount_capturable_updated')[0]!.id);
    await capturePayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId: cardBookingId });
    await refundPayment({ db: t.db, stripe: t.stripe, config: t.config, bookingId: cardBookingId, amountMinor: 5_050, step: 'goodwill' });
    // A cash booking whose cash the provider confirmed.
    cashBookingId = await book(slots[2]!, 'cash');
    await t.db.booking.update({ where: { id: cashBookingId }, data: { status: 'completed', completedAt: new Date() } });
    await confirmCashReceived({ db: t.db, config: t.config, userId: provider.userId, bookingId: cashBookingId, origin });
    // A cash booking not paid yet.
    unpaidBookingId = await book(slots[4]!, 'cash');
  });
  afterAll(() => t.close());

  const anonymous = (url: string) => t.app.inject({ method: 'GET', url, headers: { origin: t.config.frontendUrl } });

  it('lists the client’s card and cash payments, newest first, a page at a time', async () => {
    const res = await as(t, client)({ method: 'GET', url: '/api/me/payments' });
    expect(res.statusCode).toBe(200);
    const { payments, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(payments).toEqual([
      expect.objectContaining({
        bookingId: cashBookingId,
        method: 'cash',
        status: 'cash_received',
        amountMinor: 25_000,
        refundedMinor: 0,
        receiptAvailable: true,
      }),
      expect.objectContaining({
        bookingId: cardBookingId,
        method: 'card',
        status: 'captured',
        amountMinor: 25_000,
        refundedMinor: 5_050,
        currency: 'MAD',
        serviceTitle: 'Ménage complet',
        receiptAvailable: true,
      }),
    ]);
    const first = (await as(t, client)({ method: 'GET', url: '/api/me/payments?limit=1' })).json();
    expect(first.payments.map((p: { bookingId: string }) => p.bookingId)).toEqual([cashBookingId]);
    const second = (
      await as(t, client)({ method: 'GET', url: `/api/me/payments?limit=1&before=${encodeURIComponent(first.nextCursor)}` })
    ).json();
    expect(second).toEqual({ payments: [expect.objectContaining({ bookingId: cardBookingId })], nextCursor: null });

    expect((await as(t, stranger)({ method: 'GET', url: '/api/me/payments' })).json()).toEqual({ payments: [], nextCursor: null });
    expect((await as(t, provider)({ method: 'GET', url: '/api/me/payments' })).json().payments).toEqual([]);
    expect((await anonymous('/api/me/payments')).statusCode).toBe(401);
    const bad = await as(t, client)({ method: 'GET', url: '/api/me/payments?limit=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('gives the client a receipt in their language (Arabic, right to left) and in French on request', async () => {
    const url = `/api/bookings/${cardBookingId}/receipt.pdf`;
    const ar = await as(t, client)({ method: 'GET', url });
    expect(ar.statusCode).toBe(200);
    expect(ar.headers['content-type']).toBe('application/pdf');
    expect(ar.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const [arText] = await pdfText(ar.rawPayload);
    for (const word of ['إيصال', 'رقم', 'المبلغ', 'المدفوع', 'بطاقة', 'بنكية']) expect(arText).toContain(word);
    expect(arText).toContain(`R-${cardBookingId.toUpperCase()}`);
    // Amounts read left to right inside the right-to-left page.
    for (const amount of ['250,00', '50,50', '199,50']) expect(arText).toMatch(new RegExp(`${amount}\\s*MAD`));

    const fr = await as(t, client)({ method: 'GET', url: `${url}?lang=fr` });
    const [frText] = await pdfText(fr.rawPayload);
    for (const words of [
      'Reçu',
      'Carte bancaire',
      'Ménage complet',
      'Montant payé',
      '250,00 MAD',
      'Remboursé',
      '50,50 MAD',
      'Net payé',
      '199,50 MAD',
    ]) {
      expect(frText).toContain(words);
    }
    // The same receipt keeps its number.
    const again = await pdfText((await as(t, client)({ method: 'GET', url: `${url}?lang=fr` })).rawPayload);
    expect(again[0]).toContain(`R-${cardBookingId.toUpperCase()}`);

    const cash = await pdfText(
      (await as(t, client)({ method: 'GET', url: `/api/bookings/${cashBookingId}/receipt.pdf?lang=en` })).rawPayload,
    );
    for (const words of ['Receipt', 'Cash, on site', 'Amount paid', '250.00 MAD', 'Net paid']) expect(cash[0]).toContain(words);
  });

  it('shows a receipt to the booking’s client and admins only; nothing paid, no receipt', async () => {
    const url = `/api/bookings/${cardBookingId}/receipt.pdf`;
    expect((await as(t, admin)({ method: 'GET', url })).statusCode).toBe(200);
    for (const session of [stranger, provider]) {
      const res = await as(t, session)({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await anonymous(url)).statusCode).toBe(401);
    const unpaid = await as(t, client)({ method: 'GET', url: `/api/bookings/${unpaidBookingId}/receipt.pdf` });
    expect(unpaid.statusCode).toBe(409);
    expect(unpaid.json().error.code).toBe('RECEIPT_NOT_AVAILABLE');
    const badLang = await as(t, client)({ method: 'GET', url: `${url}?lang=de` });
    expect(badLang.statusCode).toBe(400);
    expect(badLang.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('gives the provider a monthly statement from the ledger, with totals and balances', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const res = await as(t, provider)({ method: 'GET', url: `/api/me/statements/${month}.pdf?lang=fr` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(res.rawPayload)).join(' ');
    // 250,00 captured at 15 %: 212,50 to the provider; 50,50 refunded of which 7,57 commission
    // comes back (42,93 from the provider); cash: 37,50 commission owed.
    for (const words of [
      'Relevé mensuel',
      'Paiement par carte encaissé',
      '212,50 MAD',
      'Remboursement',
      '-42,93 MAD',
      'Commission due sur un paiement en espèces',
      '-37,50 MAD',
      'Solde au début du mois',
      '0,00 MAD',
      'Solde à la fin du mois',
      '132,07 MAD',
    ]) {
      expect(text).toContain(words);
    }
    const ar = (await pdfText((await as(t, provider)({ method: 'GET', url: `/api/me/statements/${month}.pdf?lang=ar` })).rawPayload)).join(
      ' ',
    );
    for (const word of ['كشف', 'شهري', 'العمولة']) expect(ar).toContain(word);
    expect(ar).toMatch(/-42,93\s*MAD/);
    expect(ar).toMatch(/132,07\s*MAD/);

    const empty = await as(t, provider)({ method: 'GET', url: '/api/me/statements/2020-01.pdf?lang=en' });
    expect(empty.statusCode).toBe(200);
    expect((await pdfText(empty.rawPayload))[0]).toContain('No movement this month.');
  });

  it('refuses a bad month, and statements to anyone but a provider', async () => {
    for (const month of ['2026-13', '2026-1', 'juin', '2026-00']) {
      const res = await as(t, provider)({ method: 'GET', url: `/api/me/statements/${month}.pdf` });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await as(t, client)({ method: 'GET', url: '/api/me/statements/2026-01.pdf' })).statusCode).toBe(403);
    expect((await as(t, admin)({ method: 'GET', url: '/api/me/statements/2026-01.pdf' })).statusCode).toBe(403);
    expect((await anonymous('/api/me/statements/2026-01.pdf')).statusCode).toBe(401);
  });
});
