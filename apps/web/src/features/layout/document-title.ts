import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The browser's title for a page: `提/交货预约 · 空港电子货运平台`, or the platform's name alone. */
export function documentTitle(page: string | null | undefined, site: string): string {
  return page ? `${page} · ${site}` : site;
}

/**
 * Names the page in the browser's title, in the page's language (tabs, history, bookmarks, and
 * the first thing a screen reader says of a page). Back to the platform's name when it goes.
 */
export function useDocumentTitle(page: string | null | undefined): void {
  const { t } = useTranslation();
  const site = t('app.platformShort');
  useEffect(() => {
    document.title = documentTitle(page, site);
    return () => {
      document.title = site;
    };
  }, [page, site]);
}
