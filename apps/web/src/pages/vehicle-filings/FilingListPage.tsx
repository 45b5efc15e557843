import { DownloadOutlined, ExportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tooltip, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import type { FilingStatus, VehicleFilingSummary } from '@cargo-window/contracts';

import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { downloads, useFilings, type FilingFilters } from '../../features/vehicles/api.ts';
import { FilingStatusTag, formatDate, LoadMore } from '../../features/vehicles/bits.tsx';
import { filingStatusCodes, filingStatusLabel } from '../../features/vehicles/labels.ts';
import { currentLanguage } from '../../i18n/index.ts';

interface FilterValues {
  status?: FilingStatus;
  plate?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

const isStatus = (value: string | null): value is FilingStatus => (filingStatusCodes as readonly string[]).includes(value ?? '');

/** The filters live in the address (`?status=&plate=&from=&to=`), so 返回 comes back to the same list. */
function useFilterParams(): [FilingFilters, (filters: FilingFilters) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<FilingFilters>(() => {
    const status = params.get('status');
    return {
      status: isStatus(status) ? status : undefined,
      plate: params.get('plate') ?? undefined,
      declaredFrom: params.get('from') ?? undefined,
      declaredTo: params.get('to') ?? undefined,
    };
  }, [params]);
  const set = (next: FilingFilters) => {
    const entries = Object.entries({ status: next.status, plate: next.plate?.trim(), from: next.declaredFrom, to: next.declaredTo }).filter(([, v]) => v);
    setParams(new URLSearchParams(entries as [string, string][]), { replace: true });
  };
  return [filters, set];
}

const editable = (status: FilingStatus) => status === 'draft' || status === 'returned';

/** 车辆备案 list: query by 申报状态, 车牌号 and 申报日期; 新增, 下载模板, 导出. */
export function FilingListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filters, setFilters] = useFilterParams();
  const filings = useFilings(filters);
  const [form] = Form.useForm<FilterValues>();

  const rows = useMemo(() => filings.data?.pages.flatMap((page) => page.items) ?? [], [filings.data]);

  const onSearch = (values: FilterValues) => {
    const [from, to] = values.dates ?? [];
    setFilters({ status: values.status, plate: values.plate, declaredFrom: from?.format('YYYY-MM-DD'), declaredTo: to?.format('YYYY-MM-DD') });
  };
  const onReset = () => {
    form.resetFields();
    setFilters({});
  };

  const none = t('common.none');
  const columns: TableColumnsType<VehicleFilingSummary> = [
    { key: 'index', title: t('filing.seq'), width: 64, align: 'center', render: (_v, _row, index) => index + 1 },
    {
      key: 'status',
      title: t('filing.status'),
      dataIndex: 'status',
      width: 104,
      render: (status: FilingStatus, row) =>
        row.returnReason ? (
          <Tooltip title={`${t('filing.returnReason')}：${row.returnReason}`}>
            <span>
              <FilingStatusTag status={status} />
            </span>
          </Tooltip>
        ) : (
          <FilingStatusTag status={status} />
        ),
    },
    { key: 'vehicleCount', title: t('filing.vehicleCount'), dataIndex: 'vehicleCount', width: 80, align: 'right' },
    {
      key: 'plates',
      title: t('filing.plates'),
      dataIndex: 'plates',
      ellipsis: true,
      render: (plates: string[]) => <span className="cw-mono">{plates.join('、')}</span>,
    },
    { key: 'contactName', title: t('filing.contactName'), dataIndex: 'contactName', width: 110 },
    { key: 'createdAt', title: t('filing.createdAt'), dataIndex: 'createdAt', width: 120, render: (v: string) => formatDate(v) },
    { key: 'declaredAt', title: t('filing.declaredAt'), dataIndex: 'declaredAt', width: 120, render: (v: string | null) => formatDate(v) ?? none },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 140,
      fixed: 'right',
      render: (_v, row) => (
        <Space size="middle">
          <Link to={`/vehicle-filings/${row.id}`} data-testid={`filing-view-${row.id}`}>
            {t('filing.view')}
          </Link>
          {editable(row.status) ? (
            <Link to={`/vehicle-filings/${row.id}/edit`} data-testid={`filing-edit-${row.id}`}>
              {t('filing.edit')}
            </Link>
          ) : null}
        </Space>
      ),
    },
  ];

  const initialValues: FilterValues = {
    status: filters.status,
    plate: filters.plate,
    dates: filters.declaredFrom || filters.declaredTo ? [filters.declaredFrom ? dayjs(filters.declaredFrom) : null, filters.declaredTo ? dayjs(filters.declaredTo) : null] : null,
  };

  return (
    <>
      <PageHeader
        title={t('filing.title')}
        subtitle={t('filing.subtitle')}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={downloads.template(currentLanguage())} data-testid="filing-template">
              {t('filing.template')}
            </Button>
            <Button icon={<ExportOutlined />} href={downloads.filingsExport(filters, currentLanguage())} data-testid="filing-export">
              {t('filing.export')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/vehicle-filings/new')} data-testid="filing-new">
              {t('filing.new')}
            </Button>
          </Space>
        }
      />
      <Card className="cw-filters" styles={{ body: { paddingBottom: 12 } }}>
        <Form<FilterValues> form={form} layout="inline" initialValues={initialValues} onFinish={onSearch} data-testid="filing-filters">
          <Form.Item name="status" label={t('filing.filterStatus')}>
            <Select<FilingStatus>
              allowClear
              placeholder={t('filing.filterAll')}
              style={{ width: 140 }}
              options={filingStatusCodes.map((value) => ({ value, label: filingStatusLabel(t, value) }))}
              data-testid="filing-filter-status"
            />
          </Form.Item>
          <Form.Item name="plate" label={t('filing.filterPlate')}>
            <Input allowClear maxLength={12} style={{ width: 150 }} data-testid="filing-filter-plate" />
          </Form.Item>
          <Form.Item name="dates" label={t('filing.filterDates')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="filing-filter-dates" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="filing-search">
                {t('filing.search')}
              </Button>
              <Button onClick={onReset} data-testid="filing-reset">
                {t('filing.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
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
            locale={{ emptyText: t('filing.empty') }}
            onRow={(row) => ({ 'data-testid': 'filing-row', 'data-id': row.id }) as HTMLAttributes<HTMLElement>}
            data-testid="filing-table"
          />
          <LoadMore hasNext={Boolean(filings.hasNextPage)} loading={filings.isFetchingNextPage} onMore={() => void filings.fetchNextPage()} shown={rows.length} />
        </Card>
      )}
    </>
  );
}
