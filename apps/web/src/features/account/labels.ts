import type { NotificationKind } from '@cargo-window/contracts';

/**
 * The contracts' `notificationKindLabels`, repeated: importing them would bundle zod with the
 * page (the contracts' schema module builds its schemas at load). `labels.test.ts` keeps them equal.
 */
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
