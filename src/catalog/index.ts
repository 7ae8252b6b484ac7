/** The RDP knowledge catalog: events, code tables, event descriptions. */
export * from './types.js';
export * from './events.js';
export * from './codes/index.js';
export * from './describe.js';
export * from './patterns.js';
export * from './logs.js';
export * from './explain.js';
export * from './sources.js';
