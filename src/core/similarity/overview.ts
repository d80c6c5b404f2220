/**
 * What the 查重 overview of a meeting and the side-by-side view answer: the shapes the server sends
 * and the web reads, declared once.
 */
import type { SidePassage } from './side-by-side.js';

/** A source of one material in the overview. */
export interface OverviewSource {
  /** Position in the material's 查重 report (opens the side-by-side view). */
  index: number;
  label: string;
  readable: boolean;
  title: string | null;
  year: number | null;
  coverage: number;
}

/** One material of the meeting in the overview. */
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

export interface SimilarityOverview {
  meetingId: string;
  theme: string;
  materials: OverviewRow[];
}

export interface SideBySideView {
  materialId: string;
  title: string;
  version: number;
  index: number;
  source: { label: string; readable: boolean; title: string | null; year: number | null; coverage: number };
  passages: SidePassage[];
}
