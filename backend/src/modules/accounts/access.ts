import type { Role } from '@khadamat/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../platform/errors/app-error';
import type { RequestOrigin } from '../audit/audit.service';
import { SESSION_COOKIE, findActiveSession, type SessionWithUser } from './sessions.service';
import { sameSecret } from './tokens';

/**
 * Who may call a route — declared on every API route as `config: { access }`:
 * - 'public': anyone;
 * - 'session': any signed-in user;
 * - { roles?, mfa? }: signed-in users with one of these roles (default: any role).
 * A signed-in admin must have passed the second factor for everything, except routes
 * marked `mfa: 'enrolment'` (enrolling, the only thing an admin without a second factor
 * may do) or `mfa: 'pending'` (reading the session state, signing out, verifying).
 * Admin paths also need an allowlisted IP. Ownership of a resource is checked by the
 * service with the caller's id.
 */
export type Access = 'public' | 'session' | { roles?: readonly Role[]; mfa?: 'enrolment' | 'pending' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * Reachable only from ADMIN_IP_ALLOWLIST. Set when the route is registered, from the
     * route's own path (`/api/admin/…`), never from a request's URL.
     */
    adminNetwork?: boolean;
  }
  interface FastifyRequest {
    auth: SessionWithUser | null;
  }
}

export const LOCAL_ADMIN_ALLOWLIST = ['127.0.0.1', '::1'];
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// What a browser outside the admin networks sees instead of the admin pages (three languages,
// since no language has been chosen yet).
const ADMIN_FORBIDDEN_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>403 — Khadamat</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2933">
<main><h1>403</h1>
<p>L’espace d’administration n’est pas accessible depuis ce réseau.</p>
<p lang="ar" dir="rtl">لا يمكن الوصول إلى فضاء الإدارة من هذه الشبكة.</p>
<p lang="en">The admin area is not reachable from this network.</p>
<p><a href="/">Khadamat</a></p></main></body></html>`;

/** The caller's session on a route whose access rule already demands one. */
export function requireAuth(request: FastifyRequest): SessionWithUser {
  if (!request.auth) throw new AppError('UNAUTHENTICATED', 401, 'Sign in to continue');
  return request.auth;
}

export function originOf(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
}

/** Is `ip` inside one of the IPs / CIDR ranges (v4 or v6, IPv4-mapped IPv6 understood)? */
export function ipAllowed(ip: string, allowlist: readonly string[]): boolean {
  if (!ipaddr.isValid(ip)) return false;
  let address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  return allowlist.some((entry) => {
    const [range, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), entry.includes(':') ? 128 : 32];
    return range.kind() === address.kind() && address.match(range, bits);
  });
}

export function isAdminPath(url: string): boolean {
  // The admin pages are under a language too (`/fr/admin`): the same rule with or without it.
  const path = url.split('?')[0]!.replace(/^\/(fr|ar|en)(?=\/|$)/i, '');
  return path === '/api/admin' || path.startsWith('/api/admin/') || path === '/admin' || path.startsWith('/admin/');
}

/**
 * For a request that matched no route: its path as the most lenient reader would take it
 * (percent-decoding repeated, case folded, slashes collapsed, dot segments resolved), so
 * that no spelling of an admin path slips past the network rule on its way to the web
 * client's router. Matched requests never use this: their route decides.
 */
export function lenientPath(url: string): string {
  let path = url.split(/[?#]/)[0]!;
  for (let i = 0; i < 3 && path.includes('%'); i++) {
    try {
      path = decodeURIComponent(path);
    } catch {
      break;
    }
  }
  const segments: string[] = [];
  for (const segment of path.toLowerCase().split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/** Did the router match a route? (Unmatched requests reach the not-found handler.) */
export function matchedRoute(request: FastifyRequest): boolean {
  return request.routeOptions.url !== undefined && !request.is404;
}

/**
 * An API route: under /api/ and declaring who may call it (not the documentation, public
 * files, health or static files). Unmatched requests are treated as API too.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  if (!matchedRoute(request)) return true;
  return request.routeOptions.url!.startsWith('/api/') && request.routeOptions.config.access !== undefined;
}

export function mfaState(auth: SessionWithUser): 'not-required' | 'enrolment-required' | 'verification-required' | 'verified' {
  if (auth.user.role !== 'admin') return 'not-required';
  if (!auth.user.totpEnabledAt) return 'enrolment-required';
  return auth.mfaAt ? 'verified' : 'verification-required';
}

export interface AccessOptions {
  /** Routes under this prefix (the API documentation) are kept to the admin networks. */
  adminOnlyPrefixes?: readonly string[];
}

/**
 * Session loading, CSRF, the admin network allowlist and every route's access rule.
 * Every decision is taken from the route the router matched (its path and config), never
 * from the raw URL: `/api/%61dmin/…` matches `/api/admin/…` and is treated as such.
 */
export function registerAccess(app: FastifyInstance, options: AccessOptions = {}): void {
  const { config } = app;
  const adminAllowlist = config.adminIpAllowlist.length ? config.adminIpAllowlist : LOCAL_ADMIN_ALLOWLIST;
  const allowedOrigins = new Set([config.frontendUrl, config.appBaseUrl].map((u) => new URL(u).origin));
  const adminOnlyPrefixes = options.adminOnlyPrefixes ?? [];

  app.decorateRequest('auth', null);

  // The admin network rule becomes part of each route as it is registered.
  app.addHook('onRoute', (route) => {
    if (route.config?.adminNetwork !== undefined) return;
    const adminOnly = isAdminPath(route.url) || adminOnlyPrefixes.some((prefix) => route.url.startsWith(prefix));
    route.config = { ...route.config, adminNetwork: adminOnly };
  });

  app.addHook('onRequest', async (request, reply) => {
    const matched = matchedRoute(request);
    // No route to decide from: the path as the most lenient reader takes it.
    const path = matched ? null : lenientPath(request.url);
    const adminOnly = path === null ? request.routeOptions.config.adminNetwork === true : isAdminPath(path);
    // Admin pages and API are invisible from outside the allowlist, signed in or not.
    if (adminOnly && !ipAllowed(request.ip, adminAllowlist)) {
      const page = path === null ? request.routeOptions.config.access === undefined : !path.startsWith('/api/');
      if (page && request.method === 'GET') return reply.code(403).type('text/html; charset=utf-8').send(ADMIN_FORBIDDEN_PAGE);
      throw new AppError('ADMIN_NETWORK_FORBIDDEN', 403, 'The admin area is not reachable from this network');
    }
    if (UNSAFE_METHODS.has(request.method)) {
      // Cross-site requests are refused outright, whatever they were sent to.
      const origin = request.headers.origin;
      if (origin && !allowedOrigins.has(origin)) throw new AppError('CSRF_ORIGIN_REFUSED', 403, 'Cross-site request refused');
    }
    // Only API routes read the session: files, health and the SPA shell never cost a lookup.
    if (!matched || !isApiRequest(request)) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.auth = await findActiveSession({ db: app.db, token });
    // Cookie-authenticated writes must also echo the CSRF token.
    if (request.auth && UNSAFE_METHODS.has(request.method)) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !sameSecret(given, request.auth.csrfToken)) {
        throw new AppError('CSRF_TOKEN_INVALID', 403, 'Missing or invalid CSRF token');
      }
    }
  });
  // Before validation: an anonymous caller learns nothing about a route's input rules.
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    // Routes outside the API (health, metrics, docs, static files) have their own guards.
    if (access === undefined || access === 'public') return;
    const auth = request.auth;
    if (!auth) throw new AppError('UNAUTHENTICATED', 401, 'Sign in to continue');
    const rule = access === 'session' ? {} : access;
    if (rule.roles && !rule.roles.includes(auth.user.role)) throw new AppError('FORBIDDEN', 403, 'You are not allowed to do this');
    const state = mfaState(auth);
    const allowed =
      state === 'not-required' ||
      state === 'verified' ||
      rule.mfa === 'pending' ||
      (rule.mfa === 'enrolment' && state === 'enrolment-required');
    if (!allowed) {
      throw new AppError(state === 'enrolment-required' ? 'MFA_ENROLMENT_REQUIRED' : 'MFA_REQUIRED', 403, 'Second factor required');
    }
  });
}
