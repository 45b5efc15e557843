import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

import { isCustomsCode, isMobile, isPersonName, isStrongPassword, isUscc, isUsername, type ErrorCode } from '@cargo-window/contracts';

import { codeText } from '../../api/errors.ts';

/** Same e-mail rule as the contracts' schema. */
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A blur-time rule from a contracts validator; the message is the catalog's for `code`. Empty passes (pair with `required`). */
export function codedRule(t: TFunction, check: (value: string) => boolean, code: ErrorCode, prepare: (value: string) => string = (v) => v.trim()): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      if (typeof value !== 'string' || !check(prepare(value))) throw new Error(codeText(t, code));
    },
  };
}

export const requiredRule = (t: TFunction): FormRule => ({ required: true, whitespace: true, message: codeText(t, 'REQUIRED') });

export const maxRule = (t: TFunction, max: number): FormRule => ({ max, message: codeText(t, 'TOO_LONG') });

/** Rules per field kind, all from `@cargo-window/contracts` validators. */
export function fieldRules(t: TFunction) {
  return {
    uscc: codedRule(t, isUscc, 'USCC_INVALID', (v) => v.trim().toUpperCase()),
    customsCode: codedRule(t, isCustomsCode, 'CUSTOMS_CODE_INVALID', (v) => v.trim().toUpperCase()),
    mobile: codedRule(t, isMobile, 'MOBILE_INVALID'),
    username: codedRule(t, isUsername, 'USERNAME_INVALID'),
    password: codedRule(t, isStrongPassword, 'PASSWORD_WEAK', (v) => v),
    personName: codedRule(t, isPersonName, 'NAME_INVALID'),
    email: codedRule(t, (v) => emailShape.test(v), 'EMAIL_INVALID'),
  };
}

/** Upper-cases codes as they are typed (USCC and customs codes are upper case by definition). */
export const upperCase = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value);

/** Trims a value before it is sent. */
export const trimmed = (value: string | undefined | null) => (value ?? '').trim();
