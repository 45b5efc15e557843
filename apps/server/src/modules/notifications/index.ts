export { notificationRoutes } from './routes.ts';
export { notify } from './notify.ts';
export type { NotificationInput } from './notify.ts';
