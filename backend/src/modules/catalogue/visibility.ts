// Who may be shown to clients: the one rule of search, the public pages and booking.

/**
 * Who may sell: a provider whose identity was verified (KYC: verified, not suspended), with
 * the email and phone of a live account verified too.
 */
export const sellerWhere = {
  kycStatus: 'verified' as const,
  user: { emailVerifiedAt: { not: null }, phoneVerifiedAt: { not: null }, deletedAt: null },
};

/** Services others may see: published, by a provider allowed to sell, in a visible category branch. */
export const visibleServiceWhere = {
  status: 'published' as const,
  provider: sellerWhere,
  // A hidden category hides its branch (the tree is two levels deep).
  category: { hidden: false, OR: [{ parentId: null }, { parent: { hidden: false } }] },
};

/**
 * Services listed to clients (search, category pages, the sitemap): the visible ones, but for
 * those of an unlisted provider (the operators' own test provider), which open only by link.
 */
export const listedServiceWhere = {
  ...visibleServiceWhere,
  provider: { ...sellerWhere, unlisted: false },
};
