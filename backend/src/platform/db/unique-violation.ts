/** A write refused by a unique index (Prisma's P2002): the row another request wrote first. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'P2002';
