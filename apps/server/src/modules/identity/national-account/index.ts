export type { NationalAccountService, NationalCredentials, NationalEnterprise } from './types.ts';
export { createNationalAccountClient, NATIONAL_CLIENT_DEFAULT_TIMEOUT_MS, type NationalAccountClientOptions } from './http-client.ts';
export {
  startNationalSimulator,
  NATIONAL_CARD_MAX_PIN_ATTEMPTS,
  nationalSimulatorErrorStatus,
  type NationalSimulator,
  type NationalSimulatorErrorCode,
  type NationalSimulatorOptions,
} from './simulator.ts';
export {
  nationalTestAccounts,
  nationalTestCards,
  nationalTestEnterprises,
  nationalTestEnterprise,
  type NationalTestAccount,
  type NationalTestCard,
} from './fixtures.ts';
