export * from './errors.ts';
export * from './permissions.ts';
export * from './validators/index.ts';
export * from './schemas/common.ts';
export * from './schemas/identity.ts';
