/**
 * A maintained summary of the ledger for the dashboard at scale (100,000 items, p95 ≤
 * 100 ms): counts per (organization, year, aspect, status) and per (organization, year, month) of
 * items created and closed, kept exact by triggers on `ledger_items` (insert, update of a counted
 * column, delete) in the same transaction as the change, on SQLite and PostgreSQL alike. The
 * dashboard then reads a few thousand summary rows instead of every item; only "overdue" and "due
 * soon", which depend on today's date, are counted from the items, through a covering index on the
 * open items' deadlines.
 *
 * Derived data: not in backups (TABLES_IN_ORDER); a restore re-inserts the items and the triggers
 * rebuild it. On PostgreSQL a change that moves an item between two summary rows updates them in
 * key order, so two concurrent transitions never wait on each other in a cycle.
 */
import { sql, type Kysely } from 'kysely';
import { isPostgres } from './util.js';

const TRIGGERS = ['ledger_stats_ai', 'ledger_stats_au', 'ledger_stats_ad'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_stats')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('aspect_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('repeated', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('ledger_stats_pk', ['org_id', 'aspect_key', 'status', 'year'])
    .execute();
  await db.schema
    .createTable('ledger_stats_month')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('ledger_stats_month_pk', ['org_id', 'month', 'year'])
    .execute();
  // Overdue / due soon: only open dated items are read, from the index alone.
  await db.schema
    .createIndex('ledger_items_open_due')
    .on('ledger_items')
    .columns(['status', 'deadline_on', 'deadline_kind', 'org_id', 'year', 'aspect'])
    .execute();
  await db.schema.dropIndex('ledger_items_status_deadline').ifExists().execute(); // a prefix of the one above

  const rep = (t: 'NEW' | 'OLD') => `(CASE WHEN ${t}.repeated_of_id IS NULL THEN 0 ELSE 1 END)`;
  // Each statement takes a guard, so an update touches only the summary rows whose key it changes.
  const addStats = (
    g = 'TRUE',
  ) => `INSERT INTO ledger_stats (org_id, aspect_key, status, year, n, repeated) SELECT NEW.org_id, coalesce(NEW.aspect, ''), NEW.status, NEW.year, 1, ${rep('NEW')} WHERE ${g}
       ON CONFLICT (org_id, aspect_key, status, year) DO UPDATE SET n = ledger_stats.n + 1, repeated = ledger_stats.repeated + excluded.repeated`;
  const subStats = (g = 'TRUE') =>
    `UPDATE ledger_stats SET n = n - 1, repeated = repeated - ${rep('OLD')} WHERE org_id = OLD.org_id AND aspect_key = coalesce(OLD.aspect, '') AND status = OLD.status AND year = OLD.year AND ${g}`;
  const addCreated = (
    g = 'TRUE',
  ) => `INSERT INTO ledger_stats_month (org_id, month, year, created, closed) SELECT NEW.org_id, substr(NEW.created_at, 1, 7), NEW.year, 1, 0 WHERE ${g}
       ON CONFLICT (org_id, month, year) DO UPDATE SET created = ledger_stats_month.created + 1`;
  const subCreated = (g = 'TRUE') =>
    `UPDATE ledger_stats_month SET created = created - 1 WHERE org_id = OLD.org_id AND month = substr(OLD.created_at, 1, 7) AND year = OLD.year AND ${g}`;
  const addClosed = (
    g = 'TRUE',
  ) => `INSERT INTO ledger_stats_month (org_id, month, year, created, closed) SELECT NEW.org_id, substr(NEW.closed_at, 1, 7), NEW.year, 0, 1 WHERE NEW.closed_at IS NOT NULL AND ${g}
       ON CONFLICT (org_id, month, year) DO UPDATE SET closed = ledger_stats_month.closed + 1`;
  const subClosed = (g = 'TRUE') =>
    `UPDATE ledger_stats_month SET closed = closed - 1 WHERE OLD.closed_at IS NOT NULL AND org_id = OLD.org_id AND month = substr(OLD.closed_at, 1, 7) AND year = OLD.year AND ${g}`;
  const differ = (cols: string[]) => `(${cols.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')})`;
  const statsChanged = differ(['org_id', 'aspect', 'status', 'year', 'repeated_of_id']);
  const createdChanged = `(${differ(['org_id', 'year'])} OR substr(OLD.created_at, 1, 7) IS NOT substr(NEW.created_at, 1, 7))`;
  const closedChanged = `(${differ(['org_id', 'year', 'closed_at'])})`;
  const onInsert = [addStats(), addCreated(), addClosed()];
  const onDelete = [subStats(), subCreated(), subClosed()];
  const counted = 'org_id, year, aspect, status, repeated_of_id, created_at, closed_at';

  if (isPostgres(db)) {
    // Summary rows are locked in one order (old before new when the old key sorts first), so two
    // transitions going opposite ways between the same two rows never deadlock.
    const pgDiffer = (x: string) => x.replaceAll(' IS NOT ', ' IS DISTINCT FROM ');
    await sql
      .raw(
        `CREATE FUNCTION ledger_stats_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${onInsert.join(';\n          ')};
        ELSIF TG_OP = 'DELETE' THEN
          ${onDelete.join(';\n          ')};
        ELSE
          IF ${pgDiffer(statsChanged)} THEN
            IF (OLD.org_id, coalesce(OLD.aspect, ''), OLD.status, OLD.year) <= (NEW.org_id, coalesce(NEW.aspect, ''), NEW.status, NEW.year) THEN
              ${subStats()}; ${addStats()};
            ELSE
              ${addStats()}; ${subStats()};
            END IF;
          END IF;
          IF ${pgDiffer(createdChanged)} THEN ${subCreated()}; ${addCreated()}; END IF;
          IF ${pgDiffer(closedChanged)} THEN ${subClosed()}; ${addClosed()}; END IF;
        END IF;
        RETURN NULL;
      END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ledger_stats_ai AFTER INSERT ON ledger_items FOR EACH ROW EXECUTE FUNCTION ledger_stats_sync()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ledger_stats_au AFTER UPDATE OF ${counted} ON ledger_items FOR EACH ROW EXECUTE FUNCTION ledger_stats_sync()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ledger_stats_ad AFTER DELETE ON ledger_items FOR EACH ROW EXECUTE FUNCTION ledger_stats_sync()`,
      )
      .execute(db);
  } else {
    const onUpdate = [
      subStats(statsChanged),
      addStats(statsChanged),
      subCreated(createdChanged),
      addCreated(createdChanged),
      subClosed(closedChanged),
      addClosed(closedChanged),
    ];
    await sql
      .raw(`CREATE TRIGGER ledger_stats_ai AFTER INSERT ON ledger_items BEGIN ${onInsert.join('; ')}; END`)
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ledger_stats_au AFTER UPDATE OF ${counted} ON ledger_items BEGIN ${onUpdate.join('; ')}; END`,
      )
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER ledger_stats_ad AFTER DELETE ON ledger_items BEGIN ${onDelete.join('; ')}; END`)
      .execute(db);
  }

  // The items already there.
  await sql`INSERT INTO ledger_stats (org_id, aspect_key, status, year, n, repeated)
    SELECT org_id, coalesce(aspect, ''), status, year, count(*), sum(CASE WHEN repeated_of_id IS NULL THEN 0 ELSE 1 END) FROM ledger_items GROUP BY org_id, coalesce(aspect, ''), status, year`.execute(
    db,
  );
  await sql`INSERT INTO ledger_stats_month (org_id, month, year, created, closed)
    SELECT org_id, m, year, sum(c), sum(x) FROM (
      SELECT org_id, year, substr(created_at, 1, 7) AS m, 1 AS c, 0 AS x FROM ledger_items
      UNION ALL SELECT org_id, year, substr(closed_at, 1, 7), 0, 1 FROM ledger_items WHERE closed_at IS NOT NULL
    ) t GROUP BY org_id, m, year`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of TRIGGERS)
    await sql.raw(`DROP TRIGGER IF EXISTS ${t}${isPostgres(db) ? ' ON ledger_items' : ''}`).execute(db);
  if (isPostgres(db)) await sql`DROP FUNCTION IF EXISTS ledger_stats_sync()`.execute(db);
  await db.schema.dropIndex('ledger_items_open_due').ifExists().execute();
  await db.schema
    .createIndex('ledger_items_status_deadline')
    .ifNotExists()
    .on('ledger_items')
    .columns(['status', 'deadline_on'])
    .execute();
  await db.schema.dropTable('ledger_stats_month').ifExists().execute();
  await db.schema.dropTable('ledger_stats').ifExists().execute();
}
