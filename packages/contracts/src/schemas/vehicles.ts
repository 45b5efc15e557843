import { z } from 'zod';

import type { Language } from '../errors.ts';
import { isPlate, isPlateColor, isPlateColorConsistent, isResidentId, isVin, normalizePlate, plateColors, type PlateColor } from '../validators/index.ts';
import { mobile, optionalText, pageQuery, personName, requiredText } from './common.ts';

/** Vehicle types a filing row may name (车辆类型), with the words users see. */
export const vehicleTypes = ['van', 'flatbed', 'refrigerated', 'container_tractor', 'tank', 'other'] as const;
export type VehicleType = (typeof vehicleTypes)[number];

export const vehicleTypeLabels: Record<VehicleType, string> = {
  van: '厢式货车',
  flatbed: '平板货车',
  refrigerated: '冷藏车',
  container_tractor: '集装箱牵引车',
  tank: '罐式货车',
  other: '其他',
};

export const plateColorLabels: Record<PlateColor, string> = {
  blue: '蓝色',
  yellow: '黄色',
  green: '绿色',
  yellow_green: '黄绿色',
  black: '黑色',
  white: '白色',
};

/** 暂存 → 申报 → 审核通过 | 退回; a returned filing may be edited and declared again. */
export const filingStatuses = ['draft', 'declared', 'approved', 'returned'] as const;
export type FilingStatus = (typeof filingStatuses)[number];

export const filingStatusLabels: Record<FilingStatus, string> = {
  draft: '暂存',
  declared: '已申报',
  approved: '审核通过',
  returned: '退回',
};

/** The same words in English, as the web's English pages and the English sheets write them. */
export const vehicleTypeLabelsEn: Record<VehicleType, string> = {
  van: 'Box van',
  flatbed: 'Flatbed truck',
  refrigerated: 'Refrigerated truck',
  container_tractor: 'Container tractor',
  tank: 'Tank truck',
  other: 'Other',
};
export const plateColorLabelsEn: Record<PlateColor, string> = { blue: 'Blue', yellow: 'Yellow', green: 'Green', yellow_green: 'Yellow-green', black: 'Black', white: 'White' };
export const filingStatusLabelsEn: Record<FilingStatus, string> = { draft: 'Draft', declared: 'Declared', approved: 'Approved', returned: 'Returned' };

export const filingHistoryActions = ['created', 'updated', 'declared', 'approved', 'returned', 'vehicle_cancelled', 'vehicle_changed'] as const;
export type FilingHistoryAction = (typeof filingHistoryActions)[number];

export const vehicleStatuses = ['active', 'cancelled'] as const;
export type VehicleStatus = (typeof vehicleStatuses)[number];

export const vehicleStatusLabels: Record<VehicleStatus, string> = { active: '在用', cancelled: '已注销' };
export const vehicleStatusLabelsEn: Record<VehicleStatus, string> = { active: 'Active', cancelled: 'Cancelled' };

/** Each set of words by language: for what the server writes in the asker's language (the sheets). */
export const vehicleTypeWords: Record<Language, Record<VehicleType, string>> = { 'zh-CN': vehicleTypeLabels, en: vehicleTypeLabelsEn };
export const plateColorWords: Record<Language, Record<PlateColor, string>> = { 'zh-CN': plateColorLabels, en: plateColorLabelsEn };
export const filingStatusWords: Record<Language, Record<FilingStatus, string>> = { 'zh-CN': filingStatusLabels, en: filingStatusLabelsEn };
export const vehicleStatusWords: Record<Language, Record<VehicleStatus, string>> = { 'zh-CN': vehicleStatusLabels, en: vehicleStatusLabelsEn };

/** Road-transport permit number (道路运输证号): usually 12 digits; older and provincial forms vary. */
export function isPermitNo(value: string): boolean {
  return /^[0-9A-Z]{6,20}$/.test(value);
}

const requiredOrType = (issue: { input?: unknown }) => (issue.input === undefined ? 'REQUIRED' : 'INVALID_TYPE');
const requiredOrValue = (issue: { input?: unknown }) => (issue.input === undefined ? 'REQUIRED' : 'INVALID_VALUE');
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Normalized (half-width, upper-case, no spaces) before it is checked and stored. */
export const plateInput = z
  .string({ error: requiredOrType })
  .overwrite(normalizePlate)
  .min(1, { message: 'REQUIRED' })
  .refine(isPlate, { message: 'PLATE_INVALID' });

const residentIdInput = z
  .string({ error: requiredOrType })
  .trim()
  .toUpperCase()
  .min(1, { message: 'REQUIRED' })
  .refine((value) => isResidentId(value), { message: 'ID_NO_INVALID' });

const optionalCoded = (check: (value: string) => boolean, code: 'VIN_INVALID' | 'PERMIT_NO_INVALID') =>
  z
    .string({ error: 'INVALID_TYPE' })
    .trim()
    .toUpperCase()
    .refine((value) => value === '' || check(value), { message: code })
    .optional()
    .nullable()
    .transform((value) => (value ? value : null));

/** One body row (表体) as entered; `seq` is not entered, the server numbers rows in order. */
export const filingVehicleInput = z
  .object(
    {
      plate: plateInput,
      plateColor: z.enum(plateColors, { error: requiredOrValue }),
      vehicleType: z.enum(vehicleTypes, { error: requiredOrValue }),
      ratedLoadKg: z
        .number({ error: requiredOrType })
        .int({ message: 'INVALID_VALUE' })
        .min(1, { message: 'TOO_SMALL' })
        .max(100_000, { message: 'TOO_BIG' }),
      driverName: personName,
      driverIdNo: residentIdInput,
      driverPhone: mobile,
      vin: optionalCoded(isVin, 'VIN_INVALID'),
      permitNo: optionalCoded(isPermitNo, 'PERMIT_NO_INVALID'),
      /** A change (变更): the fleet vehicle, same plate, whose data this row replaces once approved. */
      replacesVehicleId: z
        .string({ error: 'INVALID_TYPE' })
        .trim()
        .refine((value) => uuidShape.test(value), { message: 'REPLACED_VEHICLE_INVALID' })
        .optional()
        .nullable()
        .transform((value) => value ?? null),
    },
    { error: requiredOrType },
  )
  // Runs even when other fields of the row failed, so one 400 marks every bad field at once.
  .superRefine(
    (row, ctx) => {
      const { plate, plateColor } = row as { plate?: unknown; plateColor?: unknown };
      if (typeof plate !== 'string' || typeof plateColor !== 'string') return;
      if (!isPlate(plate) || !isPlateColor(plateColor)) return;
      if (!isPlateColorConsistent(plate, plateColor)) ctx.addIssue({ code: 'custom', path: ['plateColor'], message: 'PLATE_COLOR_MISMATCH' });
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type FilingVehicleInput = z.input<typeof filingVehicleInput>;
export type FilingVehicleData = z.output<typeof filingVehicleInput>;

/** Indexes of rows whose (valid) plate already appeared in an earlier row. */
export function duplicatePlateIndexes(plates: readonly unknown[]): number[] {
  const seen = new Set<string>();
  const duplicates: number[] = [];
  plates.forEach((plate, index) => {
    if (typeof plate !== 'string' || !isPlate(plate)) return;
    if (seen.has(plate)) duplicates.push(index);
    else seen.add(plate);
  });
  return duplicates;
}

/** The body: 1..max rows, a plate at most once (the later row is the one marked). */
export function filingVehiclesInput(max: number) {
  return z
    .array(filingVehicleInput, { error: requiredOrType })
    .min(1, { message: 'REQUIRED' })
    .max(max, { message: 'TOO_LONG' })
    .superRefine(
      (rows, ctx) => {
        const plates = rows.map((row) => (typeof row === 'object' && row !== null ? (row as { plate?: unknown }).plate : undefined));
        for (const index of duplicatePlateIndexes(plates)) {
          ctx.addIssue({ code: 'custom', path: [index, 'plate'], message: 'PLATE_DUPLICATE' });
        }
      },
      { when: (payload) => Array.isArray(payload.value) },
    );
}

export const MAX_FILING_VEHICLES = 500;
export const MAX_IMPORT_ROWS = 5000;

/** What the user enters in the header (表头); the enterprise fields are filled by the system. */
export const filingHeaderInput = z.object(
  {
    contactName: personName,
    contactPhone: mobile,
    remarks: optionalText(500),
  },
  { error: requiredOrType },
);

/** `POST /vehicle-filings` (暂存) and `PUT /vehicle-filings/{id}`. */
export const saveFilingRequest = z.object({
  header: filingHeaderInput,
  vehicles: filingVehiclesInput(MAX_FILING_VEHICLES),
});
export type SaveFilingRequest = z.input<typeof saveFilingRequest>;
export type SaveFilingData = z.output<typeof saveFilingRequest>;

export const filingHeader = z.object({
  enterpriseName: z.string(),
  uscc: z.string(),
  customsCode: z.string().nullable(),
  /** 申报人: who declared the filing (who created it, before it is declared). */
  declarant: z.string().nullable(),
  contactName: z.string(),
  contactPhone: z.string(),
  remarks: z.string().nullable(),
});

export const filingVehicle = z.object({
  seq: z.number().int(),
  plate: z.string(),
  plateColor: z.enum(plateColors),
  vehicleType: z.enum(vehicleTypes),
  ratedLoadKg: z.number().int(),
  driverName: z.string(),
  driverIdNo: z.string(),
  driverPhone: z.string(),
  vin: z.string().nullable(),
  permitNo: z.string().nullable(),
  replacesVehicleId: z.string().nullable(),
  /** The fleet vehicle this row became or updated, once approved. */
  vehicleId: z.string().nullable(),
});
export type FilingVehicle = z.infer<typeof filingVehicle>;

export const filingHistoryEntry = z.object({
  at: z.string(),
  /** Username of who did it. */
  actor: z.string().nullable(),
  action: z.enum(filingHistoryActions),
  detail: z.string().nullable(),
});
export type FilingHistoryEntry = z.infer<typeof filingHistoryEntry>;

export const vehicleFiling = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  status: z.enum(filingStatuses),
  header: filingHeader,
  vehicles: z.array(filingVehicle),
  returnReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  declaredAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  history: z.array(filingHistoryEntry),
});
export type VehicleFiling = z.infer<typeof vehicleFiling>;

/** A line of the list page (and of the reviewers' queue). */
export const vehicleFilingSummary = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  status: z.enum(filingStatuses),
  contactName: z.string(),
  vehicleCount: z.number().int(),
  plates: z.array(z.string()),
  returnReason: z.string().nullable(),
  createdAt: z.string(),
  declaredAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});
export type VehicleFilingSummary = z.infer<typeof vehicleFilingSummary>;

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'INVALID_VALUE' })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { message: 'INVALID_VALUE' });

const plateFilter = z.string().max(20, { message: 'TOO_LONG' }).overwrite(normalizePlate).optional();

/** `GET /vehicle-filings` (and its export): status, plate, declaration dates (Asia/Shanghai days). */
export const filingListQuery = pageQuery.extend({
  status: z.enum(filingStatuses, { message: 'INVALID_VALUE' }).optional(),
  plate: plateFilter,
  declaredFrom: calendarDate.optional(),
  declaredTo: calendarDate.optional(),
});
export type FilingListQuery = z.output<typeof filingListQuery>;

/** `GET /review/vehicle-filings`: the queue is the declared ones, oldest first. */
export const reviewListQuery = pageQuery.extend({
  status: z.enum(['declared', 'approved', 'returned'], { message: 'INVALID_VALUE' }).default('declared'),
  plate: plateFilter,
});
export type ReviewListQuery = z.output<typeof reviewListQuery>;

export const returnFilingRequest = z.object({ reason: requiredText(500) });

export const vehicle = z.object({
  id: z.string(),
  plate: z.string(),
  plateColor: z.enum(plateColors),
  vehicleType: z.enum(vehicleTypes),
  ratedLoadKg: z.number().int(),
  driverName: z.string(),
  driverIdNo: z.string(),
  driverPhone: z.string(),
  vin: z.string().nullable(),
  permitNo: z.string().nullable(),
  status: z.enum(vehicleStatuses),
  filingId: z.string(),
  approvedAt: z.string(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Vehicle = z.infer<typeof vehicle>;

/** `GET /vehicles` (and its export): the fleet, active vehicles unless asked otherwise. */
export const vehicleListQuery = pageQuery.extend({
  status: z.enum(vehicleStatuses, { message: 'INVALID_VALUE' }).default('active'),
  plate: plateFilter,
});
export type VehicleListQuery = z.output<typeof vehicleListQuery>;

export const cancelVehicleRequest = z.object({ reason: optionalText(500) });

/** `POST /vehicle-filings/import`: rows ready for the form, and what was wrong with the others. */
export const importedVehicle = filingVehicle.omit({ vehicleId: true }).extend({
  /** The spreadsheet row it came from. */
  row: z.number().int(),
});
export type ImportedVehicle = z.infer<typeof importedVehicle>;

export const importError = z.object({
  /** Spreadsheet row number (1 is the header). */
  row: z.number().int(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importError>;

export const importVehiclesResponse = z.object({ rows: z.array(importedVehicle), errors: z.array(importError) });
export type ImportVehiclesResponse = z.infer<typeof importVehiclesResponse>;
