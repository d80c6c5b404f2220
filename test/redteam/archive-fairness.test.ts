/**
 * Red team: the whole-set .zip is built one at a time per process with a queue of 4, shared by every
 * user of the instance. One secretary (or a script with his session) who keeps 5 requests in flight
 * fills it, and everyone else — another branch, the 督导组 — gets E_BUSY (503) for as long as he
 * keeps doing so. The limit should be per reader first (one set at a time for one person; his extra
 * requests wait or are refused), so that one person cannot starve the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/harness.js';

describe('archive.zip under one user flooding it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  }, 60_000);
  afterAll(async () => t?.close());

  it('another reader still gets his .zip while one secretary has many in flight', async () => {
    const sec = await t.as('secB1');
    const reviewer = await t.as('reviewerCounty');
    const url = `/api/meetings/${t.world.meeting}/archive.zip`;
    const flood = Array.from({ length: 8 }, () => sec.get(url));
    const other = reviewer.get(url);
    const [mine, ...his] = await Promise.all([other, ...flood]);
    // The flood itself is (rightly) throttled…
    expect(his.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    // …but the other reader is not.
    expect(mine.status).toBe(200);
  });
});
