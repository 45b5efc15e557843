import { noticeText, type Language, type NoticeText } from '@cargo-window/contracts';

/**
 * A notice as the reader's language says it: made from its kind and the parameters in its data
 * (contracts' notices.ts); a notice without them (or of a kind this version does not know) keeps the
 * text it was stored with.
 */
export function noticeInLanguage(notice: { kind: string; title: string; body: string; data?: unknown }, language: Language): NoticeText {
  const data = notice.data !== null && typeof notice.data === 'object' && !Array.isArray(notice.data) ? (notice.data as Record<string, unknown>) : null;
  return noticeText(notice.kind, data, language) ?? { title: notice.title, body: notice.body };
}
