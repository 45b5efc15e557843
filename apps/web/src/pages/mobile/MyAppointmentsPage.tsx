import { ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Skeleton, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { isEnterpriseRole, type AppointmentSummary } from '@cargo-window/contracts';

import { StatusTag } from '../../features/appointments/StatusTag.tsx';
import { slotTimes } from '../../features/appointments/time.ts';
import { accessFor } from '../../features/access/menu.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { useRecentAppointments } from '../../features/mobile/api.ts';
import { dayIn, plusDays, upcomingByDay } from '../../features/mobile/model.ts';
import { MobileHeader } from './MobileLayout.tsx';

/** /m — 我的预约: today's and the next days' appointments as cards, grouped by day. */
export default function MyAppointmentsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const access = accessFor(me.user);
  const canRead = access.appointment || access.appointmentQuery;
  const list = useRecentAppointments(canRead);
  const groups = useMemo(() => (list.data ? upcomingByDay(list.data) : []), [list.data]);

  const header = (
    <MobileHeader
      title={t('mobile.myAppointments')}
      extra={
        canRead ? (
          <Button type="text" className="cw-m-header-button" icon={<ReloadOutlined spin={list.isFetching} />} aria-label={t('result.retry')} onClick={() => void list.refetch()} data-testid="m-refresh" />
        ) : null
      }
    />
  );

  if (!isEnterpriseRole(me.user.role) || !canRead) {
    return (
      <>
        {header}
        <Result status="info" title={isEnterpriseRole(me.user.role) ? t('mobile.noReadAccess') : t('mobile.notForRole')} extra={<Link to="/">{t('mobile.openDesktop')}</Link>} />
      </>
    );
  }

  return (
    <>
      {header}
      <div className="cw-m-body" data-testid="m-appointments">
        {list.isError ? (
          <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
        ) : list.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : groups.length === 0 ? (
          <Empty className="cw-m-empty" description={<><div>{t('mobile.noAppointments')}</div><div className="cw-m-hint">{t('mobile.noAppointmentsHint')}</div></>} />
        ) : (
          groups.map((group) => (
            <section key={group.date} className="cw-m-day" data-testid="m-day" data-date={group.date}>
              <h2 className="cw-m-day-title">
                <DayTitle date={group.date} />
                <span className="cw-m-day-count">{group.items.length}</span>
              </h2>
              {group.items.map((a) => (
                <AppointmentCard key={a.id} appointment={a} />
              ))}
            </section>
          ))
        )}
      </div>
    </>
  );
}

function DayTitle({ date }: { date: string }) {
  const { t, i18n } = useTranslation();
  const today = dayIn('Asia/Shanghai');
  const word = date === today ? t('mobile.today') : date === plusDays(today, 1) ? t('mobile.tomorrow') : null;
  const d = dayjs(date);
  return (
    <span>
      {word ? <strong>{word} · </strong> : null}
      {d.format(i18n.language === 'en' ? 'ddd, MMM D' : 'M月D日 dddd')}
    </span>
  );
}

function AppointmentCard({ appointment: a }: { appointment: AppointmentSummary }) {
  const { t } = useTranslation();
  return (
    <Link to={`/m/appointments/${encodeURIComponent(a.id)}`} className="cw-m-card cw-m-appt" data-testid="m-appt-card" data-id={a.id} data-status={a.status}>
      <div className="cw-m-appt-top">
        <span className="cw-m-appt-time">{slotTimes(a.slot)}</span>
        <StatusTag status={a.status} />
      </div>
      <div className="cw-m-appt-mid">
        <span className="cw-m-plate">{a.plate}</span>
        <Tag color={a.flag === 'delivery' ? 'geekblue' : 'orange'} className="cw-m-flag">
          {t(`appt.flagLabels.${a.flag}`)}
        </Tag>
      </div>
      <div className="cw-m-appt-foot">
        <span className="cw-m-appt-terminal">{a.terminal.name}</span>
        <span className="cw-m-appt-no cw-mono">{a.appointmentNo ?? a.businessNo}</span>
        <RightOutlined className="cw-m-appt-arrow" />
      </div>
    </Link>
  );
}
