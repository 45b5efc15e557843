import type { Language } from './errors.ts';
import type { NotificationKind } from './schemas/notifications.ts';

/**
 * What each kind of notice says, in each language, from the parameters its `data` carries. The
 * server stores the zh-CN text as the notice's `title` and `body` (the record) and answers API
 * clients in the language they ask for; the web shows the notice in the reader's chosen language
 * from its kind and data. A notice whose data lacks a parameter (one written before the parameters
 * were kept) shows its stored text.
 */
export interface NoticeParams {
  'filing.approved': { plates: string[] };
  'filing.returned': { plates: string[]; reason: string };
  /** `slot`: the slot's start as the terminal's clock shows it, `YYYY-MM-DD HH:mm`. */
  'appointment.booked': { plate: string; terminalName: string; slot: string; appointmentNo: string };
  'appointment.rejected': { plate: string; businessNo: string; reason: string };
  'appointment.no_show': { plate: string; appointmentNo: string };
  /** `when`: one slot's start (`YYYY-MM-DD HH:mm`) or a whole day (`YYYY-MM-DD`). */
  'slot.capacity_changed': { terminalName: string; when: string };
  /** `time`: when the barrier lifted, as the lane's clock shows it. */
  'gate.entered': { plate: string; gateCode: string; time: string };
  'gate.exited': { plate: string; gateCode: string; time: string };
}

export interface NoticeText {
  title: string;
  body: string;
}

type Texts<K extends NotificationKind> = Record<Language, (p: NoticeParams[K]) => NoticeText>;

/** A filing's plates as a notice names them: the first three, then how many in all. */
function plates(list: readonly string[], language: Language): string {
  const shown = list.slice(0, 3).join(language === 'en' ? ', ' : '、');
  if (list.length <= 3) return shown;
  return language === 'en' ? `${shown} and ${list.length - 3} more` : `${shown} 等${list.length}辆`;
}

const texts: { [K in NotificationKind]: Texts<K> } = {
  'filing.approved': {
    'zh-CN': (p) => ({ title: '车辆备案审核通过', body: `车辆备案（${plates(p.plates, 'zh-CN')}）已审核通过，车辆已加入车队。` }),
    en: (p) => ({ title: 'Vehicle filing approved', body: `The vehicle filing (${plates(p.plates, 'en')}) was approved; the vehicles are now in your fleet.` }),
  },
  'filing.returned': {
    'zh-CN': (p) => ({ title: '车辆备案被退回', body: `车辆备案（${plates(p.plates, 'zh-CN')}）被退回：${p.reason}` }),
    en: (p) => ({ title: 'Vehicle filing returned', body: `The vehicle filing (${plates(p.plates, 'en')}) was returned: ${p.reason}` }),
  },
  'appointment.booked': {
    'zh-CN': (p) => ({ title: '预约成功', body: `${p.plate} ${p.terminalName} ${p.slot} 预约成功，提交货预约编号 ${p.appointmentNo}` }),
    en: (p) => ({ title: 'Booking confirmed', body: `${p.plate} at ${p.terminalName}, ${p.slot}: booked, appointment no. ${p.appointmentNo}` }),
  },
  'appointment.rejected': {
    'zh-CN': (p) => ({ title: '预约已退回', body: `${p.plate} 的预约（业务统一编号 ${p.businessNo}）被货站退回：${p.reason}` }),
    en: (p) => ({ title: 'Booking rejected', body: `The booking of ${p.plate} (business no. ${p.businessNo}) was rejected by the terminal: ${p.reason}` }),
  },
  'appointment.no_show': {
    'zh-CN': (p) => ({ title: '预约未到场', body: `${p.plate} 的预约（提交货预约编号 ${p.appointmentNo}）已过时段且未入区，记为未到场` }),
    en: (p) => ({ title: 'No-show', body: `The booking of ${p.plate} (appointment no. ${p.appointmentNo}) passed its slot without entering the zone and is recorded as a no-show.` }),
  },
  'slot.capacity_changed': {
    'zh-CN': (p) => ({ title: '预约时段容量调整', body: `${p.terminalName} ${p.when} 的时段容量已调整，您的预约不受影响。` }),
    en: (p) => ({ title: 'Slot capacity changed', body: `The capacity of ${p.terminalName}'s slots at ${p.when} was changed; your bookings are not affected.` }),
  },
  'gate.entered': {
    'zh-CN': (p) => ({ title: `车辆${p.plate}已入区`, body: `${p.gateCode} ${p.time}` }),
    en: (p) => ({ title: `Truck ${p.plate} entered the zone`, body: `${p.gateCode} ${p.time}` }),
  },
  'gate.exited': {
    'zh-CN': (p) => ({ title: `车辆${p.plate}已出区`, body: `${p.gateCode} ${p.time}` }),
    en: (p) => ({ title: `Truck ${p.plate} left the zone`, body: `${p.gateCode} ${p.time}` }),
  },
};

/** The parameters of each kind, and whether each is a list of texts. */
const paramNames: { [K in NotificationKind]: { [P in keyof NoticeParams[K]]: 'text' | 'texts' } } = {
  'filing.approved': { plates: 'texts' },
  'filing.returned': { plates: 'texts', reason: 'text' },
  'appointment.booked': { plate: 'text', terminalName: 'text', slot: 'text', appointmentNo: 'text' },
  'appointment.rejected': { plate: 'text', businessNo: 'text', reason: 'text' },
  'appointment.no_show': { plate: 'text', appointmentNo: 'text' },
  'slot.capacity_changed': { terminalName: 'text', when: 'text' },
  'gate.entered': { plate: 'text', gateCode: 'text', time: 'text' },
  'gate.exited': { plate: 'text', gateCode: 'text', time: 'text' },
};

function isKind(kind: string): kind is NotificationKind {
  return Object.hasOwn(texts, kind);
}

/**
 * The notice of this kind in this language, from its data; null for a kind this version does not
 * know or data without every parameter (show the stored title and body then).
 */
export function noticeText(kind: string, data: Record<string, unknown> | null | undefined, language: Language): NoticeText | null {
  if (!isKind(kind) || !data) return null;
  for (const [name, type] of Object.entries(paramNames[kind])) {
    const value = data[name];
    const ok = type === 'texts' ? Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') : typeof value === 'string' && value !== '';
    if (!ok) return null;
  }
  return (texts[kind][language] as (p: unknown) => NoticeText)(data);
}

/**
 * A notice as a reader of this language is shown it: in zh-CN as stored (the record); in another
 * language made from its kind and data, or as stored when they cannot make it (a notice without its
 * parameters, a kind this version does not know).
 */
export function noticeInLanguage(notice: { kind: string; title: string; body: string; data?: unknown }, language: Language): NoticeText {
  const stored = { title: notice.title, body: notice.body };
  if (language === 'zh-CN') return stored;
  const data = notice.data !== null && typeof notice.data === 'object' && !Array.isArray(notice.data) ? (notice.data as Record<string, unknown>) : null;
  return noticeText(notice.kind, data, language) ?? stored;
}

/** The zh-CN text a notice is stored with, and its parameters to keep in its data. */
export function noticeRecord<K extends NotificationKind>(kind: K, params: NoticeParams[K]): NoticeText & { kind: K; params: NoticeParams[K] } {
  return { kind, ...texts[kind]['zh-CN'](params), params };
}
