import { useId, type ReactNode } from 'react';

/** A panel of the payouts page, named by its heading. */
export function PayoutPanel({ heading, children }: { heading: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__heading">
        {heading}
      </h2>
      {children}
    </section>
  );
}
