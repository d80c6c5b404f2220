import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy.js';
import {
  LEDGER_ACTIONS,
  LEDGER_RULES,
  canLedger,
  ledgerDecision,
  ledgerReadScope,
  type LedgerAction,
} from './policy.js';
import { LEDGER_STATUSES, type LedgerStatus } from './model.js';

const ROOT = '/root/';
const B1 = '/root/b1/';
const B2 = '/root/b2/';
const actor = (personId: string, ms: [string, string][] = [], isAdmin = false): Actor => ({
  personId,
  isAdmin,
  memberships: ms.map(([orgPath, role]) => ({ orgId: orgPath.split('/').filter(Boolean).pop()!, orgPath, role })),
});

const owner = actor('owner', [[B1, 'member']]);
const other = actor('other', [[B1, 'member']]);
const sec = actor('sec', [
  [B1, 'secretary'],
  [B1, 'member'],
]);
const leader = actor('leader', [[B1, 'leader']]);
const rev = actor('rev', [[ROOT, 'reviewer']]);
const sec2 = actor('sec2', [[B2, 'secretary']]);
const sysadmin = actor('root', [], true);

describe('ledger permission table', () => {
  it('every action has a rule with a reason', () => {
    for (const a of LEDGER_ACTIONS) expect(LEDGER_RULES.some((r) => r.action === a && r.why.length > 4)).toBe(true);
  });
  it('owners edit only their own items; others get 403 (readers) or 404', () => {
    const t = { orgPath: B1, ownerId: 'owner', status: 'in_progress' as LedgerStatus };
    expect(ledgerDecision(owner, 'ledger.edit', t)).toBe('allow');
    expect(ledgerDecision(other, 'ledger.edit', t)).toBe('hidden');
    expect(ledgerDecision(other, 'ledger.read', t)).toBe('hidden');
    expect(ledgerDecision(rev, 'ledger.edit', t)).toBe('forbidden');
    expect(ledgerDecision(sec2, 'ledger.read', t)).toBe('hidden');
    expect(ledgerDecision(sysadmin, 'ledger.read', t)).toBe('hidden');
    for (const a of ['ledger.note', 'ledger.evidence', 'ledger.apply', 'ledger.split'] as LedgerAction[]) {
      expect(canLedger(owner, a, t)).toBe(true);
      expect(canLedger(sec, a, t)).toBe(false);
      expect(canLedger(other, a, t)).toBe(false);
    }
  });
  it('only the superior closes or sends back; nobody closes their own item', () => {
    const t = { orgPath: B1, ownerId: 'owner', status: 'awaiting_close' as LedgerStatus };
    expect(canLedger(rev, 'ledger.close', t)).toBe(true);
    expect(canLedger(sec, 'ledger.close', t)).toBe(true); // the branch secretary checks a member's item
    expect(canLedger(owner, 'ledger.close', t)).toBe(false);
    expect(canLedger(leader, 'ledger.close', t)).toBe(false);
    // the secretary's own item and the unit's items go to the superior
    expect(canLedger(sec, 'ledger.close', { ...t, ownerId: 'sec' })).toBe(false);
    expect(canLedger(sec, 'ledger.close', { ...t, ownerId: null })).toBe(false);
    expect(canLedger(rev, 'ledger.close', { ...t, ownerId: null })).toBe(true);
    // a reviewer who owns an item of a lower organization does not close it himself
    expect(canLedger(rev, 'ledger.close', { ...t, ownerId: 'rev' })).toBe(false);
    expect(canLedger(rev, 'ledger.sendBack', t)).toBe(true);
  });
  it('closed items reject every change (409), awaiting items reject content changes', () => {
    const changes: LedgerAction[] = [
      'ledger.edit',
      'ledger.assign',
      'ledger.split',
      'ledger.note',
      'ledger.evidence',
      'ledger.apply',
      'ledger.close',
      'ledger.sendBack',
      'ledger.unmarkRepeated',
    ];
    for (const who of [owner, sec, rev])
      for (const a of changes) {
        const d = ledgerDecision(who, a, { orgPath: B1, ownerId: 'owner', status: 'closed' });
        expect(['bad_state', 'forbidden']).toContain(d);
      }
    expect(ledgerDecision(owner, 'ledger.edit', { orgPath: B1, ownerId: 'owner', status: 'closed' })).toBe('bad_state');
    expect(ledgerDecision(owner, 'ledger.evidence', { orgPath: B1, ownerId: 'owner', status: 'awaiting_close' })).toBe(
      'bad_state',
    );
    expect(ledgerDecision(owner, 'ledger.read', { orgPath: B1, ownerId: 'owner', status: 'closed' })).toBe('allow');
  });
  it('the whole table, enumerated: no closed-item change is ever allowed', () => {
    const people = [owner, other, sec, leader, rev, sec2, sysadmin];
    for (const a of LEDGER_ACTIONS)
      for (const s of LEDGER_STATUSES)
        for (const p of people)
          for (const o of ['owner', 'sec', null]) {
            const d = ledgerDecision(p, a, { orgPath: B1, ownerId: o, status: s });
            if (
              s === 'closed' &&
              !['ledger.read', 'ledger.export', 'ledger.dashboard', 'ledger.create', 'ledger.import'].includes(a)
            )
              expect(d).not.toBe('allow');
            if (d === 'allow' && a !== 'ledger.read')
              expect(canLedger(p, 'ledger.read', { orgPath: B1, ownerId: o, status: s })).toBe(true);
          }
  });
  it('the unit item (no owner) belongs to the secretary; organization-level actions', () => {
    expect(canLedger(sec, 'ledger.apply', { orgPath: B1, ownerId: null, status: 'pending' })).toBe(true);
    expect(canLedger(sec, 'ledger.create', { orgPath: B1 })).toBe(true);
    expect(canLedger(rev, 'ledger.dashboard', { orgPath: B1 })).toBe(true);
    expect(ledgerDecision(owner, 'ledger.export', { orgPath: B1 })).toBe('forbidden');
    expect(canLedger(sec, 'ledger.import', { orgPath: B2 })).toBe(false);
  });
  it('the list scope mirrors ledger.read', () => {
    expect(ledgerReadScope(sec)).toEqual({
      ownerId: 'sec',
      orgIds: ['b1'],
      subtreeOfPaths: [],
      strictSubtreeOfPaths: [],
    });
    expect(ledgerReadScope(rev)).toMatchObject({ ownerId: 'rev', orgIds: [], strictSubtreeOfPaths: [ROOT] });
  });
});
