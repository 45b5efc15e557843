export { webauthnRoutes } from './routes.ts';
