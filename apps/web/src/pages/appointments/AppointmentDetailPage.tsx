import { ArrowLeftOutlined, CheckCircleOutlined, CloseCircleOutlined, EditOutlined, PrinterOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Select, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';

import type { AppointmentDetail, AppointmentHistoryEntry, AppointmentStatus } from '@cargo-window/contracts';

import { errorText } from '../../api/errors.ts';
import { accessFor } from '../../features/access/menu.ts';
import { appointmentKeys, useActiveVehicles, useAppointment, useCancelAppointment, useChangeVehicle, useConfirmAppointment } from '../../features/appointments/api.ts';
import { canCancel, canChangeVehicle, confirmationFor, emptyDeclarations, isDraft, type EmptyDeclaration } from '../../features/appointments/model.ts';
import { historyActorText, terminalLabel } from '../../features/appointments/labels.ts';
import { PrintSlip } from '../../features/appointments/PrintSlip.tsx';
import { StatusTag } from '../../features/appointments/StatusTag.tsx';
import { localDate, localDateTime, slotRange } from '../../features/appointments/time.ts';
import '../../features/appointments/appointments.css';
import { useCurrentUser } from '../../features/auth/session.ts';
import { fieldRules, requiredRule } from '../../features/forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';
import { useLiveEvents } from '../../features/live/useLiveEvents.ts';
import { passState } from '../../features/mobile/model.ts';
import type { ListMode } from './AppointmentListPage.tsx';

const listPath = (mode: ListMode) => (mode === 'query' ? '/appointments/query' : mode === 'confirm' ? '/appointments?confirm=1' : '/appointments');

/** 提交货预约 detail: the manual's header fields, AWBs, the 空车 declaration and the history sub-table; 交货确认 top right. */
export default function AppointmentDetailPage({ mode }: { mode: ListMode }) {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const access = accessFor(me.user);
  const detail = useAppointment(id);
  const confirm = useConfirmAppointment();
  const cancel = useCancelAppointment();
  const [cancelOpen, setCancelOpen] = useState(false);
  const [changeOpen, setChangeOpen] = useState(false);

  useLiveEvents((event) => {
    if ((event.type === 'appointment.status' && event.data.id === id) || event.type === 'live.open') void queryClient.invalidateQueries({ queryKey: appointmentKeys.detail(id ?? '') });
  });

  if (detail.isPending) return <PageLoading />;
  if (detail.isError) return <LoadFailed error={detail.error} onRetry={() => void detail.refetch()} />;
  const appt = detail.data;

  const confirmation = access.deliveryConfirmation ? confirmationFor(appt) : null;
  const cancellable = access.appointment && canCancel(appt, Date.now());
  const changeable = access.appointment && canChangeVehicle(appt);
  const editable = access.appointment && isDraft(appt);
  // A slip is printed only for a pass the gate would honour (as the phone shows its QR code).
  const printable = appt.appointmentNo && passState(appt.status) === 'valid' ? { ...appt, appointmentNo: appt.appointmentNo } : null;

  const onConfirm = () =>
    confirm.mutate(appt.id, {
      onSuccess: () => void message.success(t('appt.confirmed')),
      onError: (error) => void message.error(errorText(t, error)),
    });

  const onCancel = () =>
    cancel.mutate(appt.id, {
      onSuccess: () => {
        setCancelOpen(false);
        void message.success(t('appt.cancelled'));
      },
      onError: (error) => {
        setCancelOpen(false);
        void message.error(errorText(t, error));
      },
    });

  return (
    <div className="cw-detail">
      <PageHeader
        browserTitle={`${t('appt.detailTitle')} ${appt.appointmentNo ?? appt.businessNo}`}
        title={
          <span>
            {t('appt.detailTitle')} <StatusTag status={appt.status} large />
          </span>
        }
        subtitle={<span className="cw-mono">{appt.businessNo}</span>}
        extra={
          <div className="cw-detail-actions">
            {confirmation ? (
              <Button type="primary" size="large" icon={<CheckCircleOutlined />} loading={confirm.isPending} onClick={onConfirm} data-testid="appt-confirm">
                {confirmation === 'delivery' ? t('appt.confirmDelivery') : t('appt.confirmPickup')}
              </Button>
            ) : null}
            {editable ? (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/appointments/${appt.id}/edit`)} data-testid="appt-edit">
                {t('appt.edit')}
              </Button>
            ) : null}
            {changeable ? (
              <Button icon={<SwapOutlined />} onClick={() => setChangeOpen(true)} data-testid="appt-change-vehicle">
                {t('appt.changeVehicle')}
              </Button>
            ) : null}
            {cancellable ? (
              <Button danger icon={<CloseCircleOutlined />} onClick={() => setCancelOpen(true)} data-testid="appt-cancel">
                {t('appt.cancel')}
              </Button>
            ) : null}
            {printable ? (
              <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="appt-print">
                {t('appt.print')}
              </Button>
            ) : null}
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(listPath(mode))} data-testid="appt-back">
              {t('appt.back')}
            </Button>
          </div>
        }
      />

      {appt.status === 'rejected' && appt.rejectReason ? <Alert className="cw-section" type="error" showIcon title={t('appt.rejectReason')} description={appt.rejectReason} /> : null}

      <Card className="cw-section">
        <HeaderFields appt={appt} />
      </Card>

      <Card title={t('appt.sectionAwbs')} className="cw-section" styles={{ body: { padding: 0 } }}>
        <Table
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={appt.awbs}
          scroll={{ x: 'max-content' }}
          data-testid="awb-table"
          columns={[
            { key: 'seq', title: t('appt.seq'), dataIndex: 'seq', width: 64, align: 'center' },
            { key: 'awb', title: t('appt.awb'), dataIndex: 'awb', render: (v: string) => <span className="cw-mono">{v}</span> },
            { key: 'pieces', title: t('appt.pieces'), dataIndex: 'pieces', align: 'right' },
            { key: 'weightKg', title: t('appt.weightKg'), dataIndex: 'weightKg', align: 'right' },
          ]}
        />
      </Card>

      <DeclarationTable appt={appt} />
      <HistoryTable history={appt.history} />

      <Modal
        open={cancelOpen}
        title={t('appt.cancelTitle')}
        onOk={onCancel}
        onCancel={() => setCancelOpen(false)}
        okText={t('appt.cancelOk')}
        cancelText={t('common.back')}
        okButtonProps={{ danger: true, 'data-testid': 'appt-cancel-confirm' } as ButtonProps}
        confirmLoading={cancel.isPending}
      >
        <Typography.Paragraph>{t('appt.cancelBody')}</Typography.Paragraph>
        <Typography.Text type="secondary">
          {appt.plate} · {slotRange(appt.slot)}
        </Typography.Text>
      </Modal>
      {changeable ? <ChangeVehicleModal appt={appt} open={changeOpen} onClose={() => setChangeOpen(false)} /> : null}
      {printable ? <PrintSlip appt={printable} /> : null}
    </div>
  );
}

/** The manual's header: 业务统一编号, 提交货标志, 申报单位名称, 车牌号, 申报日期, 申报类型, 申报状态, 录入日期 — plus 货站, 时段, 司机. */
function HeaderFields({ appt }: { appt: AppointmentDetail }) {
  const { t } = useTranslation();
  const none = <span className="cw-muted">{t('common.none')}</span>;
  return (
    <Descriptions
      column={{ xs: 1, sm: 2, lg: 3 }}
      size="small"
      data-testid="appt-header"
      items={[
        { key: 'businessNo', label: t('appt.businessNo'), children: <span className="cw-mono" data-testid="appt-business-no">{appt.businessNo}</span> },
        { key: 'appointmentNo', label: t('appt.appointmentNo'), children: appt.appointmentNo ? <strong className="cw-mono" data-testid="appt-appointment-no">{appt.appointmentNo}</strong> : none },
        { key: 'flag', label: t('appt.flag'), children: t(`appt.flagLabels.${appt.flag}`) },
        { key: 'enterprise', label: t('appt.enterpriseName'), children: appt.enterprise.name },
        { key: 'plate', label: t('appt.plate'), children: <strong data-testid="appt-plate">{appt.plate}</strong> },
        { key: 'declaredAt', label: t('appt.declaredAt'), children: appt.declaredAt ? localDateTime(appt.declaredAt) : none },
        { key: 'declarationType', label: t('appt.declarationType'), children: t(`appt.declarationTypeLabels.${appt.declarationType}`) },
        { key: 'status', label: t('appt.status'), children: <StatusTag status={appt.status} testId="appt-status" /> },
        { key: 'createdAt', label: t('appt.createdAt'), children: localDate(appt.createdAt) },
        { key: 'terminal', label: t('appt.terminal'), children: terminalLabel(appt.terminal, t) },
        { key: 'slot', label: t('appt.slot'), children: <span data-testid="appt-slot">{slotRange(appt.slot)}</span> },
        { key: 'driver', label: t('appt.driver'), children: `${appt.driverName} ${appt.driverPhone}` },
      ]}
    />
  );
}

/** 空车申报: 序号 申报类型 申报单位名称 申报日期 — one row once 交货确认 / 提货确认 is done. */
function DeclarationTable({ appt }: { appt: AppointmentDetail }) {
  const { t } = useTranslation();
  const rows = useMemo(() => emptyDeclarations(appt), [appt]);
  const columns: TableColumnsType<EmptyDeclaration> = [
    { key: 'seq', title: t('appt.seq'), dataIndex: 'seq', width: 64, align: 'center' },
    { key: 'type', title: t('appt.declarationType'), dataIndex: 'declarationType', render: (v: string) => (v === '空车' ? t('appt.declarationEmpty') : v) },
    { key: 'enterprise', title: t('appt.enterpriseName'), dataIndex: 'enterpriseName' },
    { key: 'declaredAt', title: t('appt.declaredAt'), dataIndex: 'declaredAt', render: (v: string) => <span className="cw-nowrap">{localDateTime(v)}</span> },
  ];
  return (
    <Card title={t('appt.sectionDeclaration')} className="cw-section" styles={{ body: { padding: 0 } }}>
      <Table<EmptyDeclaration>
        rowKey="seq"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={columns}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appt.noDeclaration')} /> }}
        data-testid="declaration-table"
      />
    </Card>
  );
}

function historyNote(entry: AppointmentHistoryEntry, t: (key: string, options?: Record<string, unknown>) => string): string {
  const d = entry.detail ?? {};
  if (typeof d.reason === 'string') return t('appt.noteReason', { reason: d.reason });
  if (typeof d.gate === 'string') return t('appt.noteGate', { gate: d.gate });
  const before = d.before as { plate?: string; driverName?: string } | undefined;
  const after = d.after as { plate?: string; driverName?: string } | undefined;
  if (before && after) return t('appt.noteVehicle', { from: `${before.plate ?? ''} ${before.driverName ?? ''}`.trim(), to: `${after.plate ?? ''} ${after.driverName ?? ''}`.trim() });
  if (typeof d.appointmentNo === 'string') return d.appointmentNo;
  return '';
}

/** 历史记录: 序号, 操作, 状态变化, 操作人, 时间. */
function HistoryTable({ history }: { history: AppointmentHistoryEntry[] }) {
  const { t } = useTranslation();
  const statusTag = (s: AppointmentStatus | null) => (s ? <StatusTag status={s} /> : null);
  const columns: TableColumnsType<AppointmentHistoryEntry & { seq: number }> = [
    { key: 'seq', title: t('appt.seq'), dataIndex: 'seq', width: 64, align: 'center' },
    { key: 'action', title: t('appt.historyAction'), dataIndex: 'action', render: (v: string) => t(`appt.actionLabels.${v}`, { defaultValue: v }) },
    {
      key: 'change',
      title: t('appt.historyChange'),
      render: (_v, row) =>
        row.fromStatus && row.toStatus && row.fromStatus !== row.toStatus ? (
          <span className="cw-nowrap">
            {statusTag(row.fromStatus)}→ {statusTag(row.toStatus)}
          </span>
        ) : (
          statusTag(row.toStatus)
        ),
    },
    { key: 'actor', title: t('appt.historyActor'), dataIndex: 'actor', render: (v: string | null) => (v ? <Tag variant="filled">{historyActorText(v, t)}</Tag> : t('common.none')) },
    { key: 'at', title: t('appt.historyAt'), dataIndex: 'at', render: (v: string) => <span className="cw-nowrap">{localDateTime(v)}</span> },
    { key: 'note', title: t('appt.historyNote'), responsive: ['md'], render: (_v, row) => <span className="cw-small">{historyNote(row, t)}</span> },
  ];
  return (
    <Card title={t('appt.sectionHistory')} className="cw-section" styles={{ body: { padding: 0 } }}>
      <Table
        rowKey="seq"
        size="small"
        pagination={false}
        dataSource={history.map((entry, index) => ({ ...entry, seq: index + 1 }))}
        columns={columns}
        scroll={{ x: 'max-content' }}
        data-testid="history-table"
      />
    </Card>
  );
}

interface ChangeValues {
  vehicleId: string;
  driverName: string;
  driverPhone: string;
  driverIdNo?: string;
}

/** 更换车辆/司机 on a booked (or submitted) appointment: the slot stays. */
function ChangeVehicleModal({ appt, open, onClose }: { appt: AppointmentDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeValues>();
  const errors = useServerErrors(form);
  const rules = fieldRules(t);
  const required = requiredRule(t);
  const vehicles = useActiveVehicles(open);
  const change = useChangeVehicle();
  const list = vehicles.data?.items ?? [];

  const onOk = async () => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const idNo = values.driverIdNo?.trim().toUpperCase();
    change.mutate(
      {
        id: appt.id,
        vehicleId: values.vehicleId !== appt.vehicleId ? values.vehicleId : undefined,
        driverName: values.driverName.trim(),
        driverPhone: values.driverPhone.trim(),
        driverIdNo: idNo || undefined,
      },
      {
        onSuccess: () => {
          void message.success(t('appt.vehicleChanged'));
          onClose();
        },
        onError: (error) => errors.show(error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('appt.changeVehicleTitle')}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      okButtonProps={{ 'data-testid': 'appt-change-confirm' } as ButtonProps}
      destroyOnHidden
      afterClose={() => errors.clear()}
    >
      <Typography.Paragraph type="secondary">{t('appt.changeVehicleHint')}</Typography.Paragraph>
      <Form<ChangeValues>
        form={form}
        layout="vertical"
        preserve={false}
        validateTrigger="onBlur"
        onValuesChange={clearErrorsOnChange(form)}
        initialValues={{ vehicleId: appt.vehicleId, driverName: appt.driverName, driverPhone: appt.driverPhone, driverIdNo: appt.driverIdNo ?? undefined }}
      >
        <Form.Item name="vehicleId" label={t('appt.vehicle')} rules={[{ required: true, message: t('REQUIRED', { ns: 'errors' }) }]}>
          <Select
            loading={vehicles.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            options={list.length ? list.map((v) => ({ value: v.id, label: `${v.plate} · ${v.driverName}` })) : [{ value: appt.vehicleId, label: appt.plate }]}
            onChange={(value: string) => {
              const chosen = list.find((v) => v.id === value);
              if (chosen) form.setFieldsValue({ driverName: chosen.driverName, driverPhone: chosen.driverPhone, driverIdNo: undefined });
            }}
            data-testid="appt-change-vehicle-select"
          />
        </Form.Item>
        <Form.Item name="driverName" label={t('appt.driverName')} rules={[required, rules.personName]}>
          <Input maxLength={30} data-testid="appt-change-driver-name" />
        </Form.Item>
        <Form.Item name="driverPhone" label={t('appt.driverPhone')} rules={[required, rules.mobile]}>
          <Input maxLength={11} data-testid="appt-change-driver-phone" />
        </Form.Item>
        <Form.Item name="driverIdNo" label={t('appt.driverIdNo')} extra={t('appt.driverIdNoHint')}>
          <Input maxLength={18} className="cw-mono" data-testid="appt-change-driver-id-no" />
        </Form.Item>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}
      </Form>
    </Modal>
  );
}
