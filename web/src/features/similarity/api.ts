/** 查重 overview of a meeting and one source side by side (routes in src/server/routes/meetings/index.ts). */
import { api } from '../../api/client';
import type { SideBySideView, SimilarityOverview } from '../../../../src/contract/similarity';
export type { OverviewRow, OverviewSource, SideBySideView } from '../../../../src/contract/similarity';

export const similarityApi = {
  overview: (meetingId: string) => api.get<SimilarityOverview>(`/api/meetings/${meetingId}/similarity`),
  sideBySide: (materialId: string, n: number) =>
    api.get<SideBySideView>(`/api/materials/${materialId}/similarity/matches/${n}`),
};

export const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
