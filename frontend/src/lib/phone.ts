/**
 * A phone number as people type it ("+212 6 12-34-56-78", "00212…") in the E.164 form the
 * API wants ("+212612345678"). Anything else is left for the schema to refuse.
 */
export function normalizePhone(input: string): string {
  return input.replace(/[\s().\-\u00a0]/g, '').replace(/^00/, '+');
}
