import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../api/client.ts';
import { applyFieldErrors, codeText, errorText, type ApplyFieldErrorsOptions } from '../../api/errors.ts';

/**
 * Puts a failed request's field errors on the form's fields; what no field can show (a 409
 * without a field, a 503, a field the form lacks) becomes the form-level message.
 */
export function useServerErrors(form: FormInstance) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);

  const show = useCallback(
    (error: unknown, options?: ApplyFieldErrorsOptions) => {
      const unmatched = applyFieldErrors(form, error, t, options);
      const fieldCount = isApiError(error) ? error.fieldErrors.length : 0;
      if (fieldCount > 0 && unmatched.length === 0) {
        setFormError(null);
        return;
      }
      const extra = unmatched.map((e) => codeText(t, e.code, e.message));
      setFormError([errorText(t, error), ...extra].join('；'));
    },
    [form, t],
  );

  const clear = useCallback(() => setFormError(null), []);
  return { formError, show, clear, setFormError };
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
