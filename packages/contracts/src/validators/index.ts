export { isUscc, usccCheckChar, usccAlphabet } from './uscc.ts';
export { isResidentId, residentIdCheckChar } from './resident-id.ts';
export {
  normalizePlate,
  isPlate,
  plateColors,
  isPlateColor,
  isPlateColorConsistent,
} from './plate.ts';
export type { PlateColor } from './plate.ts';
export { normalizeAwb, isAwb } from './awb.ts';
export { isMobile } from './mobile.ts';
export { isVin } from './vin.ts';
export { isUsername, isPersonName, isStrongPassword } from './username.ts';
export { isCustomsCode } from './customs-code.ts';
