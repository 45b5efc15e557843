import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

import { errorText } from '../../api/errors.ts';

export function PageLoading({ fullscreen = false }: { fullscreen?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={fullscreen ? 'cw-loading cw-loading-full' : 'cw-loading'} role="status" aria-live="polite">
      <Spin size="large" />
      <span className="cw-sr-only">{t('app.loading')}</span>
    </div>
  );
}

export function LoadFailed({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('result.loadFailed')}
      subTitle={errorText(t, error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('result.retry')}</Button> : undefined}
    />
  );
}
