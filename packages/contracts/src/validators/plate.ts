/**
 * Chinese motor-vehicle licence plates, GA 36-2018, limited to the kinds that may be filed
 * on this platform.
 *
 * Accepted:
 * - ordinary 7-char: province + authority letter + 5 serial chars (京A12345, 粤B8A88Z);
 * - trailer / coach: province + letter + 4 serial chars + 挂 or 学 (京A1234挂, 京A1234学);
 * - Hong Kong / Macau cross-border: 粤Z + 4 serial chars + 港 or 澳 (粤Z1234港). Only 粤Z
 *   issues these, so other authorities are rejected;
 * - new-energy 8-char, small: province + letter + [A-H J K] + letter-or-digit + 4 digits
 *   (京AD12345, 京ADA1234). GA 36-2018 started with D/F; the 2022 extension opened
 *   A B C E G H J K as well;
 * - new-energy 8-char, large: province + letter + 5 digits + D or F (京A12345D).
 *
 * Rejected on purpose (not filed here): police 警, embassy 使, consulate 领, emergency 应急,
 * military / armed-police plates (they have no province prefix), temporary plates, and any
 * plate with I or O in the authority letter or serial.
 */

const provinces = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const P = `[${provinces}]`;
const L = '[A-HJ-NP-Z]'; // letter without I, O
const S = '[A-HJ-NP-Z0-9]'; // serial char: letter without I, O, or digit

const ordinary = new RegExp(`^${P}${L}${S}{5}$`);
const trailerOrCoach = new RegExp(`^${P}${L}${S}{4}[挂学]$`);
const hongKongMacau = new RegExp(`^粤Z${S}{4}[港澳]$`);
const smallNewEnergy = new RegExp(`^${P}${L}[A-HJK]${S}[0-9]{4}$`);
const largeNewEnergy = new RegExp(`^${P}${L}[0-9]{5}[DF]$`);

// Full-width ASCII block U+FF01–U+FF5E maps 1:1 onto U+0021–U+007E.
const fullWidth = /[\uFF01-\uFF5E]/g;

/**
 * Canonical form for storage and comparison: trimmed, no spaces or middle dots anywhere,
 * full-width ASCII turned half-width, latin letters upper-cased. Chinese characters are kept.
 */
export function normalizePlate(value: string): string {
  return value
    .replace(fullWidth, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s·•]/g, '')
    .replace(/[a-z]/g, (c) => c.toUpperCase());
}

type PlateKind = 'ordinary' | 'trailer_or_coach' | 'hong_kong_macau' | 'small_new_energy' | 'large_new_energy';

function plateKind(plate: string): PlateKind | null {
  if (ordinary.test(plate)) return 'ordinary';
  if (trailerOrCoach.test(plate)) return 'trailer_or_coach';
  if (hongKongMacau.test(plate)) return 'hong_kong_macau';
  if (smallNewEnergy.test(plate)) return 'small_new_energy';
  if (largeNewEnergy.test(plate)) return 'large_new_energy';
  return null;
}

/** Expects the output of `normalizePlate`; unnormalized input (spaces, lowercase) is rejected. */
export function isPlate(value: string): boolean {
  return plateKind(value) !== null;
}

export const plateColors = ['blue', 'yellow', 'green', 'yellow_green', 'black', 'white'] as const;
export type PlateColor = (typeof plateColors)[number];

export function isPlateColor(value: string): value is PlateColor {
  return (plateColors as readonly string[]).includes(value);
}

/**
 * Whether the declared plate colour fits the plate's kind. Deliberately coarse: it only
 * catches clear contradictions (a green colour on a 7-char plate, a blue new-energy plate).
 * - small new-energy → green; large new-energy → yellow_green;
 * - 挂 / 学 → yellow; 港 / 澳 → black;
 * - ordinary 7-char → blue, yellow, black or white (size and use decide; we cannot tell).
 * Returns false for an invalid plate or an unknown colour. Expects a normalized plate.
 */
export function isPlateColorConsistent(plate: string, color: string): boolean {
  if (!isPlateColor(color)) return false;
  switch (plateKind(plate)) {
    case 'small_new_energy':
      return color === 'green';
    case 'large_new_energy':
      return color === 'yellow_green';
    case 'trailer_or_coach':
      return color === 'yellow';
    case 'hong_kong_macau':
      return color === 'black';
    case 'ordinary':
      return color !== 'green' && color !== 'yellow_green';
    case null:
      return false;
  }
}
