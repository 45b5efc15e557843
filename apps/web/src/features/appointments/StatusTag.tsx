import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

import type { AppointmentStatus } from '@cargo-window/contracts';

import { statusColor } from './model.ts';

/** 申报状态 in the manual's words (暂存, 提交, 预约成功, …), coloured. */
export function StatusTag({ status, testId, large = false }: { status: AppointmentStatus; testId?: string; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor(status)} data-testid={testId} data-status={status} className={large ? 'cw-status-large' : undefined}>
      {t(`appt.statusLabels.${status}`)}
    </Tag>
  );
}
