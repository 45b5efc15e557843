import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { FieldError } from '@cargo-window/contracts';

import { isApiError } from '../../api/client.ts';
import { applyFieldErrors, codeText, errorText, type ApplyFieldErrorsOptions, type PlacedFieldError } from '../../api/errors.ts';

/** The form-level message, kept as what it says so that it can be said again in another language. */
type FormLevel = { error: unknown; unmatched: FieldError[] } | { text: string };

/**
 * Puts a failed request's field errors on the form's fields; what no field can show (a 409
 * without a field, a 503, a field the form lacks) becomes the form-level message. When the
 * language changes, every error shown is said again in it: the form-level message, the server's
 * errors on fields (by their codes), and the rules' errors (their fields are validated again).
 */
export function useServerErrors(form: FormInstance) {
  const { t, i18n } = useTranslation();
  const [formLevel, setFormLevel] = useState<FormLevel | null>(null);
  const placed = useRef<PlacedFieldError[]>([]);

  const show = useCallback(
    (error: unknown, options?: ApplyFieldErrorsOptions) => {
      const onFields: PlacedFieldError[] = [];
      const unmatched = applyFieldErrors(form, error, t, options, onFields);
      placed.current = onFields;
      const fieldCount = isApiError(error) ? error.fieldErrors.length : 0;
      setFormLevel(fieldCount > 0 && unmatched.length === 0 ? null : { error, unmatched });
    },
    [form, t],
  );

  const formError = useMemo(() => {
    if (!formLevel) return null;
    if ('text' in formLevel) return formLevel.text;
    return [errorText(t, formLevel.error), ...formLevel.unmatched.map((e) => codeText(t, e.code, e.message))].join('；');
  }, [formLevel, t]);

  const language = i18n.language;
  const shownIn = useRef(language);
  useEffect(() => {
    if (shownIn.current === language) return;
    shownIn.current = language;
    sayFieldErrorsAgain(form, placed.current, t).then((again) => (placed.current = again), () => undefined);
  }, [language, form, t]);

  const clear = useCallback(() => setFormLevel(null), []);
  const setFormError = useCallback((text: string | null) => setFormLevel(text === null ? null : { text }), []);
  return { formError, show, clear, setFormError };
}

/**
 * The errors on a form's fields, in the language `t` speaks now: the server's still shown are
 * placed again from their codes; the fields showing any other error are validated again (their
 * rules, made at render, speak the new language). Returns the server's errors as now placed.
 */
export async function sayFieldErrorsAgain(form: FormInstance, placed: readonly PlacedFieldError[], t: TFunction): Promise<PlacedFieldError[]> {
  const key = (name: readonly (string | number)[]) => JSON.stringify(name);
  const stillShown = placed.filter((p) => form.getFieldError(p.name)[0] === p.text);
  const fromServer = new Set(stillShown.map((p) => key(p.name)));
  const others = form
    .getFieldsError()
    .filter((f) => f.errors.length > 0 && !fromServer.has(key(f.name)))
    .map((f) => f.name);
  const again = stillShown.map((p) => ({ ...p, text: codeText(t, p.code, p.message) }));
  if (again.length > 0) form.setFields(again.map((p) => ({ name: p.name, errors: [p.text] })));
  if (others.length > 0) await form.validateFields(others).catch(() => undefined);
  return again;
}

/** Leaf name paths of an antd `onValuesChange` changed-values object: `{ admin: { username } }` → [['admin', 'username']]. */
export function changedPaths(changed: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (changed === null || typeof changed !== 'object' || Array.isArray(changed)) return prefix.length ? [prefix] : [];
  return Object.entries(changed).flatMap(([key, value]) => changedPaths(value, [...prefix, key]));
}

/**
 * `onValuesChange` handler: typing into a field drops its error (a server 409 or a blur-time
 * rule); the field is validated again when it loses focus or the form is submitted.
 */
export function clearErrorsOnChange(form: FormInstance) {
  return (changed: unknown) => {
    const stale = changedPaths(changed).filter((path) => form.getFieldError(path).length > 0);
    if (stale.length > 0) form.setFields(stale.map((name) => ({ name, errors: [] })));
  };
}
