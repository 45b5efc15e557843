export { liveRoutes } from './routes.ts';
export { canSee } from './visibility.ts';
