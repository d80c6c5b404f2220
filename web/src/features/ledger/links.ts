/** Measure ↔ problem links of a material (GET /api/ledger/from-material/:id/links). */
import type { MeasureLink } from '../../../../src/core/ledger/link';

export type { MeasureLink };

export interface MeasureLinkChoice {
  measureIndex: number;
  problemIndex: number | null;
}

export interface MeasureLinksView {
  materialId: string;
  status: string;
  /** The viewer may make ledger items (and so correct the links). */
  mayCreate: boolean;
  problems: { index: number; aspect: string | null; heading: string; summary: string }[];
  measures: { index: number; heading: string; summary: string; deadline: string | null }[];
  links: MeasureLink[];
  /** Measures already in the ledger, with the problem their item carries. */
  made: { measureIndex: number; problemIndex: number | null; itemId: string; number: string }[];
}
