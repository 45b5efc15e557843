/** Customs registration code (海关编码 of a consignor/consignee): exactly 10 chars of 0-9 / A-Z, upper case. */
export function isCustomsCode(value: string): boolean {
  return /^[0-9A-Z]{10}$/.test(value);
}
