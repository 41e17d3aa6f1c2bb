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
  const path = url.split('?')[0]!;
  return path === '/api/admin' || path.startsWith('/api/admin/') || path === '/admin' || path.startsWith('/admin/');
}

export function mfaState(auth: SessionWithUser): 'not-required' | 'enrolment-required' | 'verification-required' | 'verified' {
  if (auth.user.role !== 'admin') return 'not-required';
  if (!auth.user.totpEnabledAt) return 'enrolment-required';
  return auth.mfaAt ? 'verified' : 'verification-required';
}

/** Session loading, CSRF, the admin network allowlist and every route's access rule. */
export function registerAccess(app: FastifyInstance): void {
  const { config } = app;
  const adminAllowlist = config.adminIpAllowlist.length ? config.adminIpAllowlist : LOCAL_ADMIN_ALLOWLIST;
  const allowedOrigins = new Set([config.frontendUrl, config.appBaseUrl].map((u) => new URL(u).origin));

  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (request, reply) => {
    // Admin pages and API are invisible from outside the allowlist, signed in or not.
    if (isAdminPath(request.url) && !ipAllowed(request.ip, adminAllowlist)) {
      if (!request.url.startsWith('/api/')) return reply.code(403).type('text/html; charset=utf-8').send(ADMIN_FORBIDDEN_PAGE);
      throw new AppError('ADMIN_NETWORK_FORBIDDEN', 403, 'The admin area is not reachable from this network');
    }
    // Only the API reads the session: static files and the SPA shell never cost a lookup.
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.auth = await findActiveSession({ db: app.db, token });

    if (UNSAFE_METHODS.has(request.method)) {
      // Cross-site requests are refused outright; cookie-authenticated ones must also echo the CSRF token.
      const origin = request.headers.origin;
      if (origin && !allowedOrigins.has(origin)) throw new AppError('CSRF_ORIGIN_REFUSED', 403, 'Cross-site request refused');
      if (request.auth) {
        const given = request.headers['x-csrf-token'];
        if (typeof given !== 'string' || !sameSecret(given, request.auth.csrfToken)) {
          throw new AppError('CSRF_TOKEN_INVALID', 403, 'Missing or invalid CSRF token');
        }
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
