// The live panel's model, without React: gather (poller), read (analyze),
// judge (findings, verdict) and fix (plans, runPlan).
export * from './section.js';
export * from './snapshot.js';
export * from './poller.js';
export * from './report.js';
export * from './analyze.js';
export * from './findings.js';
export * from './verdict.js';
export * from './trend.js';
export * from './quorum.js';
export * from './plans.js';
export * from './fix.js';
export * from './brick-mounts.js';
export * from './host-probe.js';
export * from './names.js';
export * from './format.js';
export * from './print.js';
