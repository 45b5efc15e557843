/**
 * Vehicle identification number: 17 upper-case chars from A-Z and 0-9 without I, O, Q.
 *
 * No check-digit test: position 9 is a check digit only under the North American rules;
 * GB 16735 does not make it reliable for vehicles built for the Chinese market, and real
 * VINs fail it, so testing it would reject genuine vehicles.
 */
export function isVin(value: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(value);
}
