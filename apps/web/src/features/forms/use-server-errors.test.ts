import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';

import { changedPaths, sayFieldErrorsAgain } from './use-server-errors.ts';

test('changed values give the leaf paths that changed', () => {
  assert.deepEqual(changedPaths({ enterprise: { uscc: '9111' } }), [['enterprise', 'uscc']]);
  assert.deepEqual(changedPaths({ confirmPassword: 'x' }), [['confirmPassword']]);
  assert.deepEqual(changedPaths({ permissions: ['query'] }), [['permissions']]);
  assert.deepEqual(changedPaths({ national: { username: 'a', password: undefined } }), [['national', 'username'], ['national', 'password']]);
  assert.deepEqual(changedPaths({}), []);
});

test('in another language: the server\'s errors still shown are placed again from their codes, other errors validated again', async () => {
  // A form's errors, as antd keeps them, behind the methods sayFieldErrorsAgain uses.
  const errors = new Map<string, string[]>([
    ['["plate"]', ['车牌号格式错误']],
    ['["vehicles",0,"vin"]', ['必填']],
    ['["contactPhone"]', ['我改过了']],
  ]);
  const validated: (string | number)[][] = [];
  const form = {
    getFieldError: (name: (string | number)[]) => errors.get(JSON.stringify(name)) ?? [],
    getFieldsError: () => [...errors].map(([key, list]) => ({ name: JSON.parse(key) as (string | number)[], errors: list, warnings: [] })),
    setFields: (fields: { name: (string | number)[]; errors: string[] }[]) => fields.forEach((f) => errors.set(JSON.stringify(f.name), f.errors)),
    validateFields: async (names: (string | number)[][]) => void validated.push(...names),
  } as unknown as FormInstance;
  const t = ((key: string) => `en:${key}`) as unknown as TFunction;
  const placed = [
    { name: ['plate'], code: 'PLATE_INVALID', text: '车牌号格式错误' },
    // Placed by the server, then replaced by a rule's error after the user typed.
    { name: ['contactPhone'], code: 'MOBILE_INVALID', text: '手机号码格式错误' },
  ];
  const again = await sayFieldErrorsAgain(form, placed, t);
  assert.deepEqual(again, [{ name: ['plate'], code: 'PLATE_INVALID', text: 'en:PLATE_INVALID' }]);
  assert.deepEqual(errors.get('["plate"]'), ['en:PLATE_INVALID']);
  assert.deepEqual(validated, [['vehicles', 0, 'vin'], ['contactPhone']], 'the rules\' errors are validated again, not the server\'s');
});
