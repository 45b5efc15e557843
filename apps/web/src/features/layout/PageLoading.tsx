import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** The spinner of a page (or the whole app) on its way: its own module, since the login page loads it as its fallback and nothing else of PageStates. */
export function PageLoading({ fullscreen = false }: { fullscreen?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={fullscreen ? 'cw-loading cw-loading-full' : 'cw-loading'} role="status" aria-live="polite">
      <Spin size="large" />
      <span className="cw-sr-only">{t('app.loading')}</span>
    </div>
  );
}
