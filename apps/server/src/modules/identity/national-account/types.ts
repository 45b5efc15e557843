/**
 * The national single-window account service (国家标准版账号服务), as our platform sees it.
 *
 * An enterprise can register "linked" to its national account: the user proves control of the
 * national account either with the administrator's username + password, or with a card number
 * + card PIN (法人卡 / 卡介质). We ask the national service and import the enterprise master data.
 */

/** Administrator username + password, or card number + card PIN. */
export type NationalCredentials = { username: string; password: string } | { cardNo: string; pin: string };

/** The enterprise master data the national service returns for verified credentials. */
export interface NationalEnterprise {
  /** The national service's own stable id for the enterprise; several credentials may share it. */
  nationalId: string;
  name: string;
  /** Unified social credit code (统一社会信用代码), 18 characters. */
  uscc: string;
  /** Customs registration code (海关编码), 10 characters, when the enterprise has one. */
  customsCode: string | null;
  address: string | null;
  contactName: string;
  contactPhone: string;
}

export interface NationalAccountService {
  /**
   * Resolves with the enterprise the credentials belong to, or rejects with an `AppError` whose
   * code is one of NATIONAL_ACCOUNT_UNKNOWN, NATIONAL_PASSWORD_WRONG, NATIONAL_CARD_UNKNOWN,
   * NATIONAL_CARD_PIN_WRONG, NATIONAL_CARD_LOCKED or NATIONAL_SERVICE_UNAVAILABLE.
   */
  verify(credentials: NationalCredentials): Promise<NationalEnterprise>;
}
