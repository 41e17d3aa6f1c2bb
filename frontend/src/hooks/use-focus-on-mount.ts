import { useCallback } from 'react';

/**
 * A ref callback that focuses its element once it appears: for the heading or message that
 * replaces a form after it succeeds, so keyboard and screen-reader users land on it.
 * The element needs tabIndex={-1}.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  return useCallback((element: T | null) => {
    element?.focus();
  }, []);
}
