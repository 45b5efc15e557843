import { CheckOutlined, CloseOutlined, EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Modal, Progress, Result, Row, Space, Statistic, Table, Tabs, Tag, Tooltip, type ButtonProps, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

import type { AppointmentFlag, InsideVehicle, Slot, TerminalAppointment } from '@cargo-window/contracts';

import { isApiError } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';
import {
  useAcceptAppointment,
  useDayCapacity,
  useDaySlots,
  useRejectAppointment,
  useSlotCapacity,
  useTerminal,
  useTerminalConfirm,
  useTerminalQueue,
  type CapacityPatch,
} from '../../features/appointments/api.ts';
import { StatusTag } from '../../features/appointments/StatusTag.tsx';
import { formatInZone, slotRange, slotTimes } from '../../features/appointments/time.ts';
import '../../features/appointments/appointments.css';
import { useCurrentUser } from '../../features/auth/session.ts';
import { useInside } from '../../features/gate/api.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';
import { useLiveEvents } from '../../features/live/useLiveEvents.ts';
import './terminal.css';

type CapacityTarget = { kind: 'slot'; slot: Slot } | { kind: 'day'; date: string };

/** 货站运营: the terminal operator's calendar (booked/capacity per slot and flag), 作业 queue and trucks inside. */
export default function TerminalPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const terminalId = me.user.terminalId;
  const terminal = useTerminal(terminalId);

  if (!terminalId) return <Result status="warning" title={t('terminalOps.noTerminal')} />;
  if (terminal.isPending) return <PageLoading />;
  if (terminal.isError) return <LoadFailed error={terminal.error} onRetry={() => void terminal.refetch()} />;
  return <TerminalOps terminalId={terminalId} name={terminal.data.name} timeZone={terminal.data.timeZone} today={terminal.data.today} />;
}

function TerminalOps({ terminalId, name, timeZone, today }: { terminalId: string; name: string; timeZone: string; today: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(today);
  const [editing, setEditing] = useState<CapacityTarget | null>(null);
  const [tab, setTab] = useState('slots');
  const slots = useDaySlots(terminalId, date);
  const queue = useTerminalQueue('submitted');
  const inside = useInside(terminalId);

  useLiveEvents((event) => {
    if (event.type === 'live.open' || (event.type === 'slot.changed' && event.data.terminalId === terminalId)) {
      void queryClient.invalidateQueries({ queryKey: ['terminals', terminalId, 'slots'] });
      void queryClient.invalidateQueries({ queryKey: ['terminal', 'appointments'] });
    }
    if (event.type === 'live.open' || event.type === 'zone.changed' || event.type === 'gate.read') {
      void queryClient.invalidateQueries({ queryKey: ['gate', 'inside', terminalId] });
    }
  });

  const items = slots.data?.items ?? [];
  const sum = (flag: AppointmentFlag, part: 'booked' | 'capacity') => items.reduce((total, s) => total + s[part][flag], 0);
  const queueCount = queue.data?.items.length ?? 0;
  const insideCount = inside.data?.items.length ?? 0;

  return (
    <>
      <PageHeader
        title={t('terminalOps.title')}
        subtitle={t('terminalOps.subtitle', { name })}
        extra={
          <Space wrap>
            <DatePicker
              value={dayjs(date)}
              allowClear={false}
              onChange={(value) => value && setDate(value.format('YYYY-MM-DD'))}
              aria-label={t('terminalOps.date')}
              data-testid="terminal-date"
            />
            <Button icon={<EditOutlined />} onClick={() => setEditing({ kind: 'day', date })} disabled={items.length === 0} data-testid="terminal-edit-day">
              {t('terminalOps.editDay')}
            </Button>
          </Space>
        }
      />
      <Row gutter={[12, 12]} className="cw-section">
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={t('terminalOps.statPickup')} value={sum('pickup', 'booked')} suffix={`/ ${sum('pickup', 'capacity')}`} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small">
            <Statistic title={t('terminalOps.statDelivery')} value={sum('delivery', 'booked')} suffix={`/ ${sum('delivery', 'capacity')}`} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" hoverable onClick={() => setTab('queue')}>
            <Statistic title={t('terminalOps.statQueue')} value={queueCount} styles={{ content: { color: queueCount ? '#d46b08' : undefined } }} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card size="small" hoverable onClick={() => setTab('inside')}>
            <Statistic title={t('terminalOps.statInside')} value={insideCount} />
          </Card>
        </Col>
      </Row>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'slots', label: t('terminalOps.tabSlots'), children: <SlotTable slots={slots} onEdit={(slot) => setEditing({ kind: 'slot', slot })} /> },
            {
              key: 'queue',
              label: (
                <span data-testid="terminal-tab-queue">
                  {t('terminalOps.tabQueue')} <Badge count={queueCount} size="small" />
                </span>
              ),
              children: <QueueTable queue={queue} />,
            },
            {
              key: 'inside',
              label: (
                <span data-testid="terminal-tab-inside">
                  {t('terminalOps.tabInside')} <Badge count={insideCount} size="small" color="blue" />
                </span>
              ),
              children: <InsideTable inside={inside} timeZone={timeZone} />,
            },
          ]}
        />
      </Card>
      <CapacityModal terminalId={terminalId} target={editing} onClose={() => setEditing(null)} />
    </>
  );
}

function Usage({ booked, capacity, label }: { booked: number; capacity: number; label: string }) {
  const percent = capacity === 0 ? 100 : Math.round((booked / capacity) * 100);
  const status = capacity === 0 ? 'normal' : booked >= capacity ? 'exception' : 'active';
  return (
    <div className="cw-usage">
      <span className="cw-usage-text">
        <strong>{booked}</strong> / {capacity}
      </span>
      <Progress aria-label={`${label} ${booked} / ${capacity}`} percent={percent} size="small" showInfo={false} status={status} strokeColor={booked >= capacity ? '#ff4d4f' : percent >= 70 ? '#fa8c16' : '#52c41a'} />
    </div>
  );
}

function SlotTable({ slots, onEdit }: { slots: ReturnType<typeof useDaySlots>; onEdit: (slot: Slot) => void }) {
  const { t } = useTranslation();
  if (slots.isError) return <LoadFailed error={slots.error} onRetry={() => void slots.refetch()} />;
  const columns: TableColumnsType<Slot> = [
    { key: 'slot', title: t('terminalOps.slot'), render: (_v, s) => <span className="cw-mono cw-nowrap">{slotTimes(s)}</span> },
    { key: 'pickup', title: `${t('terminalOps.pickup')} ${t('terminalOps.bookedOfCapacity')}`, render: (_v, s) => <Usage booked={s.booked.pickup} capacity={s.capacity.pickup} label={t('terminalOps.pickup')} /> },
    { key: 'delivery', title: `${t('terminalOps.delivery')} ${t('terminalOps.bookedOfCapacity')}`, render: (_v, s) => <Usage booked={s.booked.delivery} capacity={s.capacity.delivery} label={t('terminalOps.delivery')} /> },
    { key: 'closed', title: t('common.status'), responsive: ['sm'], render: (_v, s) => (s.closed ? <Tag>{t('terminalOps.closed')}</Tag> : null) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, s) => (
        <Button type="link" icon={<EditOutlined />} onClick={() => onEdit(s)} data-testid={`terminal-edit-slot-${s.start}`}>
          {t('terminalOps.editSlot')}
        </Button>
      ),
    },
  ];
  return (
    <Table<Slot>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={slots.data?.items}
      // Only the first load of a day: a refresh after a live event must not cover the rows' buttons.
      loading={slots.isPending || slots.isPlaceholderData}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={(s) => ({ 'data-testid': `terminal-slot-${s.start}` }) as HTMLAttributes<HTMLElement>}
      rowClassName={(s) => (Date.parse(s.end) <= Date.now() ? 'cw-row-past' : '')}
      data-testid="terminal-slots"
    />
  );
}

function QueueTable({ queue }: { queue: ReturnType<typeof useTerminalQueue> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const accept = useAcceptAppointment();
  const [rejecting, setRejecting] = useState<TerminalAppointment | null>(null);
  if (queue.isError) return <LoadFailed error={queue.error} onRetry={() => void queue.refetch()} />;

  const columns: TableColumnsType<TerminalAppointment> = [
    { key: 'businessNo', title: t('appt.businessNo'), dataIndex: 'businessNo', render: (v: string) => <span className="cw-mono cw-small">{v}</span> },
    // Widths let a long enterprise name, the slot (date / time) and the driver (name / phone) wrap, so the row fits beside its buttons.
    { key: 'enterprise', title: t('terminalOps.enterprise'), width: 160, render: (_v, row) => row.enterprise.name },
    { key: 'plate', title: t('appt.plate'), dataIndex: 'plate', render: (v: string) => <strong className="cw-nowrap">{v}</strong> },
    { key: 'flag', title: t('appt.flag'), dataIndex: 'flag', render: (v: AppointmentFlag) => t(`appt.flagLabels.${v}`) },
    { key: 'slot', title: t('appt.slot'), width: 110, render: (_v, row) => slotRange(row.slot) },
    {
      key: 'awbs',
      title: t('terminalOps.awbs'),
      responsive: ['lg'],
      render: (_v, row) => (
        <Tooltip title={row.awbs.map((a) => `${a.awb} · ${a.pieces} / ${a.weightKg}kg`).join('\n')}>
          <span>{t('appt.awbCount', { count: row.awbs.length })}</span>
        </Tooltip>
      ),
    },
    { key: 'driver', title: t('appt.driver'), responsive: ['xl'], width: 110, render: (_v, row) => `${row.driverName} ${row.driverPhone}` },
    {
      key: 'actions',
      title: t('common.actions'),
      // Pinned to the right: the decision stays in view however wide the row gets (English, long names).
      fixed: 'right',
      render: (_v, row) => (
        <Space size={8} className="cw-nowrap">
          <Button
            type="primary"
            size="small"
            icon={<CheckOutlined />}
            loading={accept.isPending && accept.variables === row.id}
            onClick={() =>
              accept.mutate(row.id, {
                onSuccess: () => void message.success(t('terminalOps.accepted')),
                onError: (error) => void message.error(errorText(t, error)),
              })
            }
            data-testid={`queue-accept-${row.businessNo}`}
          >
            {t('terminalOps.accept')}
          </Button>
          <Button size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(row)} data-testid={`queue-reject-${row.businessNo}`}>
            {t('terminalOps.reject')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <>
      <Table<TerminalAppointment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={queue.data?.items}
        loading={queue.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('terminalOps.queueEmpty')} /> }}
        data-testid="terminal-queue"
      />
      <RejectModal appointment={rejecting} onClose={() => setRejecting(null)} />
    </>
  );
}

function RejectModal({ appointment, onClose }: { appointment: TerminalAppointment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useRejectAppointment();
  const [error, setError] = useState<string | null>(null);
  const onOk = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values || !appointment) return;
    reject.mutate(
      { id: appointment.id, reason: values.reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('terminalOps.rejected'));
          onClose();
        },
        onError: (e) => setError(errorText(t, e)),
      },
    );
  };
  return (
    <Modal
      open={appointment !== null}
      title={t('terminalOps.rejectTitle', { businessNo: appointment?.businessNo ?? '' })}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('terminalOps.reject')}
      okButtonProps={{ danger: true, 'data-testid': 'queue-reject-confirm' } as ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={reject.isPending}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={t('terminalOps.rejectReason')} rules={[{ required: true, whitespace: true, message: t('REQUIRED', { ns: 'errors' }) }, { max: 200, message: t('TOO_LONG', { ns: 'errors' }) }]}>
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="queue-reject-reason" />
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon title={error} /> : null}
    </Modal>
  );
}

function InsideTable({ inside, timeZone }: { inside: ReturnType<typeof useInside>; timeZone: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useTerminalConfirm();
  if (inside.isError) return <LoadFailed error={inside.error} onRetry={() => void inside.refetch()} />;
  const columns: TableColumnsType<InsideVehicle> = [
    { key: 'plate', title: t('appt.plate'), dataIndex: 'plate', render: (v: string) => <strong className="cw-plate-sm">{v}</strong> },
    { key: 'enterprise', title: t('terminalOps.enterprise'), dataIndex: 'enterpriseName' },
    { key: 'flag', title: t('appt.flag'), dataIndex: 'flag', render: (v: AppointmentFlag) => t(`appt.flagLabels.${v}`) },
    { key: 'status', title: t('appt.status'), dataIndex: 'status', render: (v: InsideVehicle['status']) => <StatusTag status={v} /> },
    { key: 'appointmentNo', title: t('appt.appointmentNo'), dataIndex: 'appointmentNo', responsive: ['lg'], render: (v: string | null) => <span className="cw-mono cw-small">{v ?? t('common.none')}</span> },
    { key: 'enteredAt', title: t('terminalOps.enteredAt'), dataIndex: 'enteredAt', render: (v: string | null) => (v ? formatInZone(v, timeZone) : t('common.none')) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, row) =>
        row.status === 'entered' ? (
          <Button
            type="primary"
            size="small"
            icon={<CheckOutlined />}
            loading={confirm.isPending && confirm.variables === row.appointmentId}
            onClick={() =>
              confirm.mutate(row.appointmentId, {
                onSuccess: () => void message.success(t('terminalOps.confirmed')),
                onError: (error) => void message.error(errorText(t, error)),
              })
            }
            data-testid={`inside-confirm-${row.plate}`}
          >
            {row.flag === 'delivery' ? t('terminalOps.confirmDelivery') : t('terminalOps.confirmPickup')}
          </Button>
        ) : null,
    },
  ];
  return (
    <Table<InsideVehicle>
      rowKey="appointmentId"
      size="small"
      columns={columns}
      dataSource={inside.data?.items}
      loading={inside.isPending}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('terminalOps.insideEmpty')} /> }}
      data-testid="terminal-inside"
    />
  );
}

interface CapacityValues {
  pickup?: number | null;
  delivery?: number | null;
}

/** One slot's or one whole day's capacity; a 409 CAPACITY_BELOW_BOOKED says how many are booked. */
function CapacityModal({ terminalId, target, onClose }: { terminalId: string; target: CapacityTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CapacityValues>();
  const slotCapacity = useSlotCapacity();
  const dayCapacity = useDayCapacity();
  const [error, setError] = useState<string | null>(null);

  const onOk = async () => {
    setError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values || !target) return;
    const capacity: CapacityPatch = {};
    if (typeof values.pickup === 'number') capacity.pickup = values.pickup;
    if (typeof values.delivery === 'number') capacity.delivery = values.delivery;
    if (capacity.pickup === undefined && capacity.delivery === undefined) {
      setError(t('REQUIRED', { ns: 'errors' }));
      return;
    }
    const handlers = {
      onSuccess: () => {
        void message.success(t('terminalOps.capacitySaved'));
        onClose();
      },
      onError: (e: unknown) => {
        if (isApiError(e) && e.code === 'CAPACITY_BELOW_BOOKED') {
          const booked = (e.problem as { booked?: { pickup?: number; delivery?: number } }).booked ?? {};
          setError(t('terminalOps.belowBooked', { pickup: booked.pickup ?? '?', delivery: booked.delivery ?? '?' }));
        } else {
          setError(errorText(t, e));
        }
      },
    };
    if (target.kind === 'slot') slotCapacity.mutate({ terminalId, slotId: target.slot.id, capacity }, handlers);
    else dayCapacity.mutate({ terminalId, date: target.date, capacity }, handlers);
  };

  const title = !target ? '' : target.kind === 'slot' ? t('terminalOps.editSlotTitle', { range: slotRange(target.slot) }) : t('terminalOps.editDayTitle', { date: target.date });
  const initial: CapacityValues = target?.kind === 'slot' ? { pickup: target.slot.capacity.pickup, delivery: target.slot.capacity.delivery } : {};

  return (
    <Modal
      open={target !== null}
      title={title}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'capacity-confirm' } as ButtonProps}
      confirmLoading={slotCapacity.isPending || dayCapacity.isPending}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {target?.kind === 'day' ? <Alert className="cw-section" type="info" showIcon title={t('terminalOps.editDayHint')} /> : null}
      {target?.kind === 'slot' ? (
        <Alert
          className="cw-section"
          type="info"
          title={`${t('terminalOps.pickup')} ${target.slot.booked.pickup} · ${t('terminalOps.delivery')} ${target.slot.booked.delivery}`}
          description={t('terminalOps.bookedOfCapacity')}
        />
      ) : null}
      <Form<CapacityValues> form={form} layout="vertical" preserve={false} initialValues={initial} onValuesChange={() => setError(null)}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="pickup" label={t('terminalOps.capacityPickup')}>
              <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="capacity-pickup" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="delivery" label={t('terminalOps.capacityDelivery')}>
              <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="capacity-delivery" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="capacity-error" /> : null}
    </Modal>
  );
}
