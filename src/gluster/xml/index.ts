export * from './cli-output.js';
export * from './brick-name.js';
export * from './peer-status.js';
export * from './volume-info.js';
export * from './volume-status.js';
export * from './heal-summary.js';
export * from './heal-info.js';
export * from './volume-get.js';
