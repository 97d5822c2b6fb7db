export * from './domain.js';
export * from './money.js';
export * from './time.js';
export * from './phone.js';
export * from './tiers.js';
export * from './audit.js';
export * from './insights/bgnbd.js';
export * from './coupons/index.js';
