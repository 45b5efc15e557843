export { notificationRoutes } from './routes.ts';
export { NOTICE_EVENT_PREFIX, notice, noticeEvent, notify } from './notify.ts';
export type { NotificationInput } from './notify.ts';
