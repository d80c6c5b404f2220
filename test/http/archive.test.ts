/**
 * The meeting archive over HTTP (real app, real SQLite): each record downloads as a file that opens
 * and says what was recorded, each role gets what its pages show and nothing more, the opinion
 * summary carries nothing that could identify a submitter, and the whole file set comes as one .zip
 * with a 目录, the report, the records, the approved materials and the ledger.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocxParagraphs } from '../../src/formats/docx-read.js';
import { startTestApp, type TestApp } from './harness.js';
import { testDialects } from '../../src/storage/testing.js';

const docxText = async (bytes: Uint8Array) => (await readDocxParagraphs(bytes)).map((p) => p.text).join('\n');
async function xlsxRows(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

for (const dialect of testDialects())
  describe(`the meeting archive on ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    const m = () => t.world.meeting;
    const P = () => t.world.person;
    const name = (p: keyof TestApp['world']['person']) => `测试-${p}`;
    const get = async (who: Parameters<TestApp['as']>[0], url: string) => (await (await t.as(who)).get(url)).raw;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'jianshi-archive-'));
      t = await startTestApp(dialect, { opinionBatchSize: 1, dataDir });
      const sec = await t.as('secB1');
      // The record: attendance, a speech with notes, a criticism, the 督导组's comment, the summary.
      expect(
        (
          await sec.put(`/api/meetings/${m()}/record`, {
            heldOn: '2023-12-25',
            location: '党员活动室',
            summary: '大家红脸出汗，达到了目的。',
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await sec.put(`/api/meetings/${m()}/attendance`, {
            entries: [
              { personId: P().secB1, status: 'present' },
              { personId: P().author, status: 'present' },
              { personId: P().leaderB1, status: 'present' },
              { personId: P().memberB1, status: 'leave', reason: '外出培训' },
            ],
          })
        ).status,
      ).toBe(200);
      const speech = await sec.post(`/api/meetings/${m()}/speeches`, {
        speakerId: P().author,
        notes: '查摆了理论学习不深入的问题。',
      });
      expect(speech.status).toBe(201);
      await sec.post(`/api/meetings/${m()}/criticisms`, {
        speechId: speech.body.id,
        targetPersonId: P().author,
        criticId: P().leaderB1,
        body: '学习笔记流于形式。',
      });
      await sec.post(`/api/meetings/${m()}/comments`, { kind: 'supervisor', body: '批评有辣味。' });
      // Talks: one the member memberB1 took part in, one he did not.
      expect(
        (
          await sec.post(`/api/meetings/${m()}/talks`, {
            personAId: P().secB1,
            personBId: P().author,
            heldOn: '2023-12-10',
            topics: '工作作风',
            notes: '谈到加班过多的苦衷。',
          })
        ).status,
      ).toBe(201);
      await sec.post(`/api/meetings/${m()}/talks`, {
        personAId: P().memberB1,
        personBId: P().leaderB1,
        heldOn: '2023-12-11',
        topics: '学习计划',
        notes: '约定每周交流一次。',
      });
      // Opinions through the public form (k = 1: written at once).
      const link = await sec.post(`/api/meetings/${m()}/opinion-collections`, {});
      expect(link.status).toBe(201);
      const submit = (opinions: unknown[], addr: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/public/opinions',
          payload: { token: link.body.token, opinions },
          headers: { 'x-csrf-token': 'public' },
          remoteAddress: addr,
        });
      expect(
        (
          await submit(
            [
              { target: { kind: 'group' }, category: '理论学习', body: '集中学习偏少。' },
              { target: { kind: 'person', personId: P().author }, category: '工作作风', body: '下基层不够。' },
            ],
            '10.0.0.1',
          )
        ).statusCode,
      ).toBe(201);
      expect(
        (await submit([{ target: { kind: 'group' }, category: '理论学习', body: '集中学习偏少' }], '10.0.0.2'))
          .statusCode,
      ).toBe(201);
      // Appraisal: self-assessment, a ballot, final grades.
      await (await t.as('author')).put(`/api/meetings/${m()}/appraisal/self`, { grade: '合格', comment: '基本合格。' });
      expect(
        (
          await sec.post(`/api/meetings/${m()}/appraisal/ballots`, {
            lines: [
              { rateeId: P().author, grade: '优秀' },
              { rateeId: P().memberB1, grade: '合格' },
            ],
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await sec.put(`/api/meetings/${m()}/appraisal/final`, {
            grades: { [P().author]: '优秀', [P().memberB1]: '合格', [P().secB1]: '合格', [P().leaderB1]: '基本合格' },
          })
        ).status,
      ).toBe(200);
      // The 支部委员会's material approved (so it goes into the set); the member's stays a draft.
      expect((await sec.post(`/api/materials/${t.world.leadership}/submit`, {})).status).toBe(200);
      expect(
        (await (await t.as('reviewerParty')).post(`/api/materials/${t.world.leadership}/approve`, {})).status,
      ).toBe(200);
      // Its measures become the meeting's ledger items.
      expect((await sec.post(`/api/ledger/from-material/${t.world.leadership}`)).status).toBe(201);
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('the secretary downloads the 会议记录: a .docx with attendance, the speech, the criticism, the comment, the summary', async () => {
      const r = await get('secB1', `/api/meetings/${m()}/archive/record`);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('wordprocessingml');
      expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain(
        '第一党支部2023年度组织生活会会议记录.docx',
      );
      const s = await docxText(r.rawPayload);
      expect(s).toContain('第一党支部2023年度组织生活会会议记录');
      expect(s).toContain('时间：2023年12月25日');
      expect(s).toContain('地点：党员活动室');
      expect(s).toContain('应到4人，实到3人，请假1人（测试-memberB1，外出培训）');
      expect(s).toContain(`${name('author')}发言`);
      expect(s).toContain('查摆了理论学习不深入的问题。');
      expect(s).toContain(`${name('leaderB1')}提出批评：学习笔记流于形式。`);
      expect(s).toContain('批评有辣味。');
      expect(s).toContain('大家红脸出汗，达到了目的。');
    });

    it('talks: the secretary gets every talk; a member only the talks he took part in', async () => {
      const all = await docxText((await get('secB1', `/api/meetings/${m()}/archive/talks`)).rawPayload);
      expect(all).toContain('共登记谈心谈话2次、4人次');
      expect(all).toContain('谈到加班过多的苦衷。');
      expect(all).toContain('约定每周交流一次。');
      const own = await get('memberB1', `/api/meetings/${m()}/archive/talks`);
      expect(own.statusCode).toBe(200);
      const s = await docxText(own.rawPayload);
      expect(s).toContain('约定每周交流一次。');
      expect(s).not.toContain('谈到加班过多的苦衷');
      expect(s).toContain('测试-memberB1本人参加');
      const reg = await get('memberB1', `/api/meetings/${m()}/archive/talks?format=xlsx`);
      const rows = await xlsxRows(reg.rawPayload);
      expect(rows.flat().join('|')).not.toContain('加班');
      expect(rows.some((r) => r.includes(name('memberB1')) && r.includes(name('leaderB1')))).toBe(true);
      // The register as the secretary sees it: a header, two talks in date order.
      const secRows = await xlsxRows((await get('secB1', `/api/meetings/${m()}/archive/talks?format=xlsx`)).rawPayload);
      expect(secRows[1]).toEqual(['序号', '谈话人', '谈话对象', '谈话时间', '谈话主题', '谈话内容']);
      expect(secRows[2].slice(0, 4)).toEqual(['1', name('secB1'), name('author'), '2023年12月10日']);
    });

    it('the opinion summary: counts and merged texts, and nothing that could identify a submitter', async () => {
      const r = await get('secB1', `/api/meetings/${m()}/archive/opinions`);
      expect(r.statusCode).toBe(200);
      const s = await docxText(r.rawPayload);
      expect(s).toContain('共征求到意见建议3条，其中对支部委员会的2条、对个人的1条');
      expect(s).toContain('集中学习偏少。');
      expect(s).toContain('下基层不够。');
      // Two submissions of one text are one line counted 2.
      const x = await get('reviewerParty', `/api/meetings/${m()}/archive/opinions?format=xlsx`);
      expect(x.statusCode).toBe(200);
      const rows = await xlsxRows(x.rawPayload);
      const line = rows.find((row) => row.includes('集中学习偏少。'));
      expect(line?.at(-1)).toBe('2');
      // No time of day, no ids, no address anywhere in either file.
      const items = (await (await t.as('secB1')).get(`/api/meetings/${m()}/opinions`)).body.items as {
        id: string;
        collectionId: string;
        body: string;
      }[];
      const ids = items.map((o) => o.id);
      const collections = items.map((o) => o.collectionId);
      expect(ids).toHaveLength(3);
      for (const bytes of [r.rawPayload, x.rawPayload]) {
        const zip = await JSZip.loadAsync(bytes);
        const xml = (
          await Promise.all(
            Object.values(zip.files)
              .filter((f) => !f.dir)
              .map((f) => f.async('string')),
          )
        ).join('');
        for (const id of [...ids, ...collections]) expect(xml).not.toContain(id);
        expect(xml).not.toMatch(/10\.0\.0\.[12]/);
      }
      // An opinion the secretary hid (junk) is not in the exported summary.
      const sec = await t.as('secB1');
      const junk = items.find((o) => o.body === '下基层不够。')!;
      expect((await sec.post(`/api/opinions/${junk.id}/hidden`, { hidden: true })).status).toBe(200);
      const after = await docxText((await get('secB1', `/api/meetings/${m()}/archive/opinions`)).rawPayload);
      expect(after).not.toContain('下基层不够');
      expect(after).toContain('共征求到意见建议2条');
      expect((await sec.post(`/api/opinions/${junk.id}/hidden`, { hidden: false })).status).toBe(200);
      // What a reader sees: dates at most to the day, no time of day.
      const seen = [await docxText(r.rawPayload), rows.flat().join('\n')].join('\n');
      expect(seen).not.toMatch(/\d{1,2}[:：]\d{2}/);
      expect(seen).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    });

    it('the appraisal results: grades, votes and the decided grade of each member', async () => {
      const s = await docxText((await get('secB1', `/api/meetings/${m()}/archive/appraisal`)).rawPayload);
      expect(s).toContain('参加评议党员4名，收回民主测评票1张');
      expect(s).toContain('经支部研究确定：优秀1名，合格2名，基本合格1名。');
      const rows = await xlsxRows(
        (await get('secB1', `/api/meetings/${m()}/archive/appraisal?format=xlsx`)).rawPayload,
      );
      const author = rows.find((r) => r.includes(name('author')))!;
      expect(author).toContain('优秀');
      expect(author[2]).toBe('合格'); // the self-assessment
    });

    it('who may download what: a member no opinions, appraisal or whole set; strangers see nothing', async () => {
      expect((await get('memberB1', `/api/meetings/${m()}/archive/record`)).statusCode).toBe(200);
      for (const url of ['archive/opinions', 'archive/appraisal?format=xlsx', 'archive.zip']) {
        const r = await get('memberB1', `/api/meetings/${m()}/${url}`);
        expect(r.statusCode, url).toBe(403);
        expect(JSON.parse(r.body).code).toBe('E_FORBIDDEN');
      }
      for (const who of ['outsider', 'secB2'] as const)
        for (const url of ['archive/record', 'archive/talks', 'archive/opinions', 'archive.zip'])
          expect((await get(who, `/api/meetings/${m()}/${url}`)).statusCode, `${who} ${url}`).toBe(404);
      const bad = await get('secB1', `/api/meetings/${m()}/archive/record?format=xlsx`);
      expect(bad.statusCode).toBe(400);
      expect(JSON.parse(bad.body).message).toContain('会议记录只提供 .docx');
      expect((await get('secB1', `/api/meetings/${m()}/archive/minutes`)).statusCode).toBe(400);
    });

    it('the whole file set: one .zip with a 目录, the report, the records, the approved material, the ledger', async () => {
      const r = await get('reviewerParty', `/api/meetings/${m()}/archive.zip`);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/zip');
      expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain(
        '第一党支部2023年度组织生活会档案.zip',
      );
      expect(Number(r.headers['x-archive-bytes'])).toBeGreaterThan(10_000);
      const zip = await JSZip.loadAsync(r.rawPayload);
      const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
      expect(names).toEqual(
        expect.arrayContaining([
          '00目录.docx',
          '01会议情况报告.docx',
          '02会议记录.docx',
          '03谈心谈话记录.docx',
          '04谈心谈话登记表.xlsx',
          '05征求意见汇总表.docx',
          '06征求意见汇总表.xlsx',
          '07民主评议党员结果.docx',
          '08民主评议党员结果.xlsx',
          '09对照检查材料/01测试-secB1-班子对照检查材料.docx',
          '10整改台账.xlsx',
        ]),
      );
      // The draft material is not archived.
      expect(names.some((n) => n.includes('检视剖析材料'))).toBe(false);
      const index = await docxText(await zip.file('00目录.docx')!.async('uint8array'));
      expect(index).toContain('第一党支部2023年度组织生活会档案目录');
      expect(index).toContain('本档案共10个文件');
      expect(index).toContain('09对照检查材料/01测试-secB1-班子对照检查材料.docx');
      const material = await docxText(
        await zip.file('09对照检查材料/01测试-secB1-班子对照检查材料.docx')!.async('uint8array'),
      );
      expect(material).toContain('班子对照检查材料');
      const ledger = await xlsxRows(await zip.file('10整改台账.xlsx')!.async('uint8array'));
      expect(ledger[0][0]).toBe('第一党支部2023年度组织生活会整改台账');
      expect(ledger[2].slice(1, 5)).toEqual([
        '2023-第一党支部-001',
        '对照检查',
        '理论学习',
        '理论学习方面：学习不够深入。比如2023年只读了两本书。',
      ]);
      expect(index).toContain('整改台账（1项）');
      const report = await docxText(await zip.file('01会议情况报告.docx')!.async('uint8array'));
      expect(report).toContain('第一党支部');
      const audit = await t.repos.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('action', '=', 'archive.export')
        .execute();
      expect(audit.some((a) => a.actor_id === P().reviewerParty)).toBe(true);
    });

    it('a meeting with nothing recorded yet: the set still comes, and its files say what is missing', async () => {
      const r = await get('secB1', `/api/meetings/${t.world.meeting2}/archive.zip`);
      expect(r.statusCode).toBe(200);
      const zip = await JSZip.loadAsync(r.rawPayload);
      const record = await docxText(await zip.file('02会议记录.docx')!.async('uint8array'));
      expect(record).toContain('未登记出席情况。');
      expect(record).toContain('未记录发言。');
      const ledger = await xlsxRows(
        await zip.file(Object.keys(zip.files).find((n) => n.endsWith('整改台账.xlsx'))!)!.async('uint8array'),
      );
      expect(ledger[1][0]).toBe('序号');
      const index = await docxText(await zip.file('00目录.docx')!.async('uint8array'));
      expect(index).toContain('整改台账（0项）');
      expect(index).toContain('已审核通过的对照检查材料（尚无）');
    });

    it('the recorder gets the set without the opinions and appraisal he may not read, and the 目录 says so', async () => {
      const sec = await t.as('secB1');
      // Make memberB1 the recorder of the second meeting, whose talks and opinions he may not read.
      const m2 = t.world.meeting2;
      const detail = (await sec.get(`/api/meetings/${m2}`)).body;
      const participants = [
        ...detail.participants.map((p: { personId: string; role: string }) => ({ personId: p.personId, role: p.role })),
        { personId: P().outsider, role: 'recorder' },
      ];
      expect((await sec.patch(`/api/meetings/${m2}`, { participants })).status).toBe(200);
      const r = await get('outsider', `/api/meetings/${m2}/archive.zip`);
      expect(r.statusCode).toBe(200);
      const zip = await JSZip.loadAsync(r.rawPayload);
      const names = Object.keys(zip.files);
      expect(names).toContain('02会议记录.docx');
      expect(names.some((n) => n.includes('征求意见'))).toBe(false);
      expect(names.some((n) => n.includes('谈心谈话'))).toBe(false);
      const index = await docxText(await zip.file('00目录.docx')!.async('uint8array'));
      expect(index).toContain('未收入：谈心谈话记录（无权查看）');
      expect(index).toContain('征求意见汇总表（无权查看）');
    });
  });
