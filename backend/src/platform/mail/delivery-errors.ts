// What the outbox worker needs to know about a failed mail or SMS: try again later, or
// give up on this message. Both channels throw only these two (the capture functions
// injected for local work excepted: their errors pass through unchanged).

/** The channel failed (network, timeout, server busy): the same message can succeed later. */
export class TransientDeliveryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TransientDeliveryError';
  }
}

/** The provider refused this message for good (unknown mailbox, invalid number): retrying cannot help. */
export class PermanentDeliveryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentDeliveryError';
  }
}
