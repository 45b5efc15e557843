import { LoginOutlined } from '@ant-design/icons';
import { Empty, Grid, Segmented, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { localTime } from '../../features/appointments/time.ts';
import { useBoard, usePublicBoardEvents, type BoardSlot, type BoardTerminal } from '../../features/board/api.ts';
import '../../features/board/board.css';
import { useDocumentTitle } from '../../features/layout/document-title.ts';
import { LanguageToggle } from '../../features/layout/LanguageToggle.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { dayIn, fullness } from '../../features/mobile/model.ts';

/** /board — public (no login): free places per window and flag at each terminal, trucks inside, live. */
export default function BoardPage() {
  const { t } = useTranslation();
  const board = useBoard();
  const live = usePublicBoardEvents();
  // Past windows grey out as the clock moves, without waiting for the next reload.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);

  useDocumentTitle(t('board.title'));

  return (
    <div className="cw-board" data-testid="board">
      <header className="cw-board-header">
        <div className="cw-board-brand">
          <img src="/icons/icon-192.png" width={40} height={40} alt="" />
          <div>
            <h1>{t('board.title')}</h1>
            <p>{t('board.subtitle')}</p>
          </div>
        </div>
        <div className="cw-board-status">
          <span className={`cw-board-live cw-board-live-${live}`} data-testid="board-live" data-status={live}>
            <span className="cw-board-live-dot" aria-hidden /> {live === 'open' ? t('board.live') : t('board.reconnecting')}
          </span>
          {board.data ? <span className="cw-board-updated">{t('board.updatedAt', { time: dayjs(board.data.generatedAt).format('HH:mm:ss') })}</span> : null}
          <LanguageToggle dark />
          <Link to="/m" className="cw-board-login">
            <LoginOutlined /> {t('board.login')}
          </Link>
        </div>
      </header>
      <section className="cw-board-legend" aria-label={t('board.legend')}>
        <span className="cw-board-pill cw-fill-free">{t('board.legendFree')}</span>
        <span className="cw-board-pill cw-fill-busy">{t('board.legendBusy')}</span>
        <span className="cw-board-pill cw-fill-full">{t('board.legendFull')}</span>
        <span className="cw-board-legend-note">
          {t('board.pickup')} / {t('board.delivery')} · {t('board.free')}
        </span>
      </section>
      <main className="cw-board-main">
        {board.isError && !board.data ? (
          <LoadFailed error={board.error} onRetry={() => void board.refetch()} />
        ) : !board.data ? (
          <Skeleton active paragraph={{ rows: 10 }} />
        ) : board.data.terminals.length === 0 ? (
          <Empty description={t('board.noSlots')} />
        ) : (
          board.data.terminals.map((terminal) => <TerminalBoard key={terminal.id} terminal={terminal} now={now} />)
        )}
      </main>
    </div>
  );
}

function TerminalBoard({ terminal, now }: { terminal: BoardTerminal; now: number }) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const wide = screens.md !== false;
  const today = dayIn(terminal.timeZone);
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = terminal.days.find((d) => d.date === chosen) ?? terminal.days[0];
  const days = wide ? terminal.days : selected ? [selected] : [];

  // One row per time of day found on any shown day, in order; a row whose windows have all ended is left out.
  const rows = useMemo(() => {
    const times = new Map<string, { end: string; open: boolean }>();
    for (const day of days) {
      for (const slot of day.slots) {
        const key = localTime(slot.start);
        const open = Date.parse(slot.end) > now;
        const known = times.get(key);
        times.set(key, { end: localTime(slot.end), open: open || (known?.open ?? false) });
      }
    }
    return [...times.entries()].filter(([, v]) => v.open).map(([start, v]) => [start, v.end] as const).sort(([a], [b]) => a.localeCompare(b));
  }, [days, now]);

  const dayLabel = (date: string) => {
    const d = dayjs(date);
    const text = d.format(i18n.language === 'en' ? 'ddd M/D' : 'M/D ddd');
    return date === today ? `${t('board.today')} ${text}` : text;
  };

  return (
    <section className="cw-board-terminal" data-testid={`board-terminal-${terminal.code}`}>
      <div className="cw-board-terminal-head">
        <h2>
          {terminal.name} <span className="cw-board-code">{terminal.code}</span>
        </h2>
        <div className="cw-board-inside">
          <span>{t('board.insideNow')}</span>
          <strong data-testid={`board-inside-${terminal.code}`}>{terminal.insideNow}</strong>
          <span>{t('board.trucks')}</span>
        </div>
      </div>
      {!wide && terminal.days.length > 1 ? (
        <Segmented
          block
          className="cw-board-days"
          value={selected?.date}
          onChange={(value) => setChosen(String(value))}
          options={terminal.days.map((d) => ({ value: d.date, label: <span data-testid={`board-day-${d.date}`}>{d.date === today ? t('board.today') : dayjs(d.date).format('M/D')}</span> }))}
        />
      ) : null}
      {/* Rows are `display: contents`: their cells sit in the grid, and a screen reader reads a table. */}
      <div className="cw-board-grid" style={{ gridTemplateColumns: `minmax(52px, 0.5fr) repeat(${days.length}, minmax(0, 1fr))` }} role="table" aria-label={terminal.name}>
        <div className="cw-board-row" role="row">
          <div className="cw-board-corner" role="columnheader">
            <span className="cw-sr-only">{t('board.window')}</span>
          </div>
          {days.map((day) => (
            <div key={day.date} className={`cw-board-dayhead${day.date === today ? ' cw-board-today' : ''}`} role="columnheader">
              {dayLabel(day.date)}
            </div>
          ))}
        </div>
        {rows.map(([start, end]) => (
          <Row key={start} start={start} end={end} days={days} now={now} />
        ))}
        {rows.length === 0 ? (
          <div className="cw-board-row" role="row">
            <div className="cw-board-none" role="cell">
              {t('board.noSlots')}
            </div>
          </div>
        ) : null}
      </div>
    </section>
  );
}

function Row({ start, end, days, now }: { start: string; end: string; days: BoardTerminal['days']; now: number }) {
  const { t } = useTranslation();
  return (
    <div className="cw-board-row" role="row">
      <div className="cw-board-time" role="rowheader">
        {start}
        <span className="cw-board-time-end">–{end === '00:00' ? '24:00' : end}</span>
      </div>
      {days.map((day) => {
        if (day.closed) return <div key={day.date} className="cw-board-cell cw-board-closed" role="cell">{t('board.closed')}</div>;
        const slot = day.slots.find((s) => localTime(s.start) === start);
        return slot ? <Cell key={day.date} slot={slot} date={day.date} now={now} /> : <div key={day.date} className="cw-board-cell cw-board-empty" role="cell" />;
      })}
    </div>
  );
}

function Cell({ slot, date, now }: { slot: BoardSlot; date: string; now: number }) {
  const { t } = useTranslation();
  const past = Date.parse(slot.end) <= now;
  const pill = (flag: 'pickup' | 'delivery') => {
    const free = slot.free[flag];
    const capacity = slot.capacity[flag];
    const label = t(`board.${flag}`);
    return (
      <span className={`cw-board-pill cw-fill-${capacity === 0 ? 'none' : fullness(free, capacity)}`} title={`${label} ${t('board.free')} ${free}/${capacity}`}>
        <span className="cw-board-pill-flag">{t(`board.${flag}Short`)}</span>
        <strong>{capacity === 0 ? '—' : free}</strong>
      </span>
    );
  };
  return (
    <div
      className={`cw-board-cell${past ? ' cw-board-past' : ''}`}
      data-testid="board-slot"
      data-date={date}
      data-start={slot.start}
      data-free-pickup={slot.free.pickup}
      data-free-delivery={slot.free.delivery}
      role="cell"
    >
      {past ? (
        <span className="cw-board-pastword">{t('board.past')}</span>
      ) : (
        <>
          {pill('pickup')}
          {pill('delivery')}
        </>
      )}
    </div>
  );
}
