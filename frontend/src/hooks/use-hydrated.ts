import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** False on the server and while the browser hydrates its HTML, true after. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
