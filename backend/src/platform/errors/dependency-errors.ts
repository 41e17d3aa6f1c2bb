import { AppError } from './app-error';

/** A dependency that is down, as clients and load balancers are told: "try again", not "bug". */
export interface DependencyFailure {
  dependency: 'database' | 'redis' | 'storage';
  status: 503 | 507;
  code: 'DATABASE_UNAVAILABLE' | 'CACHE_UNAVAILABLE' | 'STORAGE_FULL';
  message: string;
  retryAfterSeconds: number;
}

const DATABASE: DependencyFailure = {
  dependency: 'database',
  status: 503,
  code: 'DATABASE_UNAVAILABLE',
  message: 'The service is temporarily unavailable, please try again shortly',
  retryAfterSeconds: 5,
};
const REDIS: DependencyFailure = {
  dependency: 'redis',
  status: 503,
  code: 'CACHE_UNAVAILABLE',
  message: 'This feature is temporarily unavailable, please try again shortly',
  retryAfterSeconds: 5,
};
const STORAGE_FULL: DependencyFailure = {
  dependency: 'storage',
  status: 507,
  code: 'STORAGE_FULL',
  message: 'Files cannot be stored right now, please try again later',
  retryAfterSeconds: 60,
};

// Prisma: P1001 can't reach, P1002 timed out, P1008 operation timed out, P1017 connection
// closed, P2024 no pool connection in time; and the driver adapter's own kinds.
const PRISMA_UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_UNAVAILABLE = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'DatabaseDoesNotExist',
]);
// PostgreSQL SQLSTATEs of a server that is shutting down, starting or out of connections.
const PG_UNAVAILABLE = /^(57P01|57P02|57P03|53300|08\d{3})$/;
const PG_CONNECTION_LOST =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable)$/;
// ioredis: out of retries, offline queue off while disconnected, closed connection, command timeout.
const REDIS_MESSAGES = /Stream isn't writeable|Connection is closed|Command timed out|max retries per request/i;

type Inspectable = { name?: unknown; code?: unknown; message?: unknown; meta?: unknown; cause?: unknown; errors?: unknown };

/** What dependency (if any) an error says is unavailable; null for everything else. */
export function dependencyFailure(error: unknown, depth = 0): DependencyFailure | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  if (error instanceof AppError) return null;
  const e = error as Inspectable;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (code === 'ENOSPC' || code === 'EDQUOT') return STORAGE_FULL;
  if (name === 'MaxRetriesPerRequestError' || (REDIS_MESSAGES.test(message) && !name.startsWith('Prisma'))) return REDIS;
  if (name.startsWith('PrismaClient') || name === 'DriverAdapterError') {
    if (PRISMA_UNAVAILABLE.has(code) || name === 'PrismaClientInitializationError') return DATABASE;
    const kind = (e.meta as { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } | undefined)?.driverAdapterError
      ?.cause;
    if (kind?.kind && ADAPTER_UNAVAILABLE.has(kind.kind)) return DATABASE;
    if (kind?.originalCode && PG_UNAVAILABLE.test(kind.originalCode)) return DATABASE;
    if (/Can't reach database server|Connection terminated|connection (is )?closed|timed out fetching a new connection/i.test(message))
      return DATABASE;
  }
  if (PG_UNAVAILABLE.test(code) && /terminat|shut|start|connection/i.test(message)) return DATABASE;
  // node-postgres, unwrapped, when the server or the address in front of it drops the
  // connection mid-query (a primary lost in a failover).
  if (PG_CONNECTION_LOST.test(message) && !name.startsWith('Prisma')) return DATABASE;
  if (Array.isArray(e.errors))
    for (const inner of e.errors) {
      const found = dependencyFailure(inner, depth + 1);
      if (found) return found;
    }
  return dependencyFailure(e.cause, depth + 1);
}

const QUIET_MS = 60_000;

/**
 * Sentry hears of an outage once, not once per request: true for a dependency's failure
 * when that dependency had been quiet for a minute.
 */
export function outageGate(): (dependency: DependencyFailure['dependency']) => boolean {
  const lastSeen = new Map<string, number>();
  return (dependency) => {
    const now = Date.now();
    const previous = lastSeen.get(dependency);
    lastSeen.set(dependency, now);
    return previous === undefined || now - previous > QUIET_MS;
  };
}
