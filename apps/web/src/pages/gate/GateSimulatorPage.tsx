import { KeyOutlined, RedoOutlined, ScanOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Form, Input, Result, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { normalizePlate, type GateDecisionResponse, type GateLane } from '@cargo-window/contracts';

import { isApiError } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';
import { useTerminals } from '../../features/appointments/api.ts';
import { formatInZone } from '../../features/appointments/time.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { useCreateGateDevice, useLanes } from '../../features/gate/api.ts';
import { askGate, newReadId, type PlateRead } from '../../features/gate/device.ts';
import { gateCodeText, laneLabel } from '../../features/gate/feed.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import './gate.css';

const tokenKey = (laneId: string) => `cw.sim.token.${laneId}`;

function storedToken(laneId: string | null): string {
  if (!laneId) return '';
  try {
    return sessionStorage.getItem(tokenKey(laneId)) ?? '';
  } catch {
    return '';
  }
}

interface SimRead extends PlateRead {
  laneCode: string;
  terminalId: string;
  answer: GateDecisionResponse;
}

/** 卡口模拟器: a plate read sent as the lane's device would send it (device token, no session cookie). */
export default function GateSimulatorPage() {
  const { t } = useTranslation();
  const lanes = useLanes();
  if (lanes.isPending) return <PageLoading />;
  if (lanes.isError) return <LoadFailed error={lanes.error} onRetry={() => void lanes.refetch()} />;
  const list = lanes.data.items;
  if (list.length === 0) {
    return (
      <>
        <PageHeader title={t('simulator.title')} subtitle={t('simulator.subtitle')} />
        <Result status="info" title={t('gate.noLanes')} />
      </>
    );
  }
  return <Simulator lanes={list} />;
}

function Simulator({ lanes }: { lanes: GateLane[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const isAdmin = me.user.role === 'platform_admin';
  const createDevice = useCreateGateDevice();
  // The fields are not a form's named fields: their labels are tied to them by id.
  const ids = useId();
  const [laneId, setLaneId] = useState(lanes[0].id);
  const [token, setToken] = useState(() => storedToken(lanes[0].id));
  const [plate, setPlate] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reads, setReads] = useState<SimRead[]>([]);
  const lane = lanes.find((l) => l.id === laneId) ?? lanes[0];
  const terminals = useTerminals();
  const zoneOf = (terminalId: string) => terminals.data?.items.find((x) => x.id === terminalId)?.timeZone ?? 'Asia/Shanghai';
  const language = currentLanguage();

  useEffect(() => {
    try {
      if (token) sessionStorage.setItem(tokenKey(laneId), token);
    } catch {
      // private mode
    }
  }, [laneId, token]);

  const onLane = (id: string) => {
    setLaneId(id);
    setToken(storedToken(id));
    setError(null);
  };

  const send = async (read: PlateRead) => {
    setError(null);
    if (!token.trim()) return setError(t('simulator.tokenRequired'));
    if (!read.plate) return setError(t('simulator.plateRequired'));
    setSending(true);
    try {
      const answer = await askGate(token, read);
      setReads((current) => [{ ...read, laneCode: lane.code, terminalId: lane.terminalId, answer }, ...current].slice(0, 20));
    } catch (e) {
      setError(isApiError(e) && e.status === 401 ? t('simulator.badToken') : errorText(t, e));
    } finally {
      setSending(false);
    }
  };

  const onRead = () => void send({ plate: normalizePlate(plate), readId: newReadId(), readAt: new Date().toISOString() });
  const last = reads[0] ?? null;
  const onResend = () => last && void send({ plate: last.plate, readId: last.readId, readAt: last.readAt });

  const onCreateDevice = () =>
    createDevice.mutate(
      { gateId: lane.id, name: `模拟器-${lane.code}-${new Date().toISOString().slice(0, 16)}` },
      {
        onSuccess: (created) => {
          setToken(created.token);
          void message.success(t('simulator.deviceCreated'));
        },
        onError: (e) => void message.error(errorText(t, e)),
      },
    );

  return (
    <>
      <PageHeader title={t('simulator.title')} subtitle={t('simulator.subtitle')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card>
            <Form layout="vertical" onFinish={onRead}>
              <Form.Item label={t('simulator.lane')} htmlFor={`${ids}-lane`}>
                <Select
                  id={`${ids}-lane`}
                  size="large"
                  value={lane.id}
                  onChange={onLane}
                  options={lanes.map((l) => ({ value: l.id, label: laneLabel(l, t) }))}
                  data-testid="sim-lane"
                />
              </Form.Item>
              <Form.Item label={t('simulator.token')} extra={t('simulator.tokenHint')} htmlFor={`${ids}-token`}>
                <Space.Compact style={{ width: '100%' }}>
                  <Input.Password id={`${ids}-token`} value={token} onChange={(e) => setToken(e.target.value)} placeholder={t('simulator.tokenHolder')} autoComplete="off" className="cw-mono" data-testid="sim-token" />
                  {isAdmin ? (
                    <Button icon={<KeyOutlined />} loading={createDevice.isPending} onClick={onCreateDevice} data-testid="sim-create-device">
                      {t('simulator.createDevice')}
                    </Button>
                  ) : null}
                </Space.Compact>
              </Form.Item>
              <Form.Item label={t('simulator.plate')} htmlFor={`${ids}-plate`}>
                <Input id={`${ids}-plate`} size="large" value={plate} onChange={(e) => setPlate(e.target.value)} placeholder={t('simulator.plateHolder')} maxLength={20} className="cw-plate-input" data-testid="sim-plate" />
              </Form.Item>
              <Space wrap>
                <Button type="primary" size="large" htmlType="submit" icon={<ScanOutlined />} loading={sending} data-testid="sim-read">
                  {t('simulator.read')}
                </Button>
                <Button size="large" icon={<RedoOutlined />} disabled={!last || sending} onClick={onResend} title={t('simulator.resendHint')} data-testid="sim-resend">
                  {t('simulator.resend')}
                </Button>
              </Space>
              {error ? <Alert style={{ marginTop: 16 }} type="error" showIcon title={error} data-testid="sim-error" /> : null}
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={`${t('simulator.board')} · ${lane.code}`}>
            <LedBoard read={last} language={language} />
          </Card>
        </Col>
      </Row>
      <Card title={t('simulator.history')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
        <Table<SimRead>
          rowKey={(r) => `${r.readId}:${r.answer.eventId}:${r.readAt}`}
          size="small"
          pagination={false}
          dataSource={reads}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('simulator.waiting')} /> }}
          columns={[
            { key: 'time', title: t('gate.time'), render: (_v, r) => formatInZone(r.readAt, zoneOf(r.terminalId), 'time') },
            { key: 'lane', title: t('simulator.lane'), dataIndex: 'laneCode' },
            { key: 'plate', title: t('gate.plate'), dataIndex: 'plate', render: (v: string) => <strong>{v}</strong> },
            { key: 'decision', title: t('simulator.decision'), render: (_v, r) => <Tag color={r.answer.decision === 'lift' ? 'green' : 'red'}>{r.answer.decision === 'lift' ? t('gate.lift') : t('gate.deny')}</Tag> },
            { key: 'code', title: t('gate.code'), render: (_v, r) => gateCodeText(r.answer.code, language) },
            { key: 'message', title: t('gate.message'), render: (_v, r) => r.answer.message },
            { key: 'readId', title: t('simulator.readId'), responsive: ['lg'], render: (_v, r) => <Typography.Text className="cw-mono cw-small">{r.readId.slice(0, 16)}… #{r.answer.eventId}</Typography.Text> },
          ]}
        />
      </Card>
    </>
  );
}

/** The lane's LED board: a big green 抬杆 or red 拒绝 and the board's message. */
function LedBoard({ read, language }: { read: SimRead | null; language: 'zh-CN' | 'en' }) {
  const { t } = useTranslation();
  if (!read) {
    return (
      <div className="cw-led" data-testid="sim-result" data-decision="">
        <span className="cw-led-idle">{t('simulator.waiting')}</span>
      </div>
    );
  }
  const { answer } = read;
  const timing = answer.earlyByMinutes ? t('simulator.earlyBy', { n: answer.earlyByMinutes }) : answer.lateByMinutes ? t('simulator.lateBy', { n: answer.lateByMinutes }) : null;
  return (
    <div className={`cw-led cw-led-${answer.decision}`} data-testid="sim-result" data-decision={answer.decision} data-code={answer.code}>
      <span className="cw-led-decision">{answer.decision === 'lift' ? t('simulator.lift') : t('simulator.deny')}</span>
      <span className="cw-led-message">{answer.message}</span>
      <span className="cw-led-meta">
        {read.plate} · {gateCodeText(answer.code, language)}
        {timing ? ` · ${timing}` : ''}
        {answer.appointmentNo ? ` · ${t('simulator.appointmentNo')} ${answer.appointmentNo}` : ''}
      </span>
    </div>
  );
}
