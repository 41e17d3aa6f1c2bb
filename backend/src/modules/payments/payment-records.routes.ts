import { documentLanguageQuery, errorResponses, myPaymentList, myPaymentsQuery, statementParams } from '@khadamat/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../accounts/access';
import { bookingReceipt, listMyPayments, monthlyStatement } from './payment-records.service';

const pdf = z.instanceof(Buffer).describe('A PDF document (application/pdf)');

/** A member's document: shown in the browser, saved under `name`, never cached by a proxy. */
const sendPdf = (reply: FastifyReply, name: string, document: Buffer) =>
  reply
    .headers({
      'content-type': 'application/pdf',
      'cache-control': 'private, no-store',
      'content-disposition': `inline; filename="${name}"`,
    })
    .send(document);

/** The client's payments and receipts, and the provider's monthly statements. */
export const paymentRecordsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['payments'];
  const { db } = app;

  app.get(
    '/me/payments',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'The member’s payments as a client (card payments and cash recorded by the provider), newest first',
        querystring: myPaymentsQuery,
        response: { 200: myPaymentList },
      },
    },
    async (request) => listMyPayments({ db, userId: requireAuth(request).userId, ...request.query }),
  );

  app.get(
    '/bookings/:bookingId/receipt.pdf',
    {
      config: { access: 'session' },
      schema: {
        tags,
        summary: 'A booking’s receipt as a PDF, in the reader’s language or `lang` (the booking’s client and admins)',
        params: z.object({ bookingId: z.string().min(1).max(40) }),
        querystring: documentLanguageQuery,
        produces: ['application/pdf'],
        response: {
          200: pdf,
          ...errorResponses({
            404: 'NOT_FOUND: no such booking, or not one of the caller’s',
            409: 'RECEIPT_NOT_AVAILABLE: nothing was paid for it yet',
          }),
        },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const document = await bookingReceipt({
        db,
        userId: auth.userId,
        role: auth.user.role,
        bookingId: request.params.bookingId,
        lang: request.query.lang,
      });
      return sendPdf(reply, `receipt-${request.params.bookingId}.pdf`, document);
    },
  );

  app.get(
    '/me/statements/:month.pdf',
    {
      config: { access: { roles: ['provider'] } },
      schema: {
        tags,
        summary: 'The provider’s statement of a month (YYYY-MM, UTC) as a PDF: the ledger’s movements, totals and balances',
        params: statementParams,
        querystring: documentLanguageQuery,
        produces: ['application/pdf'],
        response: { 200: pdf, ...errorResponses({ 409: 'PROVIDER_PROFILE_REQUIRED' }) },
      },
    },
    async (request, reply) => {
      const document = await monthlyStatement({
        db,
        userId: requireAuth(request).userId,
        month: request.params.month,
        lang: request.query.lang,
      });
      return sendPdf(reply, `statement-${request.params.month}.pdf`, document);
    },
  );
};
