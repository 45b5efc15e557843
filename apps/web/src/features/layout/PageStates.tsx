import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

import { errorText } from '../../api/errors.ts';

export { PageLoading } from './PageLoading.tsx';

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
