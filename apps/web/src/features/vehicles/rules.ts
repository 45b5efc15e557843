import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

import { isPlate, isPlateColorConsistent, isResidentId, isVin, normalizePlate, type ErrorCode, type PlateColor, type VehicleType } from '@cargo-window/contracts';

import { codeText } from '../../api/errors.ts';
import { codedRule, fieldRules, requiredRule } from '../forms/rules.ts';
import { isPermitNo } from './labels.ts';

/** One body row as the form holds it; the rated load stays text until it is sent. */
export interface VehicleRowValues {
  plate?: string;
  plateColor?: PlateColor;
  vehicleType?: VehicleType;
  ratedLoadKg?: string;
  driverName?: string;
  driverIdNo?: string;
  driverPhone?: string;
  vin?: string;
  permitNo?: string;
  /** A change (变更): the fleet vehicle this row replaces. Not a form field; kept in the row's value. */
  replacesVehicleId?: string | null;
}

export interface FilingFormValues {
  header: { contactName?: string; contactPhone?: string; remarks?: string };
  vehicles: VehicleRowValues[];
}

export const MAX_RATED_LOAD_KG = 100_000;

const upperTrim = (value: string) => value.trim().toUpperCase();

/** What the rated-load cell says about its text: a code, or null when it is a valid number. */
export function ratedLoadProblem(text: string): ErrorCode | null {
  const value = text.trim();
  if (/^-\d+$/.test(value)) return 'TOO_SMALL';
  if (!/^\d+$/.test(value)) return 'INVALID_VALUE';
  const kg = Number(value);
  if (kg < 1) return 'TOO_SMALL';
  if (kg > MAX_RATED_LOAD_KG) return 'TOO_BIG';
  return null;
}

/** Whether an earlier row already has this (valid, normalized) plate: the later row is the one marked, as on the server. */
export function isDuplicatePlate(rows: readonly (VehicleRowValues | undefined)[], index: number): boolean {
  const plate = normalizePlate(rows[index]?.plate ?? '');
  if (!isPlate(plate)) return false;
  return rows.slice(0, index).some((row) => normalizePlate(row?.plate ?? '') === plate);
}

/** A row nobody has typed into (the empty row Enter adds, or the first one). */
export function isBlankRow(row: VehicleRowValues | undefined): boolean {
  if (!row) return true;
  const { replacesVehicleId: _ignored, ...fields } = row;
  return Object.values(fields).every((value) => value === undefined || value === null || String(value).trim() === '');
}

/**
 * Blur-time rules of the body's cells: the contracts' validators, the catalog's messages. The
 * server checks again (and adds the fleet rules), and its field errors land on the same cells.
 */
export function vehicleRowRules(t: TFunction) {
  const required = requiredRule(t);
  const requiredChoice: FormRule = { required: true, message: codeText(t, 'REQUIRED') };
  const rules = fieldRules(t);
  return {
    plate: (index: number): FormRule[] => [
      required,
      codedRule(t, isPlate, 'PLATE_INVALID', normalizePlate),
      ({ getFieldValue }) => ({
        validator: async () => {
          if (isDuplicatePlate(getFieldValue('vehicles') ?? [], index)) throw new Error(codeText(t, 'PLATE_DUPLICATE'));
        },
      }),
    ],
    plateColor: (index: number): FormRule[] => [
      requiredChoice,
      ({ getFieldValue }) => ({
        validator: async (_rule, color: unknown) => {
          const plate = normalizePlate(String(getFieldValue(['vehicles', index, 'plate']) ?? ''));
          if (typeof color !== 'string' || !isPlate(plate)) return;
          if (!isPlateColorConsistent(plate, color)) throw new Error(codeText(t, 'PLATE_COLOR_MISMATCH'));
        },
      }),
    ],
    vehicleType: [requiredChoice],
    ratedLoadKg: [
      required,
      {
        validator: async (_rule, value: unknown) => {
          if (value === undefined || value === null || value === '') return;
          const problem = ratedLoadProblem(String(value));
          if (problem) throw new Error(codeText(t, problem));
        },
      },
    ] satisfies FormRule[],
    driverName: [required, rules.personName],
    driverIdNo: [required, codedRule(t, (v) => isResidentId(v), 'ID_NO_INVALID', upperTrim)],
    driverPhone: [required, rules.mobile],
    vin: [codedRule(t, isVin, 'VIN_INVALID', upperTrim)],
    permitNo: [codedRule(t, isPermitNo, 'PERMIT_NO_INVALID', upperTrim)],
  };
}
