import assert from 'node:assert/strict';
import { test } from 'node:test';

import { documentTitle } from './document-title.ts';

test("a page's browser title names the page, then the platform", () => {
  assert.equal(documentTitle('提/交货预约', '空港电子货运平台'), '提/交货预约 · 空港电子货运平台');
  assert.equal(documentTitle(null, 'Airport e-Freight'), 'Airport e-Freight');
  assert.equal(documentTitle('', 'Airport e-Freight'), 'Airport e-Freight');
});
