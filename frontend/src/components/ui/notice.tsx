import type { ReactNode } from 'react';

/** A success or information message, announced politely when it appears. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert--success" role="status">
      {children}
    </div>
  );
}
