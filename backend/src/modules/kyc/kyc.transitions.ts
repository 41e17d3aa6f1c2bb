// The verification state machine as data: every allowed move, who may make it. The service
// functions (one per move, kyc.service.ts) check it, and the web client asks "what may I do
// now" from the same table (`allowedActions`).
import type { KycAction, KycStatus } from '@khadamat/contracts';

/** Who moves a verification: the provider, an admin, or the KYC vendor (through its webhook). */
export type KycActor = 'provider' | 'admin' | 'vendor';

export interface KycTransition {
  action: KycAction;
  from: readonly KycStatus[];
  to: KycStatus;
  by: readonly KycActor[];
}

export const KYC_TRANSITIONS: readonly KycTransition[] = [
  // A rejected provider may resubmit; the reason of the rejection is cleared.
  { action: 'submit', from: ['draft', 'rejected'], to: 'submitted', by: ['provider'] },
  { action: 'start_review', from: ['submitted'], to: 'in_review', by: ['admin', 'vendor'] },
  { action: 'approve', from: ['in_review'], to: 'verified', by: ['admin', 'vendor'] },
  { action: 'reject', from: ['in_review'], to: 'rejected', by: ['admin', 'vendor'] },
  // Suspension is an admin's decision, and reversible.
  { action: 'suspend', from: ['verified'], to: 'suspended', by: ['admin'] },
  { action: 'reinstate', from: ['suspended'], to: 'verified', by: ['admin'] },
];

export function transitionOf(action: KycAction): KycTransition {
  return KYC_TRANSITIONS.find((t) => t.action === action)!;
}

/** What `actor` may do to a verification in `status`. */
export function allowedActions(status: KycStatus, actor: KycActor): KycAction[] {
  return KYC_TRANSITIONS.filter((t) => t.from.includes(status) && t.by.includes(actor)).map((t) => t.action);
}
