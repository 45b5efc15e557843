/*
 * The contracts' `gateCodeLabels`, repeated here: it lives beside the gate zod schemas, and
 * importing it would keep them (and zod) in the bundle. `feed.test.ts` checks they are equal.
 */
export const gateCodeWords: Record<string, { 'zh-CN': string; en: string }> = {
  LIFT_IN: { 'zh-CN': '预约入区', en: 'Booked entry' },
  LIFT_OUT: { 'zh-CN': '确认出区', en: 'Confirmed exit' },
  MANUAL_OVERRIDE: { 'zh-CN': '人工抬杆', en: 'Manual lift' },
  VEHICLE_NOT_FILED: { 'zh-CN': '车辆未备案', en: 'Vehicle not filed' },
  VEHICLE_BLOCKED: { 'zh-CN': '车辆禁行', en: 'Vehicle blocked' },
  NO_APPOINTMENT: { 'zh-CN': '无预约', en: 'No appointment' },
  APPOINTMENT_PENDING: { 'zh-CN': '预约待货站确认', en: 'Awaiting terminal' },
  WRONG_TERMINAL: { 'zh-CN': '非本货站', en: 'Wrong terminal' },
  OUTSIDE_WINDOW: { 'zh-CN': '不在预约时段', en: 'Outside the window' },
  ALREADY_INSIDE: { 'zh-CN': '已在区内', en: 'Already inside' },
  NOT_INSIDE: { 'zh-CN': '无入区记录', en: 'Never entered' },
  NOT_CONFIRMED: { 'zh-CN': '未交货确认', en: 'Not confirmed' },
};
