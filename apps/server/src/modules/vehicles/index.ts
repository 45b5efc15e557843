export { vehicleRoutes } from './routes.ts';
export { createFiling } from './create-filing.ts';
export { declareFiling } from './declare-filing.ts';
export { approveFiling } from './approve-filing.ts';
