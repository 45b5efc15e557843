import type { TFunction } from 'i18next';

import type { FilingHistoryAction, FilingStatus, PlateColor, VehicleStatus, VehicleType } from '@cargo-window/contracts';

/*
 * The code lists of the contracts' vehicle schemas, repeated here because importing a value from
 * `@cargo-window/contracts/src/schemas` pulls zod into the bundle (see vite.config.ts). The
 * `satisfies` checks keep them inside the contracts' types; `labels.test.ts` checks they are equal.
 */
export const vehicleTypeCodes = ['van', 'flatbed', 'refrigerated', 'container_tractor', 'tank', 'other'] as const satisfies readonly VehicleType[];
export const filingStatusCodes = ['draft', 'declared', 'approved', 'returned'] as const satisfies readonly FilingStatus[];
export const vehicleStatusCodes = ['active', 'cancelled'] as const satisfies readonly VehicleStatus[];

/** Road-transport permit number, as the contracts' `isPermitNo` (which lives beside the zod schemas). */
export function isPermitNo(value: string): boolean {
  return /^[0-9A-Z]{6,20}$/.test(value);
}

export const plateColorLabel = (t: TFunction, color: PlateColor) => t(`vehicleLabels.plateColor.${color}`);
export const vehicleTypeLabel = (t: TFunction, type: VehicleType) => t(`vehicleLabels.vehicleType.${type}`);
export const filingStatusLabel = (t: TFunction, status: FilingStatus) => t(`vehicleLabels.filingStatus.${status}`);
export const vehicleStatusLabel = (t: TFunction, status: VehicleStatus) => t(`vehicleLabels.vehicleStatus.${status}`);
export const historyActionLabel = (t: TFunction, action: FilingHistoryAction) => t(`vehicleLabels.historyAction.${action}`);

/** Tag colour per filing status: 暂存 grey, 已申报 blue (waiting), 审核通过 green, 退回 red. */
export function filingStatusColor(status: FilingStatus): string {
  switch (status) {
    case 'draft':
      return 'default';
    case 'declared':
      return 'processing';
    case 'approved':
      return 'success';
    case 'returned':
      return 'error';
    default: {
      const unhandled: never = status;
      return unhandled;
    }
  }
}

/** Background swatch of a plate colour, for the small chip beside a plate. */
export const plateColorSwatch: Record<PlateColor, string> = {
  blue: '#1f4fbf',
  yellow: '#f5c400',
  green: 'linear-gradient(180deg, #f4fbf4 0%, #3dbb5a 100%)',
  yellow_green: 'linear-gradient(90deg, #f5c400 0 30%, #3dbb5a 30% 100%)',
  black: '#1b1b1b',
  white: '#ffffff',
};
