import { PhoneOutlined } from '@ant-design/icons';
import { Empty, Result, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { isEnterpriseRole } from '@cargo-window/contracts';

import { useCurrentUser } from '../../features/auth/session.ts';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { useFleetVehicles } from '../../features/mobile/api.ts';
import { plateColorLabel, plateColorSwatch, vehicleTypeLabel } from '../../features/vehicles/labels.ts';
import { MobileHeader } from './MobileLayout.tsx';

/** /m/vehicles — the enterprise's approved fleet: plate, type, driver. */
export default function MobileVehiclesPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const enterprise = isEnterpriseRole(me.user.role);
  const fleet = useFleetVehicles(enterprise);
  const items = fleet.data?.items ?? [];
  return (
    <>
      <MobileHeader title={t('mobile.vehicles')} />
      <div className="cw-m-body" data-testid="m-vehicles">
        {!enterprise ? (
          <Result status="info" title={t('mobile.notForRole')} extra={<Link to="/">{t('mobile.openDesktop')}</Link>} />
        ) : fleet.isError ? (
          <LoadFailed error={fleet.error} onRetry={() => void fleet.refetch()} />
        ) : fleet.isPending ? (
          <Skeleton active paragraph={{ rows: 5 }} />
        ) : items.length === 0 ? (
          <Empty className="cw-m-empty" description={t('mobile.noVehicles')} />
        ) : (
          items.map((v) => (
            <article key={v.id} className="cw-m-card cw-m-vehicle" data-testid="m-vehicle" data-plate={v.plate}>
              <div className="cw-m-vehicle-top">
                <span className="cw-m-plate-chip" style={{ background: plateColorSwatch[v.plateColor] }} title={plateColorLabel(t, v.plateColor)} aria-hidden />
                <span className="cw-m-plate">{v.plate}</span>
                <Tag className="cw-m-vehicle-type">{vehicleTypeLabel(t, v.vehicleType)}</Tag>
              </div>
              <div className="cw-m-vehicle-meta">
                <span>
                  {t('mobile.driver')}：{v.driverName}
                </span>
                <a href={`tel:${v.driverPhone}`} className="cw-m-tel">
                  <PhoneOutlined /> {v.driverPhone}
                </a>
              </div>
              <div className="cw-m-vehicle-meta cw-m-hint">
                {plateColorLabel(t, v.plateColor)} · {t('mobile.ratedLoad', { kg: v.ratedLoadKg.toLocaleString() })}
              </div>
            </article>
          ))
        )}
      </div>
    </>
  );
}
