import { EditOutlined, ExportOutlined, SearchOutlined, StopOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Form, Input, Modal, Segmented, Space, Table, type ButtonProps, type TableColumnsType } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';

import type { Vehicle, VehicleStatus } from '@cargo-window/contracts';

import { errorText } from '../../api/errors.ts';
import { accessFor } from '../../features/access/menu.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { maxRule } from '../../features/forms/rules.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { downloads, useCancelVehicle, useFleet, type FleetFilters } from '../../features/vehicles/api.ts';
import { formatDate, LoadMore, PlateText } from '../../features/vehicles/bits.tsx';
import { plateColorLabel, vehicleStatusLabel, vehicleTypeLabel } from '../../features/vehicles/labels.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** 车队车辆: the approved vehicles; 变更 opens a new filing for one, 注销 takes it out of the fleet. */
export default function FleetPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const canFile = accessFor(me.user).vehicleFiling;
  const [params, setParams] = useSearchParams();
  const filters: FleetFilters = { status: params.get('status') === 'cancelled' ? 'cancelled' : 'active', plate: params.get('plate') ?? undefined };
  const [plateText, setPlateText] = useState(filters.plate ?? '');
  const fleet = useFleet(filters);
  const rows = useMemo(() => fleet.data?.pages.flatMap((page) => page.items) ?? [], [fleet.data]);
  const [cancelling, setCancelling] = useState<Vehicle | null>(null);

  const setQuery = (next: Partial<FleetFilters>) => {
    const merged = { ...filters, ...next };
    const entries = Object.entries({ status: merged.status === 'active' ? undefined : merged.status, plate: merged.plate?.trim() }).filter(([, v]) => v);
    setParams(new URLSearchParams(entries as [string, string][]), { replace: true });
  };

  const none = t('common.none');
  const columns: TableColumnsType<Vehicle> = [
    { key: 'index', title: t('filing.seq'), width: 64, align: 'center', render: (_v, _row, index) => index + 1 },
    { key: 'plate', title: t('filing.plate'), dataIndex: 'plate', render: (_v, row) => <PlateText plate={row.plate} color={row.plateColor} /> },
    { key: 'plateColor', title: t('filing.plateColor'), dataIndex: 'plateColor', render: (v: Vehicle['plateColor']) => plateColorLabel(t, v) },
    { key: 'vehicleType', title: t('filing.vehicleType'), dataIndex: 'vehicleType', render: (v: Vehicle['vehicleType']) => vehicleTypeLabel(t, v) },
    { key: 'ratedLoadKg', title: t('filing.ratedLoad'), dataIndex: 'ratedLoadKg', align: 'right', render: (v: number) => v.toLocaleString() },
    { key: 'driverName', title: t('fleet.driver'), dataIndex: 'driverName' },
    { key: 'driverPhone', title: t('filing.driverPhone'), dataIndex: 'driverPhone', render: (v: string) => <span className="cw-mono">{v}</span> },
    {
      key: 'status',
      title: t('fleet.status'),
      dataIndex: 'status',
      render: (v: VehicleStatus) => <Badge status={v === 'active' ? 'success' : 'default'} text={vehicleStatusLabel(t, v)} />,
    },
    filters.status === 'active'
      ? { key: 'approvedAt', title: t('fleet.approvedAt'), dataIndex: 'approvedAt', render: (v: string) => formatDate(v) }
      : { key: 'cancelledAt', title: t('fleet.cancelledAt'), dataIndex: 'cancelledAt', render: (v: string | null) => formatDate(v) ?? none },
    ...(canFile && filters.status === 'active'
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: 'right' as const,
            render: (_v: unknown, row: Vehicle) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => navigate(`/vehicle-filings/new?replaces=${encodeURIComponent(row.id)}`)} data-testid={`fleet-change-${row.plate}`}>
                  {t('fleet.change')}
                </Button>
                <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setCancelling(row)} data-testid={`fleet-cancel-${row.plate}`}>
                  {t('fleet.cancel')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('fleet.title')}
        subtitle={t('fleet.subtitle')}
        extra={
          <Button icon={<ExportOutlined />} href={downloads.fleetExport(filters, currentLanguage())} data-testid="fleet-export">
            {t('filing.export')}
          </Button>
        }
      />
      <Card className="cw-filters" styles={{ body: { display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', paddingBlock: 12 } }}>
        <Segmented<VehicleStatus>
          value={filters.status}
          onChange={(status) => setQuery({ status })}
          options={[
            { value: 'active', label: t('fleet.statusActive') },
            { value: 'cancelled', label: t('fleet.statusCancelled') },
          ]}
          data-testid="fleet-status"
        />
        <Input.Search
          allowClear
          placeholder={t('filing.filterPlate')}
          value={plateText}
          onChange={(event) => setPlateText(event.target.value)}
          onSearch={(plate) => setQuery({ plate })}
          enterButton={<SearchOutlined />}
          style={{ width: 220 }}
          data-testid="fleet-filter-plate"
        />
      </Card>
      {fleet.isError ? (
        <LoadFailed error={fleet.error} onRetry={() => void fleet.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Vehicle>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={fleet.isPending || (fleet.isFetching && !fleet.isFetchingNextPage)}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('fleet.empty') }}
            onRow={(row) => ({ 'data-testid': `fleet-row-${row.plate}` }) as HTMLAttributes<HTMLElement>}
            data-testid="fleet-table"
          />
          <LoadMore hasNext={Boolean(fleet.hasNextPage)} loading={fleet.isFetchingNextPage} onMore={() => void fleet.fetchNextPage()} shown={rows.length} />
        </Card>
      )}
      <CancelVehicleModal vehicle={cancelling} onClose={() => setCancelling(null)} />
    </>
  );
}

/** 注销 with a confirmation and an optional reason (POST /vehicles/{id}/cancel). */
function CancelVehicleModal({ vehicle, onClose }: { vehicle: Vehicle | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const cancel = useCancelVehicle();

  const onOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values || !vehicle) return;
    cancel.mutate(
      { vehicleId: vehicle.id, reason: values.reason?.trim() },
      {
        onSuccess: () => {
          void message.success(t('fleet.cancelled', { plate: vehicle.plate }));
          onClose();
        },
        onError: (error) => void message.error(errorText(t, error)),
      },
    );
  };

  return (
    <Modal
      open={vehicle !== null}
      title={vehicle ? t('fleet.cancelTitle', { plate: vehicle.plate }) : null}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('fleet.cancel')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'fleet-cancel-confirm' } as ButtonProps}
      confirmLoading={cancel.isPending}
      destroyOnHidden
      afterClose={() => form.resetFields()}
      data-testid="fleet-cancel-modal"
    >
      <p>{t('fleet.cancelConfirm')}</p>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={t('fleet.cancelReason')} rules={[maxRule(t, 500)]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="fleet-cancel-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
