import type { ReactNode } from 'react';
import { Spinner } from './spinner';

interface SubmitButtonProps {
  pending: boolean;
  /** What the button says while the request runs ("Signing in…"). */
  pendingLabel: string;
  children: ReactNode;
  variant?: 'primary' | 'secondary' | 'danger';
  type?: 'submit' | 'button';
  onClick?: () => void;
}

/** Disabled while its request runs, so a double click sends nothing twice. */
export function SubmitButton({ pending, pendingLabel, children, variant = 'primary', type = 'submit', onClick }: SubmitButtonProps) {
  return (
    <button
      type={type}
      className={variant === 'primary' ? 'button' : `button button--${variant}`}
      disabled={pending}
      aria-busy={pending || undefined}
      onClick={onClick}
    >
      {pending && <Spinner />}
      {pending ? pendingLabel : children}
    </button>
  );
}
