/** The rectification ledger (整改台账) core: model, workflow, creation, recurrence, views, permissions, notifications. */
export * from './model.js';
export * from './workflow.js';
export * from './create.js';
export * from './recurrence.js';
export * from './views.js';
export * from './policy.js';
export * from './notify.js';
export * from './evidence.js';
export * from './extension.js';
