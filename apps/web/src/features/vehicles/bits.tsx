import { Alert, Button, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

import type { FilingStatus, PlateColor } from '@cargo-window/contracts';

import { filingStatusColor, filingStatusLabel, plateColorLabel, plateColorSwatch } from './labels.ts';
import './vehicles.css';

/** 申报状态 as a coloured tag with its zh-CN word. */
export function FilingStatusTag({ status, testId }: { status: FilingStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={filingStatusColor(status)} data-testid={testId} data-status={status}>
      {filingStatusLabel(t, status)}
    </Tag>
  );
}

/** “黄色底纹为必填字段，灰色底纹字段自动反填”, with the two swatches. */
export function ColourLegend() {
  const { t } = useTranslation();
  return (
    <div className="cw-legend" data-testid="filing-legend">
      <span className="cw-legend-item">
        <span className="cw-legend-swatch cw-legend-swatch-required" aria-hidden />
        {t('filing.legendRequired')}
      </span>
      <span className="cw-legend-item">
        <span className="cw-legend-swatch cw-legend-swatch-auto" aria-hidden />
        {t('filing.legendAuto')}
      </span>
    </div>
  );
}

/** A plate with a small swatch of its colour (the colour's name is the tooltip). */
export function PlateText({ plate, color }: { plate: string; color?: PlateColor }) {
  const { t } = useTranslation();
  return (
    <span className="cw-plate">
      {color ? <span className="cw-plate-swatch" style={{ background: plateColorSwatch[color] }} title={plateColorLabel(t, color)} aria-hidden /> : null}
      <span className="cw-mono">{plate}</span>
    </span>
  );
}

/** A returned filing's reason, shown first and in red: the enterprise must act on it. */
export function ReturnReason({ reason }: { reason: string }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      className="cw-return-reason"
      title={t('filing.returnReason')}
      description={<span data-testid="filing-return-reason">{reason}</span>}
    />
  );
}

export const formatDate = (value: string | null | undefined) => (value ? dayjs(value).format('YYYY-MM-DD') : null);
export const formatDateTime = (value: string | null | undefined) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm') : null);

/** 加载更多 under a keyset-paged table. */
export function LoadMore({ hasNext, loading, onMore, shown }: { hasNext: boolean; loading: boolean; onMore: () => void; shown: number }) {
  const { t } = useTranslation();
  if (shown === 0) return null;
  return (
    <div className="cw-list-footer">
      {hasNext ? (
        <Button onClick={onMore} loading={loading} data-testid="load-more">
          {t('filing.loadMore')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('filing.noMore')}</Typography.Text>
      )}
    </div>
  );
}
