import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

import type { AppointmentDetail } from '@cargo-window/contracts';

import { QrImage } from '../mobile/QrImage.tsx';
import { terminalLabel } from './labels.ts';
import { slotRange } from './time.ts';

/**
 * 提/交货预约单: what a driver carries when the truck has no phone with the app — the appointment
 * number as a QR code and in figures, the plate, terminal, window, driver and AWBs. Hidden on the
 * screen; printing the detail page prints this alone (appointments.css, `@media print`).
 */
export function PrintSlip({ appt }: { appt: AppointmentDetail & { appointmentNo: string } }) {
  const { t } = useTranslation();
  const row = (label: string, value: string, testId?: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td className={testId ? 'cw-print-slip-strong' : undefined} data-testid={testId}>
        {value}
      </td>
    </tr>
  );
  return (
    <section className="cw-print-slip" data-testid="print-slip">
      <header className="cw-print-slip-head">
        <div>
          <div className="cw-print-slip-site">
            {t('app.singleWindow')} · {t('app.platformShort')}
          </div>
          <h2>{t('appt.slipTitle')}</h2>
          <div className="cw-print-slip-no">{appt.appointmentNo}</div>
        </div>
        <QrImage value={appt.appointmentNo} size={150} alt={t('appt.appointmentNo')} testId="print-slip-qr" />
      </header>
      <table className="cw-print-slip-facts">
        <tbody>
          {row(t('appt.plate'), appt.plate, 'print-slip-plate')}
          {row(t('appt.terminal'), terminalLabel(appt.terminal, t))}
          {row(t('appt.slot'), slotRange(appt.slot), 'print-slip-slot')}
          {row(t('appt.flag'), t(`appt.flagLabels.${appt.flag}`))}
          {row(t('appt.driver'), `${appt.driverName} ${appt.driverPhone}`)}
          {row(t('appt.enterpriseName'), appt.enterprise.name)}
          {row(t('appt.businessNo'), appt.businessNo)}
        </tbody>
      </table>
      <table className="cw-print-slip-awbs">
        <thead>
          <tr>
            <th scope="col">{t('appt.seq')}</th>
            <th scope="col">{t('appt.awb')}</th>
            <th scope="col">{t('appt.pieces')}</th>
            <th scope="col">{t('appt.weightKg')}</th>
          </tr>
        </thead>
        <tbody>
          {appt.awbs.map((awb) => (
            <tr key={awb.seq}>
              <td>{awb.seq}</td>
              <td>{awb.awb}</td>
              <td>{awb.pieces}</td>
              <td>{awb.weightKg}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="cw-print-slip-note">{t('appt.slipNote')}</p>
      <p className="cw-print-slip-printed">{t('appt.slipPrinted', { time: dayjs().format('YYYY-MM-DD HH:mm') })}</p>
    </section>
  );
}
