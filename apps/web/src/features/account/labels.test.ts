import assert from 'node:assert/strict';
import { test } from 'node:test';

import { notificationKindLabels as contractsLabels, securityKeyKindLabels, securityKeyKinds } from '@cargo-window/contracts';

import { accountEn } from './i18n-en.ts';
import { accountZh } from './i18n.ts';
import { notificationKindLabels } from './labels.ts';

test('notification kind labels are the contracts\' (a copy keeps zod out of the bundle)', () => {
  assert.deepEqual(notificationKindLabels, contractsLabels);
});

test('security key kinds read as the contracts\' 法人卡 / 操作员卡 in both languages', () => {
  assert.deepEqual(Object.keys(accountZh.securityKeys.kinds).sort(), [...securityKeyKinds].sort());
  for (const kind of securityKeyKinds) {
    assert.equal(accountZh.securityKeys.kinds[kind], securityKeyKindLabels[kind]['zh-CN']);
    assert.equal(accountEn.securityKeys.kinds[kind], securityKeyKindLabels[kind].en);
  }
});
