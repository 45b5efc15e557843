import { ExperimentOutlined, UnlockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Col, Empty, Form, Input, Modal, Result, Row, Select, Space, Tag, type ButtonProps } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { isPlate, normalizePlate, type GateEvent, type GateLane, type InsideVehicle } from '@cargo-window/contracts';

import { useTerminals } from '../../features/appointments/api.ts';
import { formatInZone } from '../../features/appointments/time.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { gateKeys, useInside, useLaneEvents, useLanes, useOverride } from '../../features/gate/api.ts';
import { gateCodeText, gateEventFromLive, laneLabel, lastDeniedPlate, mergeFeed } from '../../features/gate/feed.ts';
import { codedRule, requiredRule } from '../../features/forms/rules.ts';
import { useServerErrors } from '../../features/forms/use-server-errors.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';
import { asGateRead } from '../../features/live/events.ts';
import { useLiveEvents, useLiveStatus } from '../../features/live/useLiveEvents.ts';
import { currentLanguage } from '../../i18n/index.ts';
import './gate.css';

const LANE_KEY = 'cw.gate.lane';
const DEFAULT_ZONE = 'Asia/Shanghai';

function storedLane(): string | null {
  try {
    return localStorage.getItem(LANE_KEY);
  } catch {
    return null;
  }
}

/** 卡口监控: one lane's live reads and decisions, the trucks inside the zone, 手动抬杆. Made to be glanced at. */
export default function GateConsolePage() {
  const { t } = useTranslation();
  const lanes = useLanes();
  const [laneId, setLaneId] = useState<string | null>(storedLane);

  const list = lanes.data?.items;
  const lane = list?.find((l) => l.id === laneId) ?? list?.[0] ?? null;

  useEffect(() => {
    if (!lane) return;
    try {
      localStorage.setItem(LANE_KEY, lane.id);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, [lane]);

  if (lanes.isPending) return <PageLoading />;
  if (lanes.isError) return <LoadFailed error={lanes.error} onRetry={() => void lanes.refetch()} />;
  if (!lane || !list) {
    return (
      <>
        <PageHeader title={t('gate.title')} />
        <Result status="info" title={t('gate.noLanes')} data-testid="gate-no-lanes" />
      </>
    );
  }
  return <Console lanes={list} lane={lane} onLane={setLaneId} />;
}

function LiveIndicator() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  const badge = status === 'open' ? 'success' : status === 'connecting' ? 'processing' : 'error';
  const text = status === 'open' ? t('gate.live') : status === 'connecting' ? t('gate.connecting') : t('gate.offline');
  return <Badge status={badge} text={text} className="cw-live" data-testid="gate-live" data-status={status} />;
}

function Console({ lanes, lane, onLane }: { lanes: GateLane[]; lane: GateLane; onLane: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const terminals = useTerminals();
  const timeZone = terminals.data?.items.find((x) => x.id === lane.terminalId)?.timeZone ?? DEFAULT_ZONE;
  const events = useLaneEvents(lane.id);
  const inside = useInside(lane.terminalId);
  const [live, setLive] = useState<{ laneId: string; events: GateEvent[] }>({ laneId: lane.id, events: [] });
  const [overrideOpen, setOverrideOpen] = useState(false);
  const language = currentLanguage();

  // Rows that arrived while the page is open flash once.
  const seenUpTo = useRef<number | null>(null);
  useEffect(() => {
    seenUpTo.current = null;
  }, [lane.id]);

  useLiveEvents((event) => {
    if (event.type === 'live.open') {
      void queryClient.invalidateQueries({ queryKey: gateKeys.events(lane.id) });
      void queryClient.invalidateQueries({ queryKey: gateKeys.inside(lane.terminalId) });
      return;
    }
    if (event.type === 'zone.changed' && event.data.terminalId === lane.terminalId) {
      void queryClient.invalidateQueries({ queryKey: gateKeys.inside(lane.terminalId) });
    }
    const read = asGateRead(event);
    if (!read) return;
    if (lanes.some((l) => l.id === read.gateId && l.terminalId === lane.terminalId)) {
      void queryClient.invalidateQueries({ queryKey: gateKeys.inside(lane.terminalId) });
    }
    if (read.gateId !== lane.id) return;
    setLive((current) => ({ laneId: lane.id, events: mergeFeed(current.laneId === lane.id ? current.events : [], [gateEventFromLive(read)]) }));
  });

  const feed = useMemo(() => mergeFeed(events.data?.items ?? [], live.laneId === lane.id ? live.events : []), [events.data, live, lane.id]);
  if (seenUpTo.current === null && events.data) seenUpTo.current = events.data.items[0]?.id ?? 0;
  const latest = feed[0] ?? null;
  const isOfficer = me.user.role === 'gate_officer';

  return (
    <div className="cw-gate">
      <PageHeader
        title={
          <Space size={12} wrap>
            <span>{t('gate.title')}</span>
            <LiveIndicator />
          </Space>
        }
        subtitle={t('gate.subtitle')}
        extra={
          <Space wrap size={12}>
            <Select
              size="large"
              className="cw-lane-select"
              value={lane.id}
              onChange={onLane}
              aria-label={t('gate.lane')}
              options={lanes.map((l) => ({ value: l.id, label: laneLabel(l, t) }))}
              data-testid="gate-lane-select"
            />
            {isOfficer ? (
              <Button size="large" type="primary" danger icon={<UnlockOutlined />} onClick={() => setOverrideOpen(true)} data-testid="gate-override">
                {t('gate.override')}
              </Button>
            ) : null}
            <Link to="/gate/simulator">
              <Button size="large" icon={<ExperimentOutlined />} data-testid="gate-to-simulator">
                {t('gate.simulator')}
              </Button>
            </Link>
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <LatestBoard event={latest} timeZone={timeZone} language={language} />
          <Card title={`${t('gate.feed')} · ${lane.code}`} className="cw-section" styles={{ body: { padding: 0 } }}>
            {events.isError ? (
              <LoadFailed error={events.error} onRetry={() => void events.refetch()} />
            ) : (
              <div className="cw-feed" data-testid="gate-feed" aria-live="polite">
                {feed.length === 0 && !events.isPending ? <Empty className="cw-feed-empty" description={t('gate.feedEmpty')} /> : null}
                {feed.map((event) => (
                  <FeedRow key={event.id} event={event} timeZone={timeZone} language={language} fresh={seenUpTo.current !== null && event.id > seenUpTo.current} />
                ))}
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <InsideList inside={inside} timeZone={timeZone} />
        </Col>
      </Row>
      {isOfficer ? <OverrideModal lane={lane} open={overrideOpen} suggestedPlate={lastDeniedPlate(feed)} onClose={() => setOverrideOpen(false)} /> : null}
    </div>
  );
}

function DecisionPill({ decision, large = false }: { decision: 'lift' | 'deny'; large?: boolean }) {
  const { t } = useTranslation();
  return <span className={`cw-decision cw-decision-${decision}${large ? ' cw-decision-large' : ''}`}>{decision === 'lift' ? t('gate.lift') : t('gate.deny')}</span>;
}

function DirectionTag({ direction }: { direction: 'in' | 'out' }) {
  const { t } = useTranslation();
  return <Tag color={direction === 'in' ? 'blue' : 'purple'} className="cw-direction">{direction === 'in' ? t('gate.in') : t('gate.out')}</Tag>;
}

/** The newest read of the lane, as big as the lane's own LED board. */
function LatestBoard({ event, timeZone, language }: { event: GateEvent | null; timeZone: string; language: 'zh-CN' | 'en' }) {
  const { t } = useTranslation();
  if (!event) return null;
  return (
    <div className={`cw-latest cw-latest-${event.decision}`} data-testid="gate-latest" data-decision={event.decision}>
      <div className="cw-latest-main">
        <span className="cw-latest-label">{t('gate.latest')}</span>
        <span className="cw-latest-plate">{event.plate}</span>
        <DirectionTag direction={event.direction} />
      </div>
      <div className="cw-latest-side">
        <DecisionPill decision={event.decision} large />
        <div className="cw-latest-code">{gateCodeText(event.code, language)}</div>
        <div className="cw-latest-time">{formatInZone(event.readAt, timeZone, 'time')}</div>
      </div>
      <div className="cw-latest-message">{event.message}</div>
    </div>
  );
}

function FeedRow({ event, timeZone, language, fresh }: { event: GateEvent; timeZone: string; language: 'zh-CN' | 'en'; fresh: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={`cw-feed-row cw-feed-${event.decision}${fresh ? ' cw-feed-fresh' : ''}`} data-testid="gate-feed-row" data-decision={event.decision} data-plate={event.plate} data-code={event.code}>
      <span className="cw-feed-time">{formatInZone(event.readAt, timeZone, 'time')}</span>
      <span className="cw-feed-plate">{event.plate}</span>
      <DirectionTag direction={event.direction} />
      <DecisionPill decision={event.decision} />
      <span className="cw-feed-text">
        <strong>{gateCodeText(event.code, language)}</strong>
        <span className="cw-feed-message">{event.message}</span>
        {event.overrideBy ? <span className="cw-feed-override">{t('gate.overrideBy', { officer: event.overrideBy, reason: event.overrideReason ?? '' })}</span> : null}
      </span>
    </div>
  );
}

function InsideList({ inside, timeZone }: { inside: ReturnType<typeof useInside>; timeZone: string }) {
  const { t } = useTranslation();
  const items = inside.data?.items ?? [];
  return (
    <Card
      title={
        <Space>
          {t('gate.inside')}
          <Badge count={items.length} showZero color="#0b4ea2" data-testid="gate-inside-count" />
        </Space>
      }
      styles={{ body: { padding: 0 } }}
      loading={inside.isPending}
    >
      {inside.isError ? (
        <LoadFailed error={inside.error} onRetry={() => void inside.refetch()} />
      ) : (
        <div className="cw-inside" data-testid="gate-inside">
          {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gate.insideEmpty')} /> : null}
          {items.map((v: InsideVehicle) => (
            <div key={v.appointmentId} className="cw-inside-row" data-testid="gate-inside-row" data-plate={v.plate}>
              <div className="cw-inside-top">
                <span className="cw-inside-plate">{v.plate}</span>
                <Tag color={v.status === 'empty_confirmed' ? 'green' : 'purple'}>{v.status === 'empty_confirmed' ? t('gate.statusConfirmed') : t('gate.statusEntered')}</Tag>
              </div>
              <div className="cw-inside-meta">
                {t(`appt.flagLabels.${v.flag}`)} · {v.enterpriseName}
                {v.enteredAt ? ` · ${t('gate.enteredAt', { time: formatInZone(v.enteredAt, timeZone, 'time').slice(0, 5) })}` : ''}
              </div>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

interface OverrideValues {
  plate: string;
  reason: string;
}

/** 手动抬杆: plate and a written reason (at least 4 characters), recorded as an override. */
function OverrideModal({ lane, open, suggestedPlate, onClose }: { lane: GateLane; open: boolean; suggestedPlate: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OverrideValues>();
  const errors = useServerErrors(form);
  const override = useOverride();

  const onOk = async () => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const plate = normalizePlate(values.plate);
    override.mutate(
      { gateId: lane.id, plate, reason: values.reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('gate.overrideDone', { plate }));
          onClose();
        },
        onError: (error) => errors.show(error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('gate.overrideTitle', { lane: `${lane.code} ${lane.name}` })}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('gate.overrideOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, size: 'large', 'data-testid': 'gate-override-confirm' } as ButtonProps}
      cancelButtonProps={{ size: 'large' }}
      confirmLoading={override.isPending}
      destroyOnHidden
      afterClose={() => errors.clear()}
    >
      <Alert className="cw-section" type="warning" showIcon title={t('gate.overrideWarning')} />
      <Form<OverrideValues> form={form} layout="vertical" preserve={false} initialValues={{ plate: suggestedPlate ?? '' }}>
        <Form.Item name="plate" label={t('gate.overridePlate')} rules={[requiredRule(t), codedRule(t, isPlate, 'PLATE_INVALID', normalizePlate)]}>
          <Input size="large" maxLength={20} className="cw-plate-input" data-testid="gate-override-plate" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('gate.overrideReason')}
          rules={[
            { required: true, whitespace: true, message: t('gate.overrideReasonShort') },
            { validator: async (_r, v: string | undefined) => { if (v && v.trim().length < 4) throw new Error(t('gate.overrideReasonShort')); } },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('gate.overrideReasonHolder')} data-testid="gate-override-reason" />
        </Form.Item>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}
      </Form>
    </Modal>
  );
}
