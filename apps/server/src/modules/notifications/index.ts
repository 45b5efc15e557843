export { notificationRoutes } from './routes.ts';
export { noticeEvent, notify } from './notify.ts';
export type { NotificationInput } from './notify.ts';
