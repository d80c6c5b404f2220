/**
 * Demo data, created on the first start in demo mode (`npm start`): a superior committee with a
 * 督导组 reviewer, a 党委 with two 党支部, eleven people with roles, the 2023 民主生活会 of the
 * 党委 with the six-aspect framework (2023-theme-education), the 2023 组织生活会 of the first
 * branch, and the sample material imported for one 班子成员. Idempotent: a marker in `settings`
 * says it was done, so restarts (and a second instance) do not seed twice.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimilarityIndex } from '../core/similarity/port.js';
import { templateDocument, templateName } from './domain/similarity.js';
import type { MeetingStage, Repositories } from '../storage/repositories/index.js';
import { importFile } from '../formats/import.js';
import { findFramework } from '../core/frameworks/framework.js';
import { toJSON, contentOf } from '../core/material/model.js';
import { digestOf } from '../storage/digest.js';
import { sha256Hex } from '../storage/digest.js';
import { hashPassword } from './auth/passwords.js';
import { addDays, dateInZone } from '../core/meeting/dates.js';

export type { DemoAccount } from '../contract/auth.js';
import type { DemoAccount } from '../contract/auth.js';

export const DEMO_PASSWORD = 'jianshi2023';

/**
 * The demo's dates are relative to the day it is seeded: its story was written around a 民主生活会
 * on 2023-12-20 (the anchor); every date of the story keeps its distance to that meeting, and the
 * meeting itself is placed DEMO_DAYS_SINCE_MEETING days before the seeding day — the ledger's 2023
 * items (relative to today: domain/ledger/demo.ts) began 150 days ago, after the meeting. Year
 * labels (2022, 2023) stay as written. The procedure and ledger demos take their shift from the
 * meeting's stored day, so all three agree whenever they run.
 */
export const DEMO_ANCHOR = '2023-12-20';
export const DEMO_DAYS_SINCE_MEETING = 160;
const DAY_MS = 86_400_000;

/** Days from the anchor to the demo meeting's day. */
export const demoOffsetOf = (meetingDay: string | null | undefined): number =>
  meetingDay ? Math.round((Date.parse(meetingDay) - Date.parse(DEMO_ANCHOR)) / DAY_MS) : 0;

/** A story date ('YYYY-MM-DD' or an ISO instant) moved by `offset` days. */
export function demoShift(offset: number): (s: string) => string {
  return (s) => {
    const t = new Date(Date.parse(s) + offset * DAY_MS).toISOString();
    return s.length === 10 ? t.slice(0, 10) : t;
  };
}
const MARK = 'demo_seeded';
export const SAMPLE_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/sample-2023.txt');

const PEOPLE: { key: string; name: string; username: string; role: string; admin?: boolean }[] = [
  { key: 'admin', name: '系统管理员', username: 'admin', role: '系统管理员', admin: true },
  { key: 'wang', name: '王建国', username: 'wangjianguo', role: '机关党委书记' },
  { key: 'zhang', name: '张伟', username: 'zhangwei', role: '机关党委委员（班子成员），已导入示例材料' },
  { key: 'sun', name: '孙丽', username: 'sunli', role: '机关党委委员（班子成员）、会议记录人' },
  { key: 'zhao', name: '赵敏', username: 'zhaomin', role: '县委督导组（上级审核人）' },
  { key: 'li', name: '李明', username: 'liming', role: '第一党支部书记' },
  { key: 'chen', name: '陈静', username: 'chenjing', role: '第一党支部支委' },
  { key: 'liu', name: '刘洋', username: 'liuyang', role: '第一党支部党员' },
  { key: 'zhou', name: '周强', username: 'zhouqiang', role: '第二党支部书记' },
  { key: 'wu', name: '吴华', username: 'wuhua', role: '第二党支部党员' },
  { key: 'zheng', name: '郑欣', username: 'zhengxin', role: '第二党支部党员' },
];

export async function demoAccounts(): Promise<DemoAccount[]> {
  return PEOPLE.map((p) => ({ username: p.username, password: DEMO_PASSWORD, name: p.name, role: p.role }));
}

export async function seedDemo(repos: Repositories): Promise<DemoAccount[]> {
  if (await repos.settings.get(MARK)) return demoAccounts();
  const hash = await hashPassword(DEMO_PASSWORD);
  const sample = await readFile(SAMPLE_PATH).catch(() => null);
  const fw = findFramework('2023-theme-education')!;
  const material = sample ? await importFile(new Uint8Array(sample), 'sample-2023.txt', { framework: fw }) : null;
  await repos.transaction(async (tx) => {
    // Another instance may have seeded meanwhile; the marker is the lock.
    const claimed = await tx.settings.getOrInit(MARK, new Date().toISOString());
    if ((await tx.people.count()) > 0 || !claimed) return;
    const id: Record<string, string> = {};
    for (const p of PEOPLE)
      id[p.key] = (
        await tx.people.create({ name: p.name, username: p.username, passwordHash: hash, isAdmin: !!p.admin })
      ).id;
    const county = await tx.orgs.create({ name: '某县县委（上级党组织）', kind: '党委' });
    const org = await tx.orgs.create({ name: '某县机关党委', kind: '党委', parentId: county.id });
    const b1 = await tx.orgs.create({ name: '第一党支部', kind: '党支部', parentId: org.id, sort: 1 });
    const b2 = await tx.orgs.create({ name: '第二党支部', kind: '党支部', parentId: org.id, sort: 2 });
    const roles: [string, string, string][] = [
      ['admin', county.id, 'admin'],
      ['zhao', county.id, 'reviewer'],
      ['wang', org.id, 'secretary'],
      ['wang', org.id, 'leader'],
      ['zhang', org.id, 'leader'],
      ['sun', org.id, 'leader'],
      ['sun', org.id, 'recorder'],
      ['wang', b1.id, 'member'],
      ['zhang', b1.id, 'member'],
      ['li', b1.id, 'secretary'],
      ['li', b1.id, 'leader'],
      ['chen', b1.id, 'leader'],
      ['liu', b1.id, 'member'],
      ['chen', b1.id, 'member'],
      ['li', b1.id, 'member'],
      ['sun', b2.id, 'member'],
      ['zhou', b2.id, 'secretary'],
      ['zhou', b2.id, 'member'],
      ['wu', b2.id, 'member'],
      ['zheng', b2.id, 'member'],
      ['wang', org.id, 'reviewer'],
    ];
    for (const [p, o, role] of roles) await tx.memberships.add({ personId: id[p], orgId: o, role });
    const S = demoShift(demoOffsetOf(addDays(dateInZone(new Date()), -DEMO_DAYS_SINCE_MEETING)));
    const stages: MeetingStage[] = [
      { stage: 'opinions', startOn: S('2023-11-20'), dueOn: S('2023-11-30'), doneAt: null },
      { stage: 'talks', startOn: S('2023-11-25'), dueOn: S('2023-12-05'), doneAt: null },
      { stage: 'materials', startOn: S('2023-12-01'), dueOn: S('2023-12-10'), doneAt: null },
      { stage: 'review', startOn: S('2023-12-10'), dueOn: S('2023-12-15'), doneAt: null },
      { stage: 'meeting', startOn: S('2023-12-20'), dueOn: S('2023-12-20'), doneAt: null },
      { stage: 'report', startOn: S('2023-12-21'), dueOn: S('2024-01-04'), doneAt: null },
      { stage: 'rectification', startOn: S('2024-01-05'), dueOn: S('2024-06-30'), doneAt: null },
    ];
    const dsh = await tx.meetings.create({
      orgId: org.id,
      kind: '民主生活会',
      year: 2023,
      theme: '2023年第二批主题教育专题民主生活会',
      frameworkId: fw.id,
      heldOn: S('2023-12-20'),
      location: '机关党委会议室',
      stages,
      participants: [
        { personId: id.wang, role: 'secretary' },
        { personId: id.zhang, role: 'leader' },
        { personId: id.sun, role: 'leader' },
        { personId: id.zhao, role: 'supervisor' },
      ],
      createdBy: id.wang,
    });
    await tx.meetings.create({
      orgId: b1.id,
      kind: '组织生活会',
      year: 2023,
      theme: '第一党支部2023年度主题教育专题组织生活会',
      frameworkId: fw.id,
      heldOn: S('2023-12-25'),
      location: '党员活动室',
      stages,
      participants: [
        { personId: id.li, role: 'secretary' },
        { personId: id.chen, role: 'leader' },
        { personId: id.liu, role: 'member' },
        { personId: id.wang, role: 'member' },
        { personId: id.zhang, role: 'member' },
      ],
      createdBy: id.li,
    });
    await tx.audit.append({
      actorId: null,
      action: 'demo.seed',
      entity: 'instance',
      details: { people: PEOPLE.length, meetings: 2 },
    });
    if (material && sample) {
      const json = toJSON(material);
      const mid = crypto.randomUUID();
      await tx.materials.create({
        id: mid,
        meetingId: dsh.id,
        orgId: org.id,
        kind: 'personal',
        authorId: id.zhang,
        title: material.title,
        content: json,
        digest: digestOf(contentOf(material))!,
        note: '导入 sample-2023.txt',
      });
      const f = await tx.materials.addFile({
        materialId: mid,
        fileName: 'sample-2023.txt',
        mime: 'text/plain',
        bytes: new Uint8Array(sample),
        sha256: sha256Hex(sample),
        uploadedBy: id.zhang,
      });
      await tx.materials.setVersionFile(mid, 1, f.id);
      await tx.audit.append({
        actorId: id.zhang,
        action: 'material.create',
        entity: 'material',
        entityId: mid,
        after: json,
        details: { kind: 'personal', version: 1, fileId: f.id },
      });
    }
  });
  return demoAccounts();
}

/**
 * The demo's 网络范文 library: the sample itself, as the template website sold it (watermarks and
 * all), so that the demo member's material shows a 查重 report against "网络范文". Idempotent.
 */
export async function seedTemplateDemo(index: SimilarityIndex): Promise<void> {
  const title = '稿子铺·专题民主生活会对照检查材料（示例）';
  if ((await index.idOf(templateName(title))) !== null) return;
  const sample = await readFile(SAMPLE_PATH, 'utf8').catch(() => null);
  if (sample) await index.put([templateDocument(title, sample)]);
}
