import { z } from 'zod';

// The job table seen by operators: mail, SMS and background jobs, and what became of them.
export const deliveryStatus = z.enum(['pending', 'sent', 'dead']);
export type DeliveryStatus = z.infer<typeof deliveryStatus>;
export const deliveryChannel = z.enum(['email', 'sms', 'job']);
export type DeliveryChannel = z.infer<typeof deliveryChannel>;

export const deliveryQuery = z.object({
  status: deliveryStatus.default('dead'),
  channel: deliveryChannel.optional(),
  /** The id of the last row of the previous page. */
  after: z.string().min(1).max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** A delivery without its payload: links and codes in messages are secrets, even from admins. */
export const delivery = z.object({
  id: z.string(),
  channel: z.string(),
  recipient: z.string(),
  template: z.string(),
  locale: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof delivery>;

export const deliveryList = z.object({
  items: z.array(delivery),
  nextCursor: z.string().nullable(),
  counts: z.object({ pending: z.number().int(), dead: z.number().int() }),
});
export type DeliveryList = z.infer<typeof deliveryList>;

export const deliveryIdParams = z.object({ id: z.string().min(1).max(40) });
