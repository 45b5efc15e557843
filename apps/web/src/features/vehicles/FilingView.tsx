import { Card, Descriptions, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

import type { FilingHistoryEntry, FilingVehicle, VehicleFiling } from '@cargo-window/contracts';

import { FilingStatusTag, formatDate, formatDateTime, PlateText, ReturnReason } from './bits.tsx';
import { historyActionLabel, plateColorLabel, vehicleTypeLabel } from './labels.ts';

/** A filing read-only: 表头, 表体 and the history sub-table, as the detail and review pages show it. */
export function FilingView({ filing, showEnterprise = false }: { filing: VehicleFiling; showEnterprise?: boolean }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const { header } = filing;

  const bodyColumns: TableColumnsType<FilingVehicle> = [
    { key: 'seq', title: t('filing.seq'), dataIndex: 'seq', width: 64, align: 'center' },
    {
      key: 'plate',
      title: t('filing.plate'),
      dataIndex: 'plate',
      render: (_v, row) => (
        <span>
          <PlateText plate={row.plate} color={row.plateColor} />
          {row.replacesVehicleId ? (
            <Tooltip title={t('filing.replacesHint', { plate: row.plate })}>
              <Tag color="purple" style={{ marginInlineStart: 6 }}>
                {t('filing.replaces')}
              </Tag>
            </Tooltip>
          ) : null}
        </span>
      ),
    },
    { key: 'plateColor', title: t('filing.plateColor'), dataIndex: 'plateColor', render: (v: FilingVehicle['plateColor']) => plateColorLabel(t, v) },
    { key: 'vehicleType', title: t('filing.vehicleType'), dataIndex: 'vehicleType', render: (v: FilingVehicle['vehicleType']) => vehicleTypeLabel(t, v) },
    { key: 'ratedLoadKg', title: t('filing.ratedLoad'), dataIndex: 'ratedLoadKg', align: 'right', render: (v: number) => v.toLocaleString() },
    { key: 'driverName', title: t('filing.driverName'), dataIndex: 'driverName' },
    { key: 'driverIdNo', title: t('filing.driverId'), dataIndex: 'driverIdNo', render: (v: string) => <span className="cw-mono">{v}</span> },
    { key: 'driverPhone', title: t('filing.driverPhone'), dataIndex: 'driverPhone', render: (v: string) => <span className="cw-mono">{v}</span> },
    { key: 'vin', title: t('filing.vin'), dataIndex: 'vin', render: (v: string | null) => (v ? <span className="cw-mono">{v}</span> : none) },
    { key: 'permitNo', title: t('filing.permit'), dataIndex: 'permitNo', render: (v: string | null) => (v ? <span className="cw-mono">{v}</span> : none) },
  ];

  const historyColumns: TableColumnsType<FilingHistoryEntry & { index: number }> = [
    { key: 'actor', title: t('filing.historyActor'), dataIndex: 'actor', render: (v: string | null) => v ?? none },
    { key: 'action', title: t('filing.historyAction'), dataIndex: 'action', render: (v: FilingHistoryEntry['action']) => historyActionLabel(t, v) },
    { key: 'at', title: t('filing.historyAt'), dataIndex: 'at', render: (v: string) => formatDateTime(v) },
    { key: 'detail', title: t('filing.historyDetail'), dataIndex: 'detail', render: (v: string | null) => v ?? none },
  ];

  return (
    <>
      {filing.status === 'returned' && filing.returnReason ? <ReturnReason reason={filing.returnReason} /> : null}
      <Card title={t('filing.headerSection')} className="cw-filing-card">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
          styles={{ label: { width: 150, whiteSpace: 'nowrap' } }}
          data-testid="filing-header"
          items={[
            { key: 'enterpriseName', label: t('filing.enterpriseName'), children: header.enterpriseName, span: showEnterprise ? 'filled' : 1 },
            { key: 'uscc', label: t('filing.uscc'), children: <span className="cw-mono">{header.uscc}</span> },
            { key: 'customsCode', label: t('filing.customsCode'), children: header.customsCode ? <span className="cw-mono">{header.customsCode}</span> : none },
            { key: 'declarant', label: t('filing.declarant'), children: header.declarant ?? none },
            { key: 'contactName', label: t('filing.contactName'), children: header.contactName },
            { key: 'contactPhone', label: t('filing.contactPhone'), children: <span className="cw-mono">{header.contactPhone}</span> },
            { key: 'status', label: t('filing.status'), children: <FilingStatusTag status={filing.status} testId="filing-status" /> },
            { key: 'createdAt', label: t('filing.createdAt'), children: formatDate(filing.createdAt) },
            { key: 'declaredAt', label: t('filing.declaredAt'), children: formatDate(filing.declaredAt) ?? none },
            { key: 'remarks', label: t('filing.remarks'), children: header.remarks ?? none, span: 'filled' },
          ]}
        />
      </Card>
      <Card title={t('filing.bodySection')} className="cw-filing-card" styles={{ body: { padding: 0 } }}>
        <Table<FilingVehicle>
          rowKey="seq"
          columns={bodyColumns}
          dataSource={filing.vehicles}
          pagination={false}
          size="small"
          scroll={{ x: 'max-content' }}
          onRow={(row) => ({ 'data-testid': `filing-vehicle-${row.plate}` }) as HTMLAttributes<HTMLElement>}
          data-testid="filing-body"
        />
      </Card>
      <Card title={t('filing.historySection')} className="cw-filing-card" styles={{ body: { padding: 0 } }}>
        <Table
          rowKey="index"
          columns={historyColumns}
          dataSource={filing.history.map((entry, index) => ({ ...entry, index }))}
          pagination={false}
          size="small"
          scroll={{ x: 'max-content' }}
          data-testid="filing-history"
        />
      </Card>
    </>
  );
}
