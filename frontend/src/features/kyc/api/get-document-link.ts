import { kycFileLink } from '@khadamat/contracts';
import { apiClient } from '@/lib/api-client';

/** A link valid for a few minutes, for the signed-in owner only. */
export function getDocumentLink(documentId: string) {
  return apiClient.get(`/api/kyc/documents/${encodeURIComponent(documentId)}/link`, kycFileLink);
}
