/** The meeting procedure's pure core: talks, quorum, agenda, appraisal, opinions, report, deadline. */
export * from './participants.js';
export * from './dates.js';
export * from './talks.js';
export * from './attendance.js';
export * from './agenda.js';
export * from './appraisal.js';
export * from './opinions.js';
export * from './deadline.js';
export * from './report.js';
export * from './ledger-drafts.js';
export * from './policy.js';
