import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { LanguageToggle } from './LanguageToggle.tsx';

/** The public pages' frame (login, register): the single-window banner, language in the corner. */
export function PortalLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="cw-portal">
      <header className="cw-portal-header">
        <Link to="/login" className="cw-brand">
          <span className="cw-brand-mark" aria-hidden>
            <svg viewBox="0 0 64 64" width="32" height="32"><rect width="64" height="64" rx="14" fill="#fff" /><path d="M12 38l40-16-8 22-10-6-6 8-2-10z" fill="#0b4ea2" /></svg>
          </span>
          <span className="cw-brand-text">
            <strong>{t('app.singleWindow')}</strong>
            <span>{t('app.platformShort')}</span>
          </span>
        </Link>
        <LanguageToggle dark />
      </header>
      <main className={wide ? 'cw-portal-main cw-portal-main-wide' : 'cw-portal-main'}>{children}</main>
      <footer className="cw-portal-footer">
        {t('app.tagline')} · {t('app.hotline')}
      </footer>
    </div>
  );
}
