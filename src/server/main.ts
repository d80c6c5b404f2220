/**
 * Starting the server: config → database (migrated) → app → listen, with a graceful stop on
 * SIGINT/SIGTERM. Used by `bin/jianshi serve` and `bin/jianshi demo`.
 */
import type { FastifyInstance } from 'fastify';
import { migrateToLatest, openDatabase, type Store } from '../storage/db.js';
import { createRepositories } from '../storage/repositories/index.js';
import { buildApp, sessionSecret } from './app.js';
import { seedProcedureDemo } from './domain/procedure/demo.js';
import { seedLedgerDemo } from './domain/ledger/demo.js';
import { today } from '../core/meeting/dates.js';
import type { Config } from './config.js';
import { seedDemo, seedTemplateDemo, type DemoAccount } from './demo.js';
import { openSimilarityIndex } from '../storage/similarity/open.js';

export interface Running {
  app: FastifyInstance;
  store: Store;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, opts: { logger?: boolean } = {}): Promise<Running> {
  const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(store.db);
  let demoAccounts: DemoAccount[] | undefined;
  if (config.demo) {
    const repos = createRepositories(store);
    demoAccounts = await seedDemo(repos);
    await seedProcedureDemo(repos, await sessionSecret(repos, config.sessionSecret));
    await seedLedgerDemo(repos, today(config.notify?.timeZone));
  }
  if (config.demo) {
    const index = await openSimilarityIndex(store, config.databaseUrl);
    await seedTemplateDemo(index).finally(() => index.close());
  }
  const app = await buildApp({ config, store, demoAccounts, logger: opts.logger });
  const url = await app.listen({ port: config.port, host: config.host });
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await store.close();
    })());
  return { app, store, url, stop };
}

/** Stop cleanly on SIGINT / SIGTERM (in-flight requests finish; the database is closed). */
export function stopOnSignals(r: Running): void {
  const handler = (sig: string) => {
    r.app.log.info({ sig }, 'stopping');
    r.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
