/** Measure ↔ problem links of a material (GET /api/ledger/from-material/:id/links): the contract's shapes. */
export type { MeasureLink, MeasureLinkChoice, MeasureLinksView } from '../../../../src/contract/ledger';
