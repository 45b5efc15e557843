import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';

import type { FieldError } from '@cargo-window/contracts';

import { isApiError, NETWORK_ERROR } from './client.ts';

/** The message for an error code in the UI language: the contracts' catalog (`errors` namespace). */
export function codeText(t: TFunction, code: string, fallback?: string): string {
  if (code === NETWORK_ERROR) return t('app.networkError');
  return t(code, { ns: 'errors', defaultValue: fallback ?? code });
}

/** What to tell the user about any thrown error. */
export function errorText(t: TFunction, error: unknown): string {
  if (isApiError(error)) return codeText(t, error.code, error.problem.title);
  return codeText(t, 'INTERNAL');
}

/** `vehicles.2.plate` → ['vehicles', 2, 'plate'] (antd's name path). */
export function namePath(field: string): (string | number)[] {
  return field.split('.').filter(Boolean).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function hasPath(values: unknown, path: (string | number)[]): boolean {
  let node = values;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return true;
}

export interface ApplyFieldErrorsOptions {
  /** Server field → form field, where the two differ (e.g. `national` → `national.username`). */
  rename?: Record<string, string>;
}

/** A server's field error as placed on a field: its code, to say it again in another language. */
export interface PlacedFieldError {
  name: (string | number)[];
  code: string;
  message?: string;
  /** The text shown. */
  text: string;
}

/**
 * Shows a problem's field errors on the matching fields of an antd Form, message by code.
 * Returns the field errors no field of the form could show, so the caller can show them elsewhere
 * (and, through `placed`, those it showed).
 */
export function applyFieldErrors(form: FormInstance, error: unknown, t: TFunction, options: ApplyFieldErrorsOptions = {}, placed: PlacedFieldError[] = []): FieldError[] {
  if (!isApiError(error)) return [];
  const registered = form.getFieldsValue();
  const unmatched: FieldError[] = [];
  for (const fieldError of error.fieldErrors) {
    const path = namePath(options.rename?.[fieldError.field] ?? fieldError.field);
    if (path.length === 0 || !hasPath(registered, path)) {
      unmatched.push(fieldError);
      continue;
    }
    placed.push({ name: path, code: fieldError.code, message: fieldError.message, text: codeText(t, fieldError.code, fieldError.message) });
  }
  if (placed.length > 0) {
    form.setFields(placed.map((p) => ({ name: p.name, errors: [p.text] })));
    form.scrollToField(placed[0].name, { block: 'center', behavior: 'smooth' });
  }
  return unmatched;
}
