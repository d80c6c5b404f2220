/** The meeting procedure's part of the API contract: 征求意见, 谈心谈话, 会议记录, 会议情况报告, 民主评议, 档案. */
export * from './fields.js';
export * from './opinions.js';
export * from './talks.js';
export * from './record.js';
export * from './report.js';
export * from './appraisal.js';
export * from './archive.js';
