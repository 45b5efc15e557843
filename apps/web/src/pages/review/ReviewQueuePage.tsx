import { AuditOutlined, EyeOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Input, Segmented, Table, type TableColumnsType } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';

import type { VehicleFilingSummary } from '@cargo-window/contracts';

import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { useReviewFilings, type ReviewStatus } from '../../features/vehicles/api.ts';
import { FilingStatusTag, formatDateTime, LoadMore } from '../../features/vehicles/bits.tsx';
import '../../features/vehicles/vehicles.css';

const reviewStatuses: readonly ReviewStatus[] = ['declared', 'approved', 'returned'];
const isReviewStatus = (value: string | null): value is ReviewStatus => (reviewStatuses as readonly (string | null)[]).includes(value);

/** 备案审核: declared filings of every enterprise, first declared first; the reviewed ones on the other tabs. */
export function ReviewQueuePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status: ReviewStatus = isReviewStatus(statusParam) ? statusParam : 'declared';
  const plate = params.get('plate') ?? undefined;
  const [plateText, setPlateText] = useState(plate ?? '');
  const filings = useReviewFilings(status, plate);
  const rows = useMemo(() => filings.data?.pages.flatMap((page) => page.items) ?? [], [filings.data]);

  const setQuery = (next: { status?: ReviewStatus; plate?: string }) => {
    const merged = { status, plate, ...next };
    const entries = Object.entries({ status: merged.status === 'declared' ? undefined : merged.status, plate: merged.plate?.trim() }).filter(([, v]) => v);
    setParams(new URLSearchParams(entries as [string, string][]), { replace: true });
  };

  const open = (row: VehicleFilingSummary) => navigate(`/review/vehicle-filings/${row.id}`);
  const queue = status === 'declared';

  const columns: TableColumnsType<VehicleFilingSummary> = [
    { key: 'index', title: t('filing.seq'), width: 64, align: 'center', render: (_v, _row, index) => index + 1 },
    { key: 'enterpriseName', title: t('filingReview.enterprise'), dataIndex: 'enterpriseName' },
    { key: 'vehicleCount', title: t('filing.vehicleCount'), dataIndex: 'vehicleCount', width: 80, align: 'right' },
    { key: 'plates', title: t('filing.plates'), dataIndex: 'plates', ellipsis: true, render: (plates: string[]) => <span className="cw-mono">{plates.join('、')}</span> },
    { key: 'contactName', title: t('filing.contactName'), dataIndex: 'contactName', width: 110 },
    { key: 'declaredAt', title: t('filing.declaredAt'), dataIndex: 'declaredAt', width: 150, render: (v: string | null) => formatDateTime(v) },
    ...(queue ? [] : [{ key: 'status', title: t('filing.status'), dataIndex: 'status', width: 100, render: (v: VehicleFilingSummary['status']) => <FilingStatusTag status={v} /> }]),
    {
      key: 'actions',
      title: t('common.actions'),
      width: 110,
      fixed: 'right',
      render: (_v, row) => (
        <Button
          type={queue ? 'primary' : 'link'}
          size="small"
          icon={queue ? <AuditOutlined /> : <EyeOutlined />}
          onClick={(event) => {
            event.stopPropagation();
            open(row);
          }}
          data-testid={`review-open-${row.id}`}
        >
          {queue ? t('filingReview.open') : t('filingReview.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('filingReview.title')} subtitle={t('filingReview.subtitle')} />
      <Card className="cw-filters" styles={{ body: { display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', paddingBlock: 12 } }}>
        <Segmented<ReviewStatus>
          value={status}
          onChange={(value) => setQuery({ status: value })}
          options={[
            { value: 'declared', label: t('filingReview.queue') },
            { value: 'approved', label: t('filingReview.approved') },
            { value: 'returned', label: t('filingReview.returned') },
          ]}
          data-testid="review-status"
        />
        <Input.Search
          allowClear
          placeholder={t('filing.filterPlate')}
          value={plateText}
          onChange={(event) => setPlateText(event.target.value)}
          onSearch={(value) => setQuery({ plate: value })}
          enterButton={<SearchOutlined />}
          style={{ width: 220 }}
          data-testid="review-filter-plate"
        />
      </Card>
      {filings.isError ? (
        <LoadFailed error={filings.error} onRetry={() => void filings.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<VehicleFilingSummary>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={filings.isPending || (filings.isFetching && !filings.isFetchingNextPage)}
            pagination={false}
            scroll={{ x: 'max-content' }}
            rowClassName="cw-clickable-row"
            locale={{ emptyText: t('filingReview.empty') }}
            onRow={(row) => ({ onClick: () => open(row), 'data-testid': 'review-row', 'data-id': row.id }) as HTMLAttributes<HTMLElement>}
            data-testid="review-table"
          />
          <LoadMore hasNext={Boolean(filings.hasNextPage)} loading={filings.isFetchingNextPage} onMore={() => void filings.fetchNextPage()} shown={rows.length} />
        </Card>
      )}
    </>
  );
}
