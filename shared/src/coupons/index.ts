export * from './types.js';
export * from './describe.js';
export * from './evaluator.js';
