export { identityRoutes } from './routes.ts';
export { bootstrapPlatformAdmin, createStaff } from './staff.ts';
export { registerStandalone, registerLinked } from './register-enterprise.ts';
export { createOperator } from './operators.ts';
export { login } from './login.ts';
export { isUuid } from './operators.ts';
export { accountRoutes } from './account-routes.ts';
export { webauthnRoutes } from './webauthn/index.ts';
