import { z } from 'zod';

import { pageQuery } from './common.ts';

/** Kinds this platform sends; each person chooses which to receive. */
export const notificationKinds = [
  'filing.approved',
  'filing.returned',
  'appointment.booked',
  'appointment.rejected',
  'appointment.no_show',
  'slot.capacity_changed',
  'gate.entered',
  'gate.exited',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationKindLabels: Record<NotificationKind, { 'zh-CN': string; en: string }> = {
  'filing.approved': { 'zh-CN': '备案审核通过', en: 'Filing approved' },
  'filing.returned': { 'zh-CN': '备案被退回', en: 'Filing returned' },
  'appointment.booked': { 'zh-CN': '预约成功', en: 'Booking confirmed' },
  'appointment.rejected': { 'zh-CN': '预约被退回', en: 'Booking rejected' },
  'appointment.no_show': { 'zh-CN': '预约未到场', en: 'No-show' },
  'slot.capacity_changed': { 'zh-CN': '时段容量变更', en: 'Slot capacity changed' },
  'gate.entered': { 'zh-CN': '车辆入区', en: 'Truck entered' },
  'gate.exited': { 'zh-CN': '车辆出区', en: 'Truck exited' },
};

/** `PUT /me/notification-preferences`: the kinds the person does not want. */
export const notificationPreferences = z.object({
  muted: z.array(z.enum(notificationKinds, { message: 'INVALID_VALUE' })).max(notificationKinds.length),
});
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

export const notification = z.object({
  id: z.string(),
  kind: z.string(),
  /** In the asker's language (`Accept-Language`: zh-CN unless English is asked for); as stored for a notice without its parameters. */
  title: z.string(),
  body: z.string(),
  /**
   * What the notice is about, for a link (e.g. `{ filingId }`), and the parameters its text is made
   * of (e.g. `{ plates, reason }`), from which a client says it in another language (notices.ts).
   */
  data: z.record(z.string(), z.unknown()).describe('What the notice is about (ids for a link) and the parameters its text is made of, per kind: filing.approved { plates }, filing.returned { plates, reason }, appointment.booked { plate, terminalName, slot, appointmentNo }, appointment.rejected { plate, businessNo, reason }, appointment.no_show { plate, appointmentNo }, slot.capacity_changed { terminalName, when }, gate.entered and gate.exited { plate, gateCode, time }'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;

/** `GET /notifications`: newest first; `?unread=true` for the unread ones, `?kind=` for one kind. */
export const notificationListQuery = pageQuery.extend({
  unread: z
    .enum(['true', 'false'], { message: 'INVALID_VALUE' })
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
  kind: z.string().trim().min(1, { message: 'REQUIRED' }).max(64, { message: 'TOO_LONG' }).optional(),
});
export type NotificationListQuery = z.output<typeof notificationListQuery>;

export const notificationCount = z.object({ count: z.number().int() });
