import type { TFunction } from 'i18next';

import { isApiError } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';

/**
 * What to tell the user when a key ceremony fails: the server's coded problem, or what the
 * browser said (cancelled, timed out, wrong address, key already bound, no PIN support).
 * `@simplewebauthn/browser` names its errors by `code`; plain DOMExceptions by `name`.
 */
export function webauthnErrorText(t: TFunction, error: unknown): string {
  if (isApiError(error)) return errorText(t, error);
  const e = error as { name?: string; code?: string; message?: string } | null;
  if (e?.name === 'WebAuthnUnsupportedError') return t('webauthn.unsupported');
  switch (e?.code) {
    case 'ERROR_CEREMONY_ABORTED':
      return t('webauthn.cancelled');
    case 'ERROR_INVALID_DOMAIN':
    case 'ERROR_INVALID_RP_ID':
      return t('webauthn.insecure');
    case 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED':
      return t('webauthn.alreadyBound');
    case 'ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT':
      return t('webauthn.noUserVerification');
    default:
      break;
  }
  switch (e?.name) {
    case 'NotAllowedError':
    case 'AbortError':
      return t('webauthn.cancelled');
    case 'SecurityError':
      return t('webauthn.insecure');
    case 'InvalidStateError':
      return t('webauthn.alreadyBound');
    case 'NotSupportedError':
      return t('webauthn.unsupported');
    default:
      return t('webauthn.failed', { message: e?.message ?? String(error) });
  }
}
