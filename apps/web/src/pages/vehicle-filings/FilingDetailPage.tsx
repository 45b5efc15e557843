import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';

import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed, PageLoading } from '../../features/layout/PageStates.tsx';
import { useFiling } from '../../features/vehicles/api.ts';
import { FilingView } from '../../features/vehicles/FilingView.tsx';

/** `/vehicle-filings/:id`: header, body and history read-only; 编辑 while it is a draft or returned. */
export function FilingDetailPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const filing = useFiling(id);

  if (filing.isPending) return <PageLoading />;
  if (filing.isError) return <LoadFailed error={filing.error} onRetry={() => void filing.refetch()} />;
  const data = filing.data;
  const editable = data.status === 'draft' || data.status === 'returned';

  return (
    <>
      <PageHeader
        title={t('filing.detailTitle')}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/vehicle-filings')} data-testid="filing-back">
              {t('filing.back')}
            </Button>
            {editable ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/vehicle-filings/${data.id}/edit`)} data-testid="filing-edit">
                {t('filing.edit')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <FilingView filing={data} />
    </>
  );
}
