import { isAwb, normalizeAwb, type AppointmentDetail, type AppointmentFlag, type AppointmentStatus, type Language, type Slot } from '@cargo-window/contracts';

/** The tag colour of each 申报状态 (exhaustive: a new status breaks the build here). */
export function statusColor(status: AppointmentStatus): string {
  switch (status) {
    case 'draft':
      return 'default';
    case 'submitted':
      return 'gold';
    case 'booked':
      return 'blue';
    case 'rejected':
      return 'red';
    case 'entered':
      return 'purple';
    case 'empty_confirmed':
      return 'green';
    case 'exited':
      return 'cyan';
    case 'cancelled':
      return 'default';
    case 'no_show':
      return 'volcano';
    default: {
      const unknown: never = status;
      return String(unknown);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The booking calendar.

/** How bookable a slot is for a flag: the cell's colour. */
export type SlotState = 'plenty' | 'few' | 'full' | 'closed' | 'past';

export interface SlotAvailability {
  state: SlotState;
  remaining: number;
  capacity: number;
}

/** `few` from this share of the capacity left (and always at 1 or 2 places). */
const FEW_SHARE = 0.3;

/**
 * A slot as the booking calendar shows it for one flag: `past` when it starts within the lead
 * time (or already began), `closed` when the terminal closed it or gives this flag no place,
 * `full` when every place is taken, else `few` / `plenty` by the places left.
 */
export function slotAvailability(slot: Pick<Slot, 'start' | 'capacity' | 'booked' | 'closed'>, flag: AppointmentFlag, now: number, minLeadMinutes = 0): SlotAvailability {
  const capacity = slot.capacity[flag];
  const remaining = Math.max(0, capacity - slot.booked[flag]);
  const startsAt = Date.parse(slot.start);
  if (Number.isFinite(startsAt) && startsAt - minLeadMinutes * 60_000 <= now) return { state: 'past', remaining, capacity };
  if (slot.closed || capacity === 0) return { state: 'closed', remaining, capacity };
  if (remaining === 0) return { state: 'full', remaining, capacity };
  const few = remaining <= Math.max(2, Math.ceil(capacity * FEW_SHARE));
  return { state: few ? 'few' : 'plenty', remaining, capacity };
}

export const isBookable = (state: SlotState) => state === 'plenty' || state === 'few';

// ---------------------------------------------------------------------------------------------
// AWB rows.

/** The canonical AWB (`176-12345675`) when the typed value is a valid one, else null. */
export function checkedAwb(value: string | null | undefined): string | null {
  if (!value) return null;
  const canonical = normalizeAwb(value.trim());
  return canonical && isAwb(canonical) ? canonical : null;
}

/** Indexes of rows repeating an earlier row's AWB (after normalising). */
export function duplicateAwbIndexes(values: readonly (string | null | undefined)[]): number[] {
  const seen = new Set<string>();
  const duplicates: number[] = [];
  values.forEach((value, index) => {
    const awb = checkedAwb(value);
    if (!awb) return;
    if (seen.has(awb)) duplicates.push(index);
    seen.add(awb);
  });
  return duplicates;
}

// ---------------------------------------------------------------------------------------------
// The query list.

export interface ListFilters {
  status?: AppointmentStatus;
  plate?: string;
  flag?: AppointmentFlag;
  businessNo?: string;
  appointmentNo?: string;
  createdFrom?: string;
  createdTo?: string;
}

/** The filters as query parameters (empty ones left out), for the list and its export. */
export function filterParams(filters: ListFilters): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) {
    const text = typeof value === 'string' ? value.trim() : '';
    if (text) params[key] = text;
  }
  return params;
}

/** `GET /appointments/export.xlsx` with the list's filters, in the page's language, for a plain download link. */
export function exportHref(apiBase: string, filters: ListFilters, language: Language): string {
  const query = new URLSearchParams({ ...filterParams(filters), lang: language }).toString();
  return `${apiBase}/appointments/export.xlsx?${query}`;
}

// ---------------------------------------------------------------------------------------------
// The detail page.

export interface EmptyDeclaration {
  seq: number;
  /** 空车 */
  declarationType: string;
  enterpriseName: string;
  declaredAt: string;
  actor: string | null;
}

/**
 * The empty-truck declaration rows (空车申报) of an appointment: the detail's `emptyDeclaration`;
 * for an answer without it (an older server), the `delivery_confirmed` / `pickup_confirmed`
 * history row's detail stands in.
 */
export function emptyDeclarations(detail: Pick<AppointmentDetail, 'history' | 'enterprise'> & { emptyDeclaration?: AppointmentDetail['emptyDeclaration'] }): EmptyDeclaration[] {
  const recorded = detail.emptyDeclaration;
  if (recorded) {
    const by = detail.history.find((entry) => entry.action === 'delivery_confirmed' || entry.action === 'pickup_confirmed')?.actor ?? null;
    return [{ seq: 1, declarationType: '空车', enterpriseName: recorded.enterpriseName, declaredAt: recorded.declaredAt, actor: by }];
  }
  return detail.history
    .filter((entry) => entry.action === 'delivery_confirmed' || entry.action === 'pickup_confirmed')
    .map((entry, index) => {
      const extra = entry.detail ?? {};
      return {
        seq: index + 1,
        declarationType: typeof extra.declarationType === 'string' ? extra.declarationType : '空车',
        enterpriseName: typeof extra.enterpriseName === 'string' ? extra.enterpriseName : detail.enterprise.name,
        declaredAt: entry.at,
        actor: entry.actor,
      };
    });
}

/** Which confirmation the detail page offers: 交货确认 / 提货确认 once the truck is inside, else none. */
export function confirmationFor(detail: Pick<AppointmentDetail, 'status' | 'flag'>): 'delivery' | 'pickup' | null {
  if (detail.status !== 'entered') return null;
  return detail.flag;
}

/** 取消预约: a submitted or booked appointment, before its slot starts. */
export function canCancel(detail: Pick<AppointmentDetail, 'status' | 'slot'>, now: number): boolean {
  if (detail.status !== 'submitted' && detail.status !== 'booked') return false;
  return Date.parse(detail.slot.start) > now;
}

/** 更换车辆/司机: a submitted or booked appointment (the slot stays). */
export const canChangeVehicle = (detail: Pick<AppointmentDetail, 'status'>) => detail.status === 'submitted' || detail.status === 'booked';

/** 修改 / 提交: only a draft. */
export const isDraft = (detail: Pick<AppointmentDetail, 'status'>) => detail.status === 'draft';
