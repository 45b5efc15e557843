import { useTranslation } from 'react-i18next';

export interface HourFigures {
  hour: number;
  booked: { pickup: number; delivery: number };
  arrivals: number;
}

const W = 960;
const H = 300;
const PAD = { left: 40, right: 12, top: 16, bottom: 34 };
const COLORS = { pickup: '#fa8c16', delivery: '#2f6fd6', arrivals: '#389e0d' };

/** A round top for the y axis: 1, 2, 5 × 10ⁿ steps, at least 4. */
export function axisTop(max: number): { top: number; step: number } {
  if (max <= 4) return { top: 4, step: 1 };
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * 分时段预约与到达: 24 stacked bars (booked pickups under booked deliveries) and the gate's
 * arrivals as a line, in plain SVG scaled to its box.
 */
export function HourChart({ hours }: { hours: HourFigures[] }) {
  const { t } = useTranslation();
  const max = Math.max(0, ...hours.map((h) => Math.max(h.booked.pickup + h.booked.delivery, h.arrivals)));
  const { top, step } = axisTop(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const band = plotW / 24;
  const barW = band * 0.62;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const x = (hour: number) => PAD.left + band * hour + band / 2;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const line = hours.map((h) => `${x(h.hour).toFixed(1)},${y(h.arrivals).toFixed(1)}`).join(' ');

  return (
    <figure className="cw-dash-chart" data-testid="dashboard-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('dashboard.chartTitle')} preserveAspectRatio="xMidYMid meet">
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke={v === 0 ? '#bfc7d3' : '#eef1f5'} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#8a94a6">
              {v}
            </text>
          </g>
        ))}
        {hours.map((h) => {
          const total = h.booked.pickup + h.booked.delivery;
          const left = x(h.hour) - barW / 2;
          return (
            <g key={h.hour} data-testid="dashboard-bar" data-hour={h.hour} data-booked={total} data-arrivals={h.arrivals}>
              <title>{`${t('dashboard.hour', { hour: h.hour })} · ${t('dashboard.bookedPickup')} ${h.booked.pickup} · ${t('dashboard.bookedDelivery')} ${h.booked.delivery} · ${t('dashboard.arrivalsLine')} ${h.arrivals}`}</title>
              <rect x={left - (band - barW) / 2} y={PAD.top} width={band} height={plotH} fill="transparent" />
              {h.booked.pickup > 0 ? <rect x={left} y={y(h.booked.pickup)} width={barW} height={y(0) - y(h.booked.pickup)} fill={COLORS.pickup} rx="2" /> : null}
              {h.booked.delivery > 0 ? <rect x={left} y={y(total)} width={barW} height={y(h.booked.pickup) - y(total)} fill={COLORS.delivery} rx="2" /> : null}
              {h.hour % 2 === 0 ? (
                <text x={x(h.hour)} y={H - PAD.bottom + 16} textAnchor="middle" fontSize="11" fill="#8a94a6">
                  {String(h.hour).padStart(2, '0')}
                </text>
              ) : null}
            </g>
          );
        })}
        <polyline points={line} fill="none" stroke={COLORS.arrivals} strokeWidth="2.5" strokeLinejoin="round" />
        {hours.map((h) =>
          h.arrivals > 0 ? <circle key={h.hour} cx={x(h.hour)} cy={y(h.arrivals)} r="4" fill="#fff" stroke={COLORS.arrivals} strokeWidth="2" /> : null,
        )}
      </svg>
      <figcaption className="cw-dash-legend">
        <span>
          <i style={{ background: COLORS.pickup }} /> {t('dashboard.bookedPickup')}
        </span>
        <span>
          <i style={{ background: COLORS.delivery }} /> {t('dashboard.bookedDelivery')}
        </span>
        <span>
          <i className="cw-dash-legend-line" style={{ background: COLORS.arrivals }} /> {t('dashboard.arrivalsLine')}
        </span>
      </figcaption>
    </figure>
  );
}
