/**
 * PostgreSQL going away and coming back (a restart, a failover, an outage): every pool and client
 * the server creates must survive it, and what fails meanwhile must fail fast and say so.
 *
 *  - `guardPool(pool)`: a pool whose connections may die at any time. pg emits `error` on an idle
 *    client's pool, and on a checked-out client that is between two queries, when the server ends
 *    the connection ("terminating connection due to administrator command"); with no listener that
 *    error ends the process. Here both have one: the dead client is discarded (the pool does that
 *    for idle ones; a checked-out one fails its next query and is not returned), and the next
 *    checkout opens a new connection — nothing else is needed to carry on once the server is back.
 *  - `POOL_OPTIONS`: a connection attempt gives up after CONNECT_TIMEOUT_MS, a wait for a pool's
 *    connection after CHECKOUT_TIMEOUT_MS, and TCP keep-alive finds half-open connections, so a
 *    request does not hang on a database that does not answer. (A server that refuses connections —
 *    stopped, restarting — fails them at once.)
 *  - `isDatabaseUnavailable(e)`: the errors that mean "the database cannot be reached now" — refused
 *    or reset connections, a server shutting down or starting up, a connection ended under a query —
 *    which the HTTP layer answers with 503 E_DB_UNAVAILABLE (server/errors.ts), never 500.
 *
 * SQLite never raises any of these (its errors carry SQLITE_* codes).
 */
import pg from 'pg';

/** Bound on opening a connection (a server that does not answer at all). */
export const CONNECT_TIMEOUT_MS = 5_000;
/**
 * Bound on a request's wait for a pool's connection: a free one, or a new one opened for it. Longer
 * than CONNECT_TIMEOUT_MS — under load a request may wait behind others — but never for ever.
 */
export const CHECKOUT_TIMEOUT_MS = 15_000;

/** A client whose connection attempts give up after CONNECT_TIMEOUT_MS (pg-pool's own timeout is the checkout's). */
class BoundedClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}

export const POOL_OPTIONS = {
  Client: BoundedClient,
  connectionTimeoutMillis: CHECKOUT_TIMEOUT_MS,
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
} satisfies pg.PoolConfig;

/** Socket errors of a connection that cannot be made or was lost. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown (restart, fast stop), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, recovery), 53300
 * too_many_connections.
 */
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** pg's own errors for a connection that was ended, timed out or broken. */
const PG_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Query read timeout|timeout expired$)/;

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const x = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof x.code === 'string' && (NETWORK.has(x.code) || SQLSTATE.test(x.code))) return true;
  if (typeof x.message === 'string' && PG_MESSAGE.test(x.message)) return true;
  if (Array.isArray(x.errors) && x.errors.some((y) => isDatabaseUnavailable(y, depth + 1))) return true;
  return isDatabaseUnavailable(x.cause, depth + 1);
}

/** What a guarded pool has seen (diagnostics). */
export interface PoolHealth {
  /** Connection errors seen on idle or checked-out clients. */
  errors: number;
  lastError?: string;
}

/**
 * Gives `pool` and every client it opens an error listener (see above); answers the counts of
 * what was seen. Call right after `new pg.Pool(...)`.
 */
export function guardPool(pool: pg.Pool): PoolHealth {
  const health: PoolHealth = { errors: 0 };
  const seen = (e: Error) => {
    health.errors++;
    health.lastError = e.message;
  };
  // An idle client's error, passed on by pg-pool (which has removed the client already): without a
  // listener it ends the process. Counted below.
  pool.on('error', () => {});
  // Every client's error, idle or checked out (pg-pool listens only while it is idle; pg emits one
  // whenever the connection ends unasked, even after failing the query that was running): the client
  // is no longer queryable, its next query fails, and the pool drops it when it is released.
  pool.on('connect', (client) => {
    client.on('error', seen);
  });
  return health;
}
