import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Empty, Grid, Skeleton, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { AppointmentFlag, Slot, Terminal } from '@cargo-window/contracts';

import { LoadFailed } from '../layout/PageStates.tsx';
import { useLiveEvents } from '../live/useLiveEvents.ts';
import { useCalendar } from './api.ts';
import { isBookable, slotAvailability, type SlotState } from './model.ts';
import { localTime, slotRange } from './time.ts';
import './appointments.css';

export interface SlotCalendarProps {
  terminal: Terminal;
  flag: AppointmentFlag;
  /** The chosen slot's id. */
  value: string | null;
  onChange: (slot: Slot) => void;
}

/** Re-evaluate "too late to book" every minute. */
function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * The booking calendar: the terminal's next days as columns, the day's slots as rows, each cell
 * the places left for the chosen flag, coloured by fullness. Kept current by the live
 * `slot.changed` events (another enterprise booking the slot you are looking at).
 */
export function SlotCalendar({ terminal, flag, value, onChange }: SlotCalendarProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const calendar = useCalendar(terminal.id);
  const now = useNow();
  const scroller = useRef<HTMLDivElement>(null);
  const narrow = Grid.useBreakpoint().sm === false;

  useLiveEvents((event) => {
    if ((event.type === 'slot.changed' && event.data.terminalId === terminal.id) || event.type === 'live.open') {
      void queryClient.invalidateQueries({ queryKey: ['terminals', terminal.id, 'calendar'] });
    }
  });

  const grid = useMemo(() => {
    const days = calendar.data?.days ?? [];
    const times = [...new Set(days.flatMap((d) => d.slots.map((s) => localTime(s.start))))].sort();
    const byDay = days.map((day) => ({ ...day, byTime: new Map(day.slots.map((s) => [localTime(s.start), s])) }));
    return { days: byDay, times };
  }, [calendar.data]);

  // Scroll the first bookable hour into view once the calendar arrives.
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    const box = scroller.current;
    if (!box || !calendar.data || scrolledFor.current === terminal.id) return;
    scrolledFor.current = terminal.id;
    const selected = box.querySelector<HTMLElement>('.slot-cell[data-selected="true"]');
    const first = selected ?? box.querySelector<HTMLElement>('.slot-cell[data-state="plenty"], .slot-cell[data-state="few"]');
    const header = box.querySelector<HTMLElement>('.cw-cal-head');
    if (first) box.scrollTop = Math.max(0, first.offsetTop - (header?.offsetHeight ?? 0) - 4);
  }, [calendar.data, terminal.id]);

  if (calendar.isError) return <LoadFailed error={calendar.error} onRetry={() => void calendar.refetch()} />;
  if (calendar.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (grid.times.length === 0) return <Empty description={t('appt.calendarEmpty')} />;

  const today = calendar.data.today;
  const stateText = (state: SlotState, remaining: number) => {
    switch (state) {
      case 'plenty':
      case 'few':
        return t('appt.remaining', { n: remaining });
      case 'full':
        return t('appt.full');
      case 'closed':
        return t('appt.closed');
      case 'past':
        return '—';
      default: {
        const unknown: never = state;
        return String(unknown);
      }
    }
  };

  return (
    <div className="cw-cal-wrap">
      <div className="cw-cal-legend" role="group" aria-label={t('appt.legend')}>
        <span><i className="cw-dot cw-dot-plenty" />{t('appt.legendPlenty')}</span>
        <span><i className="cw-dot cw-dot-few" />{t('appt.legendFew')}</span>
        <span><i className="cw-dot cw-dot-full" />{t('appt.legendFull')}</span>
        <span><i className="cw-dot cw-dot-past" />{t('appt.legendUnavailable')}</span>
        <Tooltip title={t('result.retry')}>
          <Button type="text" size="small" icon={<ReloadOutlined />} loading={calendar.isFetching} onClick={() => void calendar.refetch()} aria-label={t('result.retry')} />
        </Tooltip>
      </div>
      <div className="cw-cal" ref={scroller} data-testid="slot-calendar">
        <div className="cw-cal-grid" style={{ gridTemplateColumns: narrow ? `44px repeat(${grid.days.length}, minmax(58px, 1fr))` : `56px repeat(${grid.days.length}, minmax(76px, 1fr))` }} role="table" aria-label={t('appt.slot')}>
          <div className="cw-cal-row" role="row">
            <div className="cw-cal-head cw-cal-corner" role="columnheader">
              <span className="cw-sr-only">{t('appt.slot')}</span>
            </div>
            {grid.days.map((day) => {
              const d = dayjs(day.date);
              return (
                <div key={day.date} className={day.date === today ? 'cw-cal-head cw-cal-today' : 'cw-cal-head'} role="columnheader">
                  <strong>{d.format('MM-DD')}</strong>
                  <span>{day.date === today ? t('appt.today') : d.format('ddd')}</span>
                </div>
              );
            })}
          </div>
          {grid.times.map((time) => (
            <div key={time} className="cw-cal-row" role="row">
              <div className="cw-cal-time" role="rowheader">{time}</div>
              {grid.days.map((day) => {
                const slot = day.byTime.get(time);
                if (!slot) return <div key={day.date} className="cw-cal-cell cw-cal-none" role="cell" />;
                const { state, remaining, capacity } = slotAvailability(day.closed ? { ...slot, closed: true } : slot, flag, now, terminal.minLeadMinutes);
                const selected = slot.id === value;
                const bookable = isBookable(state);
                return (
                  <div key={day.date} className="cw-cal-cellbox" role="cell">
                    <button
                      type="button"
                      className={`cw-cal-cell slot-cell cw-slot-${state}${selected ? ' cw-slot-selected' : ''}`}
                      disabled={!bookable && !selected}
                      onClick={() => bookable && onChange(slot)}
                      title={`${slotRange(slot)} · ${stateText(state, remaining)} / ${capacity}`}
                      aria-pressed={selected}
                      data-testid={`slot-${slot.start}`}
                      data-slot-cell=""
                      data-start={slot.start}
                      data-slot-id={slot.id}
                      data-remaining={remaining}
                      data-state={state}
                      data-selected={selected ? 'true' : 'false'}
                    >
                      {selected ? <CheckOutlined className="cw-slot-check" /> : null}
                      <span className="cw-slot-count">{stateText(state, remaining)}</span>
                      {bookable ? <span className="cw-slot-cap">/{capacity}</span> : null}
                    </button>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
