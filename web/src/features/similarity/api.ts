/** 查重 overview of a meeting and one source side by side (routes in src/server/routes/meetings/index.ts). */
import { api } from '../../api/client';
import type { SidePassage } from '../../../../src/core/similarity/side-by-side';

export interface OverviewSource {
  index: number;
  label: string;
  readable: boolean;
  title: string | null;
  year: number | null;
  coverage: number;
}

export interface OverviewRow {
  id: string;
  title: string;
  kind: string;
  status: string;
  authorId: string;
  authorName: string | null;
  chars: number;
  copyRatio: number;
  copyRatioExcludingShared: number;
  stockRatio: number;
  stockPassages: number;
  longestRun: number;
  sources: OverviewSource[];
}

export interface SideBySideView {
  materialId: string;
  title: string;
  version: number;
  index: number;
  source: { label: string; readable: boolean; title: string | null; year: number | null; coverage: number };
  passages: SidePassage[];
}

export const similarityApi = {
  overview: (meetingId: string) =>
    api.get<{ meetingId: string; theme: string; materials: OverviewRow[] }>(`/api/meetings/${meetingId}/similarity`),
  sideBySide: (materialId: string, n: number) =>
    api.get<SideBySideView>(`/api/materials/${materialId}/similarity/matches/${n}`),
};

export const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
