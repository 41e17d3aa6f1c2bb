import { localeOfPath, type Locale } from '@khadamat/contracts/plain';
import { localizedHref } from '@/lib/i18n/i18n';

/** `/ar/search` → `/search` (the home page `/ar` → `/`). */
export function withoutLocale(pathname: string): string {
  return pathname.replace(/^\/(fr|ar|en)(?=\/|$)/, '') || '/';
}

export interface LocaleWindow {
  /** What the browser router is given as its `window`. */
  window: Window;
  locale: () => Locale;
  /** Puts the language's prefix on a path of the app (`/search` → `/ar/search`). */
  localize: (href: string) => string;
  /** Changes the language of the current URL, in place (no navigation). */
  setLocale: (locale: Locale) => void;
}

/**
 * The browser's window as the router sees it: URLs without their language prefix. The router
 * works on `/search`, while the address bar says `/ar/search`; every URL it writes gets the
 * current language's prefix. So the route table knows nothing of languages (routes added later
 * get the prefix without naming it), and switching the language changes the prefix alone: the
 * router, and the pages it shows, stay as they are (a form being filled, codes shown once).
 *
 * Going back to an entry of another language switches to it (`onLocaleChange`).
 */
export function createLocaleWindow(initial: Locale, onLocaleChange: (locale: Locale) => void): LocaleWindow {
  const real = window;
  let current = initial;
  const localize = (href: string) => {
    const url = new URL(href, real.location.href);
    return `${localizedHref(current, url.pathname)}${url.search}${url.hash}`;
  };
  // A URL of the app, as the router passes it to pushState/replaceState ('' keeps the URL).
  const write = (url: string | URL | null | undefined) => (url === '' || url == null ? url : localize(String(url)));

  const location = new Proxy(real.location, {
    get(target, key) {
      if (key === 'pathname') return withoutLocale(target.pathname);
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const history = new Proxy(real.history, {
    get(target, key) {
      if (key === 'pushState')
        return (state: unknown, title: string, url?: string | URL | null) => target.pushState(state, title, write(url));
      if (key === 'replaceState')
        return (state: unknown, title: string, url?: string | URL | null) => target.replaceState(state, title, write(url));
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  // Back and forward may land on an entry written in another language.
  const listeners = new Map<EventListenerOrEventListenerObject, EventListener>();
  const addEventListener = (type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) => {
    if (type !== 'popstate') return real.addEventListener(type, listener, options);
    const wrapped: EventListener = (event) => {
      const landed = localeOfPath(real.location.pathname);
      if (landed && landed !== current) {
        current = landed;
        onLocaleChange(landed);
      }
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    };
    listeners.set(listener, wrapped);
    real.addEventListener(type, wrapped, options);
  };
  const removeEventListener = (type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions) => {
    real.removeEventListener(type, (type === 'popstate' && listeners.get(listener)) || listener, options);
  };

  const proxied = new Proxy(real, {
    get(target, key) {
      if (key === 'location') return location;
      if (key === 'history') return history;
      if (key === 'addEventListener') return addEventListener;
      if (key === 'removeEventListener') return removeEventListener;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });

  return {
    window: proxied,
    locale: () => current,
    localize,
    setLocale: (locale) => {
      current = locale;
      real.history.replaceState(
        real.history.state,
        '',
        localize(`${withoutLocale(real.location.pathname)}${real.location.search}${real.location.hash}`),
      );
    },
  };
}
