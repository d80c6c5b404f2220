import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Collapse, Modal, Segmented, Space, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { materials as materialsApi } from '../../api/endpoints';
import { ApiError, errorMessage, isMissingRoute } from '../../api/client';
import { useComments, useFrameworks, useMaterial, useMeeting } from '../../api/queries';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { StatusTag } from '../../components/StatusTag';
import { MATERIAL_KIND_LABELS } from '../../components/labels';
import { canEdit, isMaterialState } from '../../../../src/core/workflow/material';
import { findFramework } from '../../../../src/core/frameworks/framework';
import { chosenFramework } from '../../../../src/core/material/restructure';
import { wordCount } from '../../../../src/core/text/count';
import { MaterialForm } from './MaterialForm';
import { TextPreview } from './TextPreview';
import { ChecksPanel } from './ChecksPanel';
import { ImportDropzone } from './ImportDropzone';
import { MeasureLinks } from '../ledger/LazyMeasureLinks';
import { StructureView } from './StructureView';
import { toEditorContent, type EditorContent } from './content';
import { useMaterialView } from './useMaterialView';
import { useWithdraw } from '../review/useWithdraw';
import type { Material, MaterialRecord, CommentThread } from '../../api/types';

// Shown after an import only: its code comes with the first import, not with the page.
const ImportReport = lazy(() => import('./ImportReport').then((m) => ({ default: m.ImportReport })));
// Opened from the toolbar: its code comes when it is first opened.
// Loaded when first needed: the editor's first load stays light (page-weight test).
const SubmitDialog = lazy(() => import('../review/SubmitDialog').then((m) => ({ default: m.SubmitDialog })));
const CommentThreads = lazy(() => import('../review/CommentThreads').then((m) => ({ default: m.CommentThreads })));
const VersionsDrawer = lazy(() => import('./VersionsDrawer').then((m) => ({ default: m.VersionsDrawer })));

const AUTOSAVE_MS = 2000;
const NO_COMMENTS: CommentThread[] = [];

export default function EditorPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const q = useMaterial(id);
  return (
    <QueryState loading={q.isLoading} error={q.error} retry={() => q.refetch()}>
      {q.data && (
        <Editor
          key={q.data.id}
          record={q.data}
          imported={params.has('imported')}
          clearImported={() => setParams({}, { replace: true })}
        />
      )}
    </QueryState>
  );
}

type SaveState = {
  kind: 'idle' | 'dirty' | 'saving' | 'saved' | 'error' | 'conflict';
  at?: string;
  message?: string;
  /** Saved as the working copy (autosave), not yet a version of its own. */
  auto?: boolean;
};

function Editor({
  record,
  imported,
  clearImported,
}: {
  record: MaterialRecord;
  imported: boolean;
  clearImported: () => void;
}) {
  const { me } = useSession();
  const qc = useQueryClient();
  const nav = useNavigate();
  const { message, modal } = App.useApp();
  const meeting = useMeeting(record.meetingId);
  const fws = useFrameworks();
  const comments = useComments(record.id);
  const [content, setContent] = useState<EditorContent>(() => toEditorContent(record.content));
  const [importedMaterial, setImportedMaterial] = useState<Material | null>(imported ? record.content : null);
  const [version, setVersion] = useState(record.version);
  const [status, setStatus] = useState(record.status);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [mode, setMode] = useState<'content' | 'structure'>('content');
  const [importBusy, setImportBusy] = useState(false);
  const [importErr, setImportErr] = useState<string | null>(null);
  const dirty = useRef(false);
  const latest = useRef(content);
  latest.current = content;
  const versionRef = useRef(version);
  versionRef.current = version;

  const isAuthor = record.authorId === me!.person.id;
  const editable = isAuthor && isMaterialState(status) && canEdit(status);
  // The meeting's framework is binding; without one, the one the author chose in 调整结构, else the detected one.
  const fwId = meeting.data?.frameworkId ?? chosenFramework(content.fixes) ?? record.content?.framework ?? null;
  const framework = (fwId && (fws.data?.find((f) => f.id === fwId) ?? findFramework(fwId))) || null;
  const similarity = useQuery({
    queryKey: ['similarity', record.id, version],
    queryFn: () => materialsApi.similarity(record.id),
    retry: false,
    staleTime: Infinity,
  });

  const view = useMaterialView(content, {
    framework,
    kind: record.kind === 'leadership' ? '班子' : '个人',
    meetingYear: meeting.data?.year,
    comments: comments.data ?? NO_COMMENTS,
    similarity: similarity.data,
    showSavedMarks: save.kind === 'idle' || save.kind === 'saved',
  });

  const onMarkClick = view.onMarkClick;
  const simState = useMemo(
    () => ({ data: similarity.data, error: similarity.error, isLoading: similarity.isLoading }),
    [similarity.data, similarity.error, similarity.isLoading],
  );
  useEffect(() => {
    performance.mark('editor-interactive');
  }, []);

  // The working copy's revision this tab last wrote (autosave); 0 when there is none.
  const revRef = useRef(0);
  const doSave = useCallback(
    async (note?: string, auto = false): Promise<boolean> => {
      // An explicit save of autosaved edits makes their version even when nothing changed since.
      if (!dirty.current && !note && (auto || revRef.current === 0)) return true;
      setSave({ kind: 'saving' });
      dirty.current = false;
      try {
        if (auto) {
          // Autosave: the working copy only (one row on the server; the version comes with an explicit save).
          const a = await materialsApi.autosave(record.id, latest.current, versionRef.current, revRef.current);
          revRef.current = a.rev;
          if (a.versioned) {
            setVersion(a.version);
            versionRef.current = a.version;
            qc.invalidateQueries({ queryKey: ['material', record.id] });
          }
          setSave({ kind: dirty.current ? 'dirty' : 'saved', at: dayjs().format('HH:mm:ss'), auto: !a.versioned });
          return true;
        }
        const r = await materialsApi.save(record.id, latest.current, versionRef.current, note);
        revRef.current = 0;
        setVersion(r.version);
        versionRef.current = r.version;
        if (r.status) setStatus(r.status);
        setSave({ kind: dirty.current ? 'dirty' : 'saved', at: dayjs().format('HH:mm:ss') });
        qc.setQueryData(['material', record.id], (old: MaterialRecord | undefined) =>
          old ? { ...old, ...r, content: r.content ?? old.content } : r,
        );
        qc.invalidateQueries({ queryKey: ['materials'] });
        return true;
      } catch (e) {
        dirty.current = true;
        if (e instanceof ApiError && e.status === 409 && e.code === 'E_CONFLICT')
          setSave({ kind: 'conflict', message: e.message });
        else setSave({ kind: 'error', message: errorMessage(e) });
        return false;
      }
    },
    [record.id, qc],
  );

  // What autosave kept and no version holds yet (a closed tab, a crash): the editor opens on it.
  const draft = useQuery({
    queryKey: ['draft', record.id],
    queryFn: () => materialsApi.draft(record.id),
    enabled: editable,
    retry: false,
    staleTime: Infinity,
  });
  useEffect(() => {
    const d = draft.data;
    if (!d || !d.current || d.baseVersion !== versionRef.current || dirty.current || revRef.current) return;
    revRef.current = d.rev;
    setContent(toEditorContent(d.content as Partial<Material>));
    setSave({ kind: 'saved', at: dayjs(d.savedAt).format('HH:mm:ss'), auto: true });
  }, [draft.data]);

  // Autosave: the working copy two seconds after the last keystroke (and when leaving the page).
  useEffect(() => {
    if (!dirty.current) return;
    const t = setTimeout(() => void doSave(undefined, true), AUTOSAVE_MS);
    return () => clearTimeout(t);
  }, [content, doSave]);
  useEffect(() => {
    const h = (e: BeforeUnloadEvent) => {
      if (dirty.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', h);
    return () => {
      window.removeEventListener('beforeunload', h);
      if (dirty.current) void doSave(undefined, true);
    };
  }, [doSave]);

  const update = useCallback((f: (c: EditorContent) => EditorContent) => {
    dirty.current = true;
    setSave((s) => (s.kind === 'dirty' ? s : { kind: 'dirty' }));
    setContent(f);
  }, []);

  // Ctrl+S saves now.
  useEffect(() => {
    const h = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        // Saving without changes would only add an identical version (autosaved edits do make one).
        if (dirty.current || revRef.current) void doSave();
        else
          setSave((st) =>
            st.kind === 'idle' || st.kind === 'saved' ? { kind: 'saved', at: st.at ?? dayjs().format('HH:mm:ss') } : st,
          );
      }
    };
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, [doSave]);

  // Submitting shows the open findings and the 查重 result of the saved version first (review/SubmitDialog).
  const [submitOpen, setSubmitOpen] = useState(false);
  // Once opened the dialog stays mounted, so closing it animates like any other.
  const [submitUsed, setSubmitUsed] = useState(false);
  async function submit() {
    if (await doSave()) setSubmitOpen(true);
  }
  const withdraw = useWithdraw(record.id, setStatus);

  async function onImportFile(f: File) {
    setImportBusy(true);
    setImportErr(null);
    try {
      let m: Material;
      // The import parser (decode, clean, parse) is fetched with the first import, not with the page.
      const { contentWithFixes, importLocally } = await import('./localImport');
      try {
        // Unsaved and autosaved edits first become a version (the corrections of the structure in them are replayed).
        if (dirty.current || revRef.current) await doSave();
        const r = await materialsApi.uploadVersion(record.id, versionRef.current, f);
        m = r.content;
        revRef.current = 0;
        setVersion(r.version);
        versionRef.current = r.version;
        qc.invalidateQueries({ queryKey: ['versions', record.id] });
      } catch (e) {
        if (!isMissingRoute(e) || !/\.(txt|md)$/i.test(f.name)) throw e;
        m = await importLocally(f);
        dirty.current = true;
      }
      // The server has replayed the author's corrections of the structure; a local import replays them here.
      setContent(contentWithFixes(m, latest.current.fixes));
      setImportedMaterial(m);
      setImportOpen(false);
      if (dirty.current) void doSave('导入文件');
    } catch (e) {
      setImportErr(errorMessage(e));
    } finally {
      setImportBusy(false);
    }
  }

  const saveText = {
    idle: `第 ${version} 版`,
    dirty: '有未保存的修改',
    saving: '正在保存…',
    saved: save.auto
      ? `已自动保存 · 第 ${version} 版之后的修改 · ${save.at}`
      : `已保存 · 第 ${version} 版 · ${save.at}`,
    error: `保存失败：${save.message}`,
    conflict: '保存冲突',
  }[save.kind];
  // The toolbar does not change while typing: built once per save state, not per keystroke.
  const submitRef = useRef(submit);
  submitRef.current = submit;
  const withdrawRef = useRef(withdraw);
  withdrawRef.current = withdraw;
  /* eslint-disable react-hooks/exhaustive-deps -- the toolbar is rebuilt when the save state changes; nav, saveText and the record's kind/meeting are stable for one record */
  const toolbar = useMemo(
    () => (
      <Card size="small" className="no-print">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Link to={`/meetings/${record.meetingId}`}>
              ← {meeting.data ? `${meeting.data.year}年${meeting.data.kind}` : '返回会议'}
            </Link>
            <Typography.Text strong>
              {(MATERIAL_KIND_LABELS as Record<string, string>)[record.kind] ?? '材料'}
            </Typography.Text>
            <StatusTag status={status} />
            <Typography.Text
              type={save.kind === 'error' || save.kind === 'conflict' ? 'danger' : 'secondary'}
              data-testid="save-state"
              aria-live="polite"
            >
              {saveText}
            </Typography.Text>
          </Space>
          <Space wrap>
            {editable && (
              <Tooltip title="Ctrl+S">
                <Button onClick={() => void doSave()} loading={save.kind === 'saving'}>
                  保存
                </Button>
              </Tooltip>
            )}
            {editable && <Button onClick={() => setImportOpen(true)}>导入文件</Button>}
            <Button onClick={() => setVersionsOpen(true)}>版本记录</Button>
            <Button href={materialsApi.exportUrl(record.id)} download data-testid="export-docx">
              导出 Word
            </Button>
            <Button onClick={() => window.open(`/materials/${record.id}/print`, '_blank')}>打印</Button>
            {!isAuthor && <Button onClick={() => nav(`/materials/${record.id}/review`)}>审核视图</Button>}
            {editable && (
              <Button type="primary" onClick={() => submitRef.current()} data-testid="submit">
                {status === 'returned' ? '修改完成，重新提交' : '提交审核'}
              </Button>
            )}
            {isAuthor && (status === 'submitted' || status === 'resubmitted') && (
              <Button onClick={() => withdrawRef.current()} data-testid="withdraw">
                撤回
              </Button>
            )}
          </Space>
        </Space>
      </Card>
    ),
    [status, save, version, editable, isAuthor, meeting.data, record.id, doSave],
  );
  /* eslint-enable react-hooks/exhaustive-deps */
  const returnedComments = status === 'returned' ? (comments.data ?? NO_COMMENTS) : NO_COMMENTS;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {toolbar}
      {save.kind === 'conflict' && (
        <Alert
          type="error"
          showIcon
          title="材料已在其他地方被修改"
          description="为避免覆盖他人的修改，本次未保存。请复制您的修改后刷新页面。"
          action={<Button onClick={() => location.reload()}>刷新</Button>}
        />
      )}
      {!editable && isAuthor && (
        <Alert
          type="info"
          showIcon
          title={
            status === 'approved'
              ? '材料已审核通过，不能再修改。'
              : '材料已提交审核，审核期间不能修改；审核人处理前可以撤回。'
          }
          action={
            status === 'approved' ? (
              <Link to="/ledger?org=mine" data-testid="my-ledger-link">
                整改措施已转入整改台账 →
              </Link>
            ) : undefined
          }
        />
      )}
      {!isAuthor && <Alert type="info" showIcon title="您正在查看他人的材料（只读）。" />}
      {status === 'returned' && returnedComments.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="returned-banner"
          title={`材料被退回，共 ${returnedComments.length} 条审核意见`}
          description="意见已标注在对应的段落旁，修改后请重新提交。"
        />
      )}
      {isAuthor && (comments.data ?? NO_COMMENTS).length > 0 && (
        <Card size="small" title="审核意见与答复" className="no-print" data-testid="comment-threads">
          <Suspense fallback={null}>
            <CommentThreads
              materialId={record.id}
              comments={comments.data ?? NO_COMMENTS}
              canRespond={status !== 'approved'}
              currentVersion={version}
            />
          </Suspense>
        </Card>
      )}
      {(submitOpen || submitUsed) && (
        <Suspense fallback={null}>
          <SubmitDialog
            materialId={record.id}
            version={version}
            resubmit={status === 'returned'}
            open={submitOpen}
            onClose={() => {
              setSubmitOpen(false);
              setSubmitUsed(true);
            }}
            onSubmitted={(st) => {
              setSubmitOpen(false);
              setSubmitUsed(true);
              setStatus(st);
            }}
          />
        </Suspense>
      )}
      {importedMaterial && (
        <Suspense fallback={null}>
          <ImportReport
            material={importedMaterial}
            onDismiss={() => {
              setImportedMaterial(null);
              clearImported();
            }}
            onRestructure={editable ? () => setMode('structure') : undefined}
          />
        </Suspense>
      )}
      <div className="split">
        <div>
          {editable && (
            <Segmented
              className="no-print"
              style={{ marginBottom: 8 }}
              aria-label="编辑方式"
              data-testid="editor-mode"
              value={mode}
              onChange={(v) => setMode(v as 'content' | 'structure')}
              options={[
                { label: '编辑内容', value: 'content' },
                { label: '调整结构', value: 'structure' },
              ]}
            />
          )}
          {editable && mode === 'structure' ? (
            <Card size="small" title="调整结构">
              <StructureView
                content={content}
                update={update}
                framework={framework}
                byMeeting={!!meeting.data?.frameworkId}
                frameworks={fws.data ?? []}
                readOnly={!editable}
              />
            </Card>
          ) : (
            <MaterialForm
              content={content}
              update={update}
              framework={framework}
              outline={view.stale ? null : (view.checks.result?.outline ?? null)}
              comments={returnedComments}
              readOnly={!editable}
              counts={view.counts}
            />
          )}
        </div>
        <div className="sticky">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            全文预览（{view.textReady ? `${wordCount(view.text)} 字` : '正在统计字数…'}）
          </Typography.Text>
          <TextPreview lines={view.lines} marks={view.marks} onMarkClick={onMarkClick} />
        </div>
        <div className="sticky checks-col no-print">
          <Card size="small">
            <ChecksPanel
              findings={view.findings}
              pending={view.checks.pending}
              stale={view.stale}
              engine={view.checks.result?.engine}
              similarity={simState}
              comments={comments.data ?? NO_COMMENTS}
              activeId={view.activeId}
              onSelect={view.select}
            />
          </Card>
          {/* What the ledger will make of the saved version: each measure and the problem it answers.
              Read when opened; remounted per version so the proposal follows the last save. */}
          <Collapse
            size="small"
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'links',
                label: '整改措施与问题的对应',
                children: <MeasureLinks key={version} materialId={record.id} editable={false} title="" />,
              },
            ]}
          />
        </div>
      </div>
      {versionsOpen && (
        <Suspense fallback={null}>
          <VersionsDrawer id={record.id} open onClose={() => setVersionsOpen(false)} current={version} />
        </Suspense>
      )}
      <Modal
        open={importOpen}
        onCancel={() => setImportOpen(false)}
        footer={null}
        title="导入文件（将作为新版本替换当前内容）"
      >
        <ImportDropzone onFile={onImportFile} busy={importBusy} error={importErr} />
      </Modal>
    </Space>
  );
}
