import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Select, Skeleton, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import type { Terminal } from '@cargo-window/contracts';

import { api } from '../../api/client.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { useLiveEvents } from '../../features/live/useLiveEvents.ts';
import { dayIn } from '../../features/mobile/model.ts';
import { HourChart, type HourFigures } from './HourChart.tsx';
import './dashboard.css';

interface Dashboard {
  terminalId: string;
  date: string;
  hours: HourFigures[];
  totals: { booked: number; arrivals: number };
  noShowRate: number | null;
  averageMinutesInside: number | null;
  visitsCompleted: number;
}

/** /terminal/dashboard — a terminal's day: bookings and arrivals by hour, no-show rate, time inside. */
export default function TerminalDashboardPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const own = me.user.role === 'terminal_operator' ? me.user.terminalId : null;
  const terminals = useQuery({
    queryKey: ['terminals'],
    queryFn: ({ signal }) => api.get<{ items: Terminal[] }>('/terminals', undefined, signal),
  });
  const [picked, setPicked] = useState<string | null>(null);
  const terminalId = own ?? picked ?? terminals.data?.items[0]?.id ?? null;
  const terminal = terminals.data?.items.find((x) => x.id === terminalId);
  // The day is in the address (`?date=2026-11-25`), so a link or a reload keeps it.
  const [params, setParams] = useSearchParams();
  const asked = params.get('date');
  const date = asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : null;
  const setDate = (value: string | null) => setParams(value ? { date: value } : {}, { replace: true });
  const day = date ?? terminal?.today ?? dayIn('Asia/Shanghai');

  const dashboard = useQuery({
    queryKey: ['terminal', 'dashboard', terminalId, day],
    queryFn: ({ signal }) => api.get<Dashboard>(`/terminals/${encodeURIComponent(terminalId!)}/dashboard`, { date: day }, signal),
    enabled: Boolean(terminalId),
    refetchInterval: 60_000,
  });

  // Gate reads and bookings at this terminal change the figures: reload at once.
  useLiveEvents((event) => {
    if (event.type === 'gate.read' || event.type === 'slot.changed' || event.type === 'appointment.status') void dashboard.refetch();
  });

  const d = dashboard.data;
  const pct = (v: number | null) => (v === null ? t('dashboard.none') : `${(v * 100).toFixed(1)}%`);

  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        subtitle={t('dashboard.subtitle')}
        extra={
          <div className="cw-dash-controls">
            {own ? null : (
              <Select<string>
                value={terminalId ?? undefined}
                placeholder={t('dashboard.noTerminal')}
                loading={terminals.isPending}
                onChange={setPicked}
                options={terminals.data?.items.map((x) => ({ value: x.id, label: `${x.name} (${x.code})` }))}
                style={{ minWidth: 220 }}
                data-testid="dashboard-terminal"
              />
            )}
            <DatePicker
              value={dayjs(day)}
              allowClear={false}
              onChange={(value) => setDate(value ? value.format('YYYY-MM-DD') : null)}
              data-testid="dashboard-date"
            />
            <Button icon={<ReloadOutlined />} onClick={() => void dashboard.refetch()} loading={dashboard.isFetching} aria-label={t('result.retry')} />
          </div>
        }
      />
      {terminal ? <div className="cw-dash-terminal">{terminal.name} · {terminal.code}</div> : null}
      {dashboard.isError ? (
        <LoadFailed error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : !d ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <div className="cw-dash-kpis" data-testid="dashboard-kpis">
            <Kpi testId="kpi-booked" title={t('dashboard.booked')} value={d.totals.booked} />
            <Kpi testId="kpi-arrivals" title={t('dashboard.arrivals')} value={d.totals.arrivals} />
            <Kpi testId="kpi-no-show" title={t('dashboard.noShowRate')} value={pct(d.noShowRate)} />
            <Kpi testId="kpi-avg-minutes" title={t('dashboard.avgMinutes')} value={d.averageMinutesInside ?? t('dashboard.none')} />
            <Kpi testId="kpi-visits" title={t('dashboard.visitsCompleted')} value={d.visitsCompleted} />
          </div>
          <Card title={t('dashboard.chartTitle')} className="cw-dash-card">
            <HourChart hours={d.hours} />
          </Card>
        </>
      )}
    </>
  );
}

function Kpi({ title, value, testId }: { title: string; value: ReactNode; testId: string }) {
  return (
    <Card className="cw-dash-kpi" size="small">
      <Statistic title={title} value={value as string | number} valueRender={() => <span data-testid={testId}>{value}</span>} />
    </Card>
  );
}
