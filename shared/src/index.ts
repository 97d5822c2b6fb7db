export * from './domain';
export * from './money';
export * from './time';
export * from './phone';
export * from './coupons';
