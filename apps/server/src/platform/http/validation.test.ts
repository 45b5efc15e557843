import assert from 'node:assert/strict';
import { test } from 'node:test';

import { registerRequest } from '@cargo-window/contracts';

import { fieldErrorsFromIssues } from './validation.ts';

const errorsOf = (input: unknown) => {
  const result = registerRequest.safeParse(input);
  assert.equal(result.success, false);
  return Object.fromEntries(fieldErrorsFromIssues(result.error!.issues as never).map((e) => [e.field, e.code]));
};

test('schema failures become our stable field codes with dotted paths', () => {
  assert.deepEqual(
    errorsOf({ mode: 'standalone', enterprise: { name: 'x'.repeat(101), uscc: 'X', contactName: '张', contactPhone: '123', email: 'no' }, admin: { username: 'ok_name', password: 'abcdefgh' } }),
    {
      'enterprise.name': 'TOO_LONG',
      'enterprise.uscc': 'USCC_INVALID',
      'enterprise.contactName': 'NAME_INVALID',
      'enterprise.contactPhone': 'MOBILE_INVALID',
      'enterprise.email': 'EMAIL_INVALID',
      'admin.password': 'PASSWORD_WEAK',
    },
  );
});

test('a union reports the alternative the client came closest to', () => {
  assert.deepEqual(errorsOf({ mode: 'linked', national: { cardNo: '8800', pin: '' } }), { 'national.pin': 'REQUIRED' });
});

test('wrong types are INVALID_TYPE, missing ones REQUIRED', () => {
  assert.deepEqual(errorsOf({ mode: 'standalone', enterprise: { name: 5 } }), {
    'enterprise.name': 'INVALID_TYPE',
    'enterprise.uscc': 'REQUIRED',
    'enterprise.contactName': 'REQUIRED',
    'enterprise.contactPhone': 'REQUIRED',
    admin: 'REQUIRED',
  });
});
