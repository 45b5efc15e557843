import { CheckCircleFilled, PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Result, Skeleton, Tag, type ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';

import type { AppointmentDetail } from '@cargo-window/contracts';

import { errorText } from '../../api/errors.ts';
import { StatusTag } from '../../features/appointments/StatusTag.tsx';
import { slotRange } from '../../features/appointments/time.ts';
import { accessFor } from '../../features/access/menu.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { useAppointmentDetail, useConfirmDelivery } from '../../features/mobile/api.ts';
import { canConfirm, passState, type PassState } from '../../features/mobile/model.ts';
import { QrImage } from '../../features/mobile/QrImage.tsx';
import { MobileHeader } from './MobileLayout.tsx';

/** How the pass says there is no QR code: waiting, void, or done. */
const passAlertType: Record<Exclude<PassState, 'valid'>, 'info' | 'warning' | 'error' | 'success'> = {
  pending: 'info',
  cancelled: 'warning',
  rejected: 'error',
  no_show: 'warning',
  done: 'success',
};

/** /m/appointments/:id — the pass: a big QR code of the appointment number, the essentials, 交货确认. */
export default function MobileAppointmentPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const detail = useAppointmentDetail(id);
  return (
    <>
      <MobileHeader title={t('mobile.detail')} back="/m" />
      <div className="cw-m-body">
        {detail.isError ? (
          <LoadFailed error={detail.error} onRetry={() => void detail.refetch()} />
        ) : !detail.data ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          <Pass appointment={detail.data} />
        )}
      </div>
    </>
  );
}

function Pass({ appointment: a }: { appointment: AppointmentDetail }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const me = useCurrentUser();
  const confirm = useConfirmDelivery();
  const [justConfirmed, setJustConfirmed] = useState(false);
  const allowed = accessFor(me.user).deliveryConfirmation;
  const action = a.flag === 'delivery' ? t('mobile.confirmDelivery') : t('mobile.confirmPickup');

  const onConfirm = () =>
    modal.confirm({
      title: t('mobile.confirmAsk', { action }),
      content: t('mobile.confirmAskBody'),
      okText: t('mobile.confirmOk'),
      cancelText: t('mobile.cancel'),
      centered: true,
      okButtonProps: { 'data-testid': 'm-confirm-ok' } as ButtonProps,
      onOk: () =>
        confirm.mutateAsync(a.id).then(
          () => setJustConfirmed(true),
          (error: unknown) => {
            modal.error({ title: errorText(t, error), centered: true });
          },
        ),
    });

  const confirmed = a.status === 'empty_confirmed' || a.status === 'exited' || justConfirmed;
  const pass = passState(a.status);

  return (
    <>
      <section className="cw-m-card cw-m-pass" data-testid="m-pass" data-status={a.status}>
        <div className="cw-m-pass-head">
          <Tag color={a.flag === 'delivery' ? 'geekblue' : 'orange'} className="cw-m-flag">
            {t(`appt.flagLabels.${a.flag}`)}
          </Tag>
          <span className="cw-m-plate">{a.plate}</span>
          <StatusTag status={a.status} testId="m-status" large />
        </div>
        {pass === 'valid' ? (
          <div className="cw-m-qr-block">
            <QrImage value={a.appointmentNo ?? ''} size={220} testId="appt-qr" alt={`${t('mobile.appointmentNo')} ${a.appointmentNo}`} />
            <div className="cw-m-qr-number cw-mono" data-testid="appt-qr-number">
              {a.appointmentNo}
            </div>
            <div className="cw-m-hint">{t('mobile.qrHint')}</div>
          </div>
        ) : (
          <Alert
            type={passAlertType[pass]}
            showIcon
            title={t(`mobile.pass.${pass}`)}
            description={pass === 'rejected' && a.rejectReason ? t('mobile.rejectReason', { reason: a.rejectReason }) : undefined}
            className="cw-m-gap"
            data-testid="m-no-pass"
            data-pass={pass}
          />
        )}
        <div className="cw-m-window" data-testid="m-window">
          <span className="cw-m-label">{t('mobile.window')}</span>
          <strong>{slotRange(a.slot)}</strong>
        </div>
      </section>

      {confirmed ? (
        <Result
          className="cw-m-card cw-m-confirmed"
          icon={<CheckCircleFilled style={{ color: '#52c41a' }} />}
          title={<span data-testid="m-confirmed">{t('mobile.confirmedTitle')}</span>}
          subTitle={
            <>
              {t('mobile.confirmedBody', { action })}
              {a.emptyDeclaration ? <div>{t('mobile.declaredAt', { time: dayjs(a.emptyDeclaration.declaredAt).format('YYYY-MM-DD HH:mm') })}</div> : null}
            </>
          }
        />
      ) : null}

      {canConfirm(a.status) && !justConfirmed ? (
        allowed ? (
          <Button type="primary" size="large" block className="cw-m-confirm" loading={confirm.isPending} onClick={onConfirm} data-testid="m-confirm">
            {action}
          </Button>
        ) : (
          <Alert type="warning" showIcon title={t('mobile.confirmNeedsPermission')} className="cw-m-gap" />
        )
      ) : null}

      <section className="cw-m-card cw-m-facts">
        {pass !== 'valid' && a.appointmentNo ? <Fact label={t('mobile.appointmentNo')} value={<span className="cw-mono">{a.appointmentNo}</span>} /> : null}
        <Fact label={t('mobile.terminal')} value={a.terminal.name} />
        <Fact label={t('mobile.businessNo')} value={<span className="cw-mono">{a.businessNo}</span>} />
        <Fact
          label={t('mobile.driver')}
          value={
            <>
              {a.driverName}{' '}
              <a href={`tel:${a.driverPhone}`} className="cw-m-tel">
                <PhoneOutlined /> {a.driverPhone}
              </a>
            </>
          }
        />
        <Fact label={t('appt.declarationType')} value={t(`appt.declarationTypeLabels.${a.declarationType}`)} />
        {a.awbs.length > 0 ? (
          <div className="cw-m-fact cw-m-fact-block">
            <span className="cw-m-label">{t('mobile.awbs')}</span>
            <ul className="cw-m-awbs" data-testid="m-awbs">
              {a.awbs.map((awb) => (
                <li key={awb.seq}>
                  <span className="cw-mono">{awb.awb}</span>
                  <span className="cw-m-awb-meta">{t('mobile.awbLine', { pieces: awb.pieces, weight: awb.weightKg })}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="cw-m-fact">
      <span className="cw-m-label">{label}</span>
      <span className="cw-m-fact-value">{value}</span>
    </div>
  );
}
