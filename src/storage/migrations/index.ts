/**
 * The migrations, as a static list (so they run the same under tsx and after tsc, with no
 * directory scanning). Add a new file named `<UTC timestamp>_<what>.ts` and append it here;
 * names sort in the order they must run.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m20261129T0900 from './2026-11-29T0900_initial.js';
import * as m20261129T1200 from './2026-11-29T1200_ledger_indexes.js';
import * as m20261129T1300 from './2026-11-29T1300_notify_mail.js';
import * as m20261129T1310 from './2026-11-29T1310_ledger_stats.js';
import * as m20261205T1000 from './2026-12-05T1000_change_feed.js';
import * as m20261206T1100 from './2026-12-06T1100_account_tokens.js';
import * as m20261206T1200 from './2026-12-06T1200_opinion_spool.js';
import * as m20261206T1300 from './2026-12-06T1300_ledger_extensions.js';
import * as m20261206T1500 from './2026-12-06T1500_known_devices.js';
import * as m20261206T2300 from './2026-12-06T2300_opinion_link_nonce.js';
import * as m20261207T0100 from './2026-12-07T0100_review_replies.js';
import * as m20261207T0200 from './2026-12-07T0200_writes.js';
import * as m20261207T0400 from './2026-12-07T0400_meeting_list_indexes.js';
import * as m20261207T1500 from './2026-12-07T1500_audit_shards.js';

export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-29T0900_initial': m20261129T0900,
  '2026-11-29T1200_ledger_indexes': m20261129T1200,
  '2026-11-29T1300_notify_mail': m20261129T1300,
  '2026-11-29T1310_ledger_stats': m20261129T1310,
  '2026-12-05T1000_change_feed': m20261205T1000,
  '2026-12-06T1100_account_tokens': m20261206T1100,
  '2026-12-06T1200_opinion_spool': m20261206T1200,
  '2026-12-06T1300_ledger_extensions': m20261206T1300,
  '2026-12-06T1500_known_devices': m20261206T1500,
  '2026-12-06T2300_opinion_link_nonce': m20261206T2300,
  '2026-12-07T0100_review_replies': m20261207T0100,
  '2026-12-07T0200_writes': m20261207T0200,
  '2026-12-07T0400_meeting_list_indexes': m20261207T0400,
  '2026-12-07T1500_audit_shards': m20261207T1500,
};

export const staticMigrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
