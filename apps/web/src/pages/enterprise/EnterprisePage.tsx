import { Card, Descriptions, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

import { useEnterprise } from '../../features/enterprise/api.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';

/** 企业设置 → 企业信息 (read-only). */
export default function EnterprisePage() {
  const { t } = useTranslation();
  const enterprise = useEnterprise();
  if (enterprise.isPending) return <PageLoading />;
  if (enterprise.isError) return <LoadFailed error={enterprise.error} onRetry={() => void enterprise.refetch()} />;
  const e = enterprise.data;
  const none = t('common.none');
  return (
    <>
      <PageHeader title={t('enterprise.title')} />
      <Card>
        <Descriptions
          bordered
          column={{ xs: 1, sm: 1, md: 2 }}
          styles={{ label: { width: 180, whiteSpace: 'nowrap' } }}
          data-testid="enterprise-info"
          items={[
            { key: 'name', label: t('register.name'), children: e.name, span: 'filled' },
            { key: 'uscc', label: t('register.uscc'), children: <span className="cw-mono">{e.uscc}</span> },
            { key: 'customsCode', label: t('register.customsCode'), children: e.customsCode ? <span className="cw-mono">{e.customsCode}</span> : none },
            { key: 'address', label: t('register.address'), children: e.address ?? none, span: 'filled' },
            { key: 'contactName', label: t('register.contactName'), children: e.contactName },
            { key: 'contactPhone', label: t('register.contactPhone'), children: e.contactPhone },
            { key: 'email', label: t('register.email'), children: e.email ?? none },
            {
              key: 'mode',
              label: t('enterprise.registrationMode'),
              children: <Tag color={e.registrationMode === 'linked' ? 'blue' : 'default'}>{e.registrationMode === 'linked' ? t('enterprise.modeLinked') : t('enterprise.modeStandalone')}</Tag>,
            },
            { key: 'createdAt', label: t('enterprise.registeredAt'), children: dayjs(e.createdAt).format('YYYY-MM-DD HH:mm') },
          ]}
        />
      </Card>
    </>
  );
}
