import assert from 'node:assert/strict';

import { noticeText } from '@cargo-window/contracts';

/**
 * A stored notice says, in zh-CN, exactly what its kind and data say (contracts' notices.ts), and
 * its data carries what the English text needs.
 */
export function assertNoticeSpeaksBothLanguages(notice: { kind: string; title: string; body: string; data: unknown }): void {
  const data = notice.data as Record<string, unknown>;
  assert.deepEqual(noticeText(notice.kind, data, 'zh-CN'), { title: notice.title, body: notice.body }, `${notice.kind}: the stored text is its kind's, from its data`);
  const en = noticeText(notice.kind, data, 'en');
  assert.ok(en, `${notice.kind}: its data has every parameter of the English text`);
  assert.notEqual(en.title, notice.title);
}
