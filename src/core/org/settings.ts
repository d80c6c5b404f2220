/** The settings an organization sets for itself and its descendants, by key (stored by storage/repositories/org-settings.ts). */
export const ORG_SETTING_KEYS = {
  /** Days after the meeting the report to the superior is due (default 15). */
  reportDeadlineDays: 'procedure.report_deadline_days',
} as const;
