import { ApiOutlined, CopyOutlined, EditOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Drawer, Empty, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tag, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

import type { Gate, GateDirection, Terminal } from '@cargo-window/contracts';

import { errorText } from '../../api/errors.ts';
import { useTerminals } from '../../features/appointments/api.ts';
import { gateDirectionCodes, terminalLabel } from '../../features/appointments/labels.ts';
import { useCreateGate, useCreateGateDevice, useGateDevices, useGates, useRevokeGateDevice, type GateDevice, type GateDeviceCreated } from '../../features/gate/api.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { TerminalFormModal } from './TerminalFormModal.tsx';
import './admin-terminals.css';

const rowProps = (testId: string, onClick?: () => void) => ({ 'data-testid': testId, onClick, style: onClick ? { cursor: 'pointer' } : undefined }) as HTMLAttributes<HTMLElement>;

/** 平台管理 → 货站与卡口: terminals and their settings, each terminal's gates, each gate's devices. */
export default function AdminTerminalsPage() {
  const { t } = useTranslation();
  const terminals = useTerminals();
  // The dialog keeps its terminal while it closes, so its title does not turn into 新增货站 on the way out.
  const [editing, setEditing] = useState<{ open: boolean; terminal: Terminal | null }>({ open: false, terminal: null });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  if (terminals.isError) return <LoadFailed error={terminals.error} onRetry={() => void terminals.refetch()} />;
  const list = terminals.data?.items ?? [];
  const selected = list.find((x) => x.id === selectedId) ?? list[0] ?? null;

  const hoursText = (x: Terminal) => {
    if (!x.hours) return t('adminTerminals.allDay');
    const first = x.hours['1']?.[0];
    return first ? t('adminTerminals.dailyHours', { from: first[0], to: first[1] }) : t('adminTerminals.custom');
  };

  const columns: TableColumnsType<Terminal> = [
    { key: 'code', title: t('adminTerminals.code'), dataIndex: 'code', render: (v: string) => <strong className="cw-mono">{v}</strong> },
    { key: 'name', title: t('adminTerminals.name'), dataIndex: 'name' },
    { key: 'timeZone', title: t('adminTerminals.timeZone'), dataIndex: 'timeZone', responsive: ['xxl'] },
    { key: 'slotMinutes', title: t('adminTerminals.slotMinutes'), dataIndex: 'slotMinutes', render: (v: number) => t('adminTerminals.minutes', { n: v }) },
    {
      key: 'capacity',
      title: `${t('terminalOps.pickup')} / ${t('terminalOps.delivery')}`,
      render: (_v, x) => (
        <span className="cw-nowrap">
          {x.capacity.pickup} / {x.capacity.delivery}
        </span>
      ),
    },
    // A width lets the long English headers wrap instead of pushing the actions out of the card.
    { key: 'horizonDays', title: t('adminTerminals.horizonDays'), dataIndex: 'horizonDays', responsive: ['md'], width: 110 },
    {
      key: 'rules',
      title: t('adminTerminals.leadAndTolerance'),
      responsive: ['xl'],
      width: 120,
      render: (_v, x) => (
        <span className="cw-nowrap">
          {x.minLeadMinutes} / ±{x.toleranceMinutes}
        </span>
      ),
    },
    { key: 'hours', title: t('adminTerminals.hours'), responsive: ['lg'], render: (_v, x) => hoursText(x) },
    {
      key: 'actions',
      title: t('common.actions'),
      // Pinned to the right: however wide the settings get (English headers), the buttons stay in view.
      fixed: 'right',
      render: (_v, x) => (
        <Space size={4} className="cw-nowrap">
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={(e) => {
              e.stopPropagation();
              setEditing({ open: true, terminal: x });
            }}
            data-testid={`terminal-edit-${x.code}`}
          >
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" icon={<ApiOutlined />} onClick={() => setSelectedId(x.id)} data-testid={`terminal-gates-${x.code}`}>
            {t('adminTerminals.gates')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('adminTerminals.title')}
        subtitle={t('adminTerminals.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true, terminal: null })} data-testid="terminal-create">
            {t('adminTerminals.create')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 0 } }} className="cw-section">
        <Table<Terminal>
          rowKey="id"
          columns={columns}
          dataSource={list}
          loading={terminals.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(x) => (x.id === selected?.id ? 'ant-table-row-selected' : '')}
          onRow={(x) => rowProps(`terminal-row-${x.code}`, () => setSelectedId(x.id))}
          locale={{ emptyText: t('adminTerminals.empty') }}
          className="cw-terminals-table"
          data-testid="terminals-table"
        />
      </Card>
      {selected ? <GatesCard terminal={selected} /> : null}
      <TerminalFormModal open={editing.open} terminal={editing.terminal} onClose={() => setEditing((x) => ({ ...x, open: false }))} />
    </>
  );
}

function GatesCard({ terminal }: { terminal: Terminal }) {
  const { t } = useTranslation();
  const gates = useGates(terminal.id);
  const [creating, setCreating] = useState(false);
  const [devicesOf, setDevicesOf] = useState<Gate | null>(null);

  const columns: TableColumnsType<Gate> = [
    { key: 'code', title: t('adminTerminals.gateCode'), dataIndex: 'code', render: (v: string) => <strong className="cw-mono">{v}</strong> },
    { key: 'name', title: t('adminTerminals.gateName'), dataIndex: 'name' },
    { key: 'direction', title: t('adminTerminals.direction'), dataIndex: 'direction', render: (v: GateDirection) => <Tag color={v === 'in' ? 'blue' : 'purple'}>{t(`adminTerminals.directionLabels.${v}`)}</Tag> },
    { key: 'createdAt', title: t('common.createdAt'), dataIndex: 'createdAt', responsive: ['md'], render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, g) => (
        <Button type="link" icon={<ApiOutlined />} onClick={() => setDevicesOf(g)} data-testid={`gate-devices-${g.code}`}>
          {t('adminTerminals.devices')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('adminTerminals.gatesOf', { name: terminalLabel(terminal, t) })}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="gate-create">
          {t('adminTerminals.gateCreate')}
        </Button>
      }
      styles={{ body: { padding: 0 } }}
    >
      {gates.isError ? (
        <LoadFailed error={gates.error} onRetry={() => void gates.refetch()} />
      ) : (
        <Table<Gate>
          rowKey="id"
          columns={columns}
          dataSource={gates.data?.items}
          loading={gates.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(g) => rowProps(`gate-row-${g.code}`)}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminTerminals.gatesEmpty')} /> }}
          data-testid="gates-table"
        />
      )}
      <CreateGateModal terminal={terminal} open={creating} onClose={() => setCreating(false)} />
      <DevicesDrawer gate={devicesOf} onClose={() => setDevicesOf(null)} />
    </Card>
  );
}

interface GateValues {
  code: string;
  name: string;
  direction: GateDirection;
}

function CreateGateModal({ terminal, open, onClose }: { terminal: Terminal; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GateValues>();
  const errors = useServerErrors(form);
  const create = useCreateGate();
  const required = { required: true, message: t('REQUIRED', { ns: 'errors' }) };

  const onOk = async () => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    create.mutate(
      { terminalId: terminal.id, code: values.code.trim().toUpperCase(), name: values.name.trim(), direction: values.direction },
      {
        onSuccess: () => {
          void message.success(t('adminTerminals.gateCreated'));
          onClose();
        },
        onError: (error) => errors.show(error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={`${t('adminTerminals.gateCreateTitle')} · ${terminal.code}`}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'gate-confirm' } as ButtonProps}
      confirmLoading={create.isPending}
      destroyOnHidden
      afterClose={() => errors.clear()}
    >
      <Form<GateValues> form={form} layout="vertical" preserve={false} initialValues={{ direction: 'in' }} onValuesChange={clearErrorsOnChange(form)}>
        <Form.Item name="code" label={t('adminTerminals.gateCode')} rules={[required, { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, message: t('INVALID_VALUE', { ns: 'errors' }) }]}>
          <Input maxLength={32} className="cw-mono" placeholder="IN1" data-testid="gate-code" />
        </Form.Item>
        <Form.Item name="name" label={t('adminTerminals.gateName')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={100} placeholder="1号入区卡口" data-testid="gate-name" />
        </Form.Item>
        <Form.Item name="direction" label={t('adminTerminals.direction')} rules={[required]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="gate-direction">
            {gateDirectionCodes.map((d) => (
              <Radio.Button key={d} value={d}>
                <span data-testid={`gate-direction-${d}`}>{t(`adminTerminals.directionLabels.${d}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}
      </Form>
    </Modal>
  );
}

/** A gate's devices: register one (its token shown once), revoke one. */
function DevicesDrawer({ gate, onClose }: { gate: Gate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const devices = useGateDevices(gate?.id ?? null);
  const create = useCreateGateDevice();
  const revoke = useRevokeGateDevice();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<GateDeviceCreated | null>(null);

  const onCreate = () => {
    if (!gate) return;
    const deviceName = name.trim() || `${gate.code}-${dayjs().format('MMDDHHmm')}`;
    create.mutate(
      { gateId: gate.id, name: deviceName },
      {
        onSuccess: (device) => {
          setName('');
          setCreated(device);
        },
        onError: (error) => void message.error(errorText(t, error)),
      },
    );
  };

  const columns: TableColumnsType<GateDevice> = [
    { key: 'name', title: t('adminTerminals.deviceName'), dataIndex: 'name' },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'revokedAt',
      render: (v: string | null) => <Badge status={v ? 'default' : 'success'} text={v ? t('adminTerminals.revoked') : t('adminTerminals.active')} />,
    },
    { key: 'lastSeen', title: t('adminTerminals.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm') : t('adminTerminals.never')) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, d) =>
        d.revokedAt ? null : (
          <Popconfirm
            title={t('adminTerminals.revokeConfirm')}
            okText={t('adminTerminals.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'device-revoke-confirm' } as ButtonProps}
            onConfirm={() =>
              revoke.mutateAsync({ id: d.id, gateId: gate!.id }).then(
                () => void message.success(t('adminTerminals.revokedOk')),
                (error: unknown) => void message.error(errorText(t, error)),
              )
            }
          >
            <Button type="link" danger size="small" data-testid={`device-revoke-${d.name}`}>
              {t('adminTerminals.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Drawer open={gate !== null} onClose={onClose} size={560} title={gate ? t('adminTerminals.devicesOf', { code: `${gate.code} ${gate.name}` }) : ''} destroyOnHidden>
      <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={60} placeholder={t('adminTerminals.deviceNameHolder')} onPressEnter={onCreate} data-testid="device-name" />
        <Button type="primary" icon={<PlusOutlined />} loading={create.isPending} onClick={onCreate} data-testid="device-create">
          {t('adminTerminals.deviceCreate')}
        </Button>
      </Space.Compact>
      <Table<GateDevice>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={devices.data?.items}
        loading={devices.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('adminTerminals.devicesEmpty')} /> }}
        data-testid="devices-table"
      />
      <TokenModal device={created} onClose={() => setCreated(null)} />
    </Drawer>
  );
}

/** The device token, once: copy it now or never. */
function TokenModal({ device, onClose }: { device: GateDeviceCreated | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    if (!device) return;
    try {
      await navigator.clipboard.writeText(device.token);
      void message.success(t('adminTerminals.tokenCopied'));
    } catch {
      // no clipboard (plain http): the token is selectable text
      const node = document.querySelector('[data-testid="device-token"]');
      if (node) window.getSelection()?.selectAllChildren(node);
    }
  };
  return (
    <Modal
      open={device !== null}
      title={t('adminTerminals.tokenTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={() => void copy()} data-testid="device-token-copy">
          {t('adminTerminals.tokenCopy')}
        </Button>,
        <Button key="done" type="primary" onClick={onClose} data-testid="device-token-done">
          {t('adminTerminals.tokenDone')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon icon={<WarningOutlined />} title={t('adminTerminals.tokenWarning')} className="cw-section" />
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {device?.name}
      </Typography.Paragraph>
      <pre className="cw-token" data-testid="device-token">
        {device?.token}
      </pre>
    </Modal>
  );
}
