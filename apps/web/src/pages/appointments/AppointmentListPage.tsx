import { DownloadOutlined, LeftOutlined, PlusOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Empty, Form, Grid, Input, Result, Row, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';

import type { AppointmentFlag, AppointmentStatus, AppointmentSummary } from '@cargo-window/contracts';

import { API_BASE, isApiError } from '../../api/client.ts';
import { accessFor } from '../../features/access/menu.ts';
import { appointmentKeys, useAppointments } from '../../features/appointments/api.ts';
import { appointmentFlagCodes as appointmentFlags, appointmentStatusCodes as appointmentStatuses } from '../../features/appointments/labels.ts';
import { exportHref, type ListFilters } from '../../features/appointments/model.ts';
import { StatusTag } from '../../features/appointments/StatusTag.tsx';
import { localDate, slotRange } from '../../features/appointments/time.ts';
import '../../features/appointments/appointments.css';
import { useCurrentUser } from '../../features/auth/session.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { useLiveEvents } from '../../features/live/useLiveEvents.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** booking: /appointments · query: /appointments/query · confirm: /appointments?confirm=1 (已入区 first). */
export type ListMode = 'booking' | 'query' | 'confirm';

const PAGE_SIZE = 20;
/** `?status=all` lifts the confirm view's default 已入区 filter. */
const ALL = 'all';

interface FilterValues {
  status?: AppointmentStatus | typeof ALL;
  plate?: string;
  flag?: AppointmentFlag;
  businessNo?: string;
  appointmentNo?: string;
  created?: [Dayjs | null, Dayjs | null] | null;
}

/** Where a row leads, keeping the mode (and so the menu entry and the access rule). */
export function detailPath(mode: ListMode, id: string): string {
  if (mode === 'query') return `/appointments/query/${id}`;
  if (mode === 'confirm') return `/appointments/${id}?confirm=1`;
  return `/appointments/${id}`;
}

/** The filters live in the address, so the detail page's 返回 comes back to the same list. */
function filtersFrom(params: URLSearchParams, mode: ListMode): ListFilters {
  const get = (key: string) => params.get(key) ?? undefined;
  const status = get('status');
  const wanted = status && status !== ALL && (appointmentStatuses as readonly string[]).includes(status) ? (status as AppointmentStatus) : undefined;
  const flag = get('flag');
  return {
    status: wanted ?? (mode === 'confirm' && status !== ALL ? 'entered' : undefined),
    plate: get('plate'),
    flag: flag && (appointmentFlags as readonly string[]).includes(flag) ? (flag as AppointmentFlag) : undefined,
    businessNo: get('businessNo'),
    appointmentNo: get('appointmentNo'),
    createdFrom: get('createdFrom'),
    createdTo: get('createdTo'),
  };
}

/** 提/交货预约查询: the manual's table (序号 业务统一编号 提交货预约编号 车牌号 提交货标志 申报类型 申报状态 录入日期). */
export default function AppointmentListPage({ mode }: { mode: ListMode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const access = accessFor(me.user);
  const narrow = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterValues>();
  const [moreFilters, setMoreFilters] = useState(false);

  const filters = useMemo(() => filtersFrom(params, mode), [params, mode]);
  const filterKey = JSON.stringify(filters);
  // Keyset paging: the cursors of the pages seen so far (the first page has none).
  const [paging, setPaging] = useState<{ key: string; cursors: (string | undefined)[] }>({ key: filterKey, cursors: [undefined] });
  const cursors = paging.key === filterKey ? paging.cursors : [undefined];
  const pageIndex = cursors.length - 1;
  const list = useAppointments(filters, cursors[pageIndex], PAGE_SIZE);

  useLiveEvents((event) => {
    if (event.type === 'appointment.status' || event.type === 'live.open') void queryClient.invalidateQueries({ queryKey: appointmentKeys.all });
  });

  const onSearch = (values: FilterValues) => {
    const next = new URLSearchParams();
    if (mode === 'confirm') next.set('confirm', '1');
    const set = (key: string, value: string | undefined | null) => {
      const text = value?.trim();
      if (text) next.set(key, text);
    };
    set('status', values.status);
    set('plate', values.plate);
    set('flag', values.flag);
    set('businessNo', values.businessNo);
    set('appointmentNo', values.appointmentNo);
    set('createdFrom', values.created?.[0]?.format('YYYY-MM-DD'));
    set('createdTo', values.created?.[1]?.format('YYYY-MM-DD'));
    setParams(next);
  };

  const onReset = () => setParams(mode === 'confirm' ? new URLSearchParams({ confirm: '1' }) : new URLSearchParams());

  const initialValues: FilterValues = {
    status: params.get('status') === ALL ? ALL : filters.status,
    plate: filters.plate,
    flag: filters.flag,
    businessNo: filters.businessNo,
    appointmentNo: filters.appointmentNo,
    created: filters.createdFrom || filters.createdTo ? [filters.createdFrom ? dayjs(filters.createdFrom) : null, filters.createdTo ? dayjs(filters.createdTo) : null] : null,
  };
  // The fields follow the address (a search, 重置, back and forward, a link): the form's store
  // outlives them, so it is reset to the address's values each time the address changes.
  const address = params.toString();
  useEffect(() => form.resetFields(), [form, address]);

  /** On a phone the less used filters fold away behind 更多条件. */
  const folded = narrow && !moreFilters ? { display: 'none' } : undefined;
  const title = mode === 'confirm' ? t('appt.confirmTitle') : mode === 'query' ? t('appt.queryTitle') : t('appt.title');
  const subtitle = mode === 'confirm' ? t('appt.confirmSubtitle') : mode === 'booking' ? t('appt.listSubtitle') : undefined;
  const rows = list.data?.items ?? [];
  const open = (row: AppointmentSummary) => navigate(detailPath(mode, row.id));

  const columns: TableColumnsType<AppointmentSummary> = [
    { key: 'seq', title: t('appt.seq'), width: 64, align: 'center', render: (_v, _row, index) => pageIndex * PAGE_SIZE + index + 1 },
    {
      key: 'businessNo',
      title: t('appt.businessNo'),
      dataIndex: 'businessNo',
      render: (v: string, row) => (
        <Link to={detailPath(mode, row.id)} className="cw-mono" onClick={(e) => e.stopPropagation()}>
          {v}
        </Link>
      ),
    },
    { key: 'appointmentNo', title: t('appt.appointmentNo'), dataIndex: 'appointmentNo', render: (v: string | null) => (v ? <span className="cw-mono">{v}</span> : <span className="cw-muted">{t('common.none')}</span>) },
    { key: 'plate', title: t('appt.plate'), dataIndex: 'plate', render: (v: string) => <strong className="cw-nowrap">{v}</strong> },
    { key: 'flag', title: t('appt.flag'), dataIndex: 'flag', render: (v: AppointmentFlag) => t(`appt.flagLabels.${v}`) },
    { key: 'declarationType', title: t('appt.declarationType'), dataIndex: 'declarationType', render: (v: string) => t(`appt.declarationTypeLabels.${v}`) },
    { key: 'status', title: t('appt.status'), dataIndex: 'status', render: (v: AppointmentStatus) => <StatusTag status={v} /> },
    { key: 'createdAt', title: t('appt.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span className="cw-nowrap">{localDate(v)}</span> },
    { key: 'slot', title: t('appt.slot'), responsive: ['xxl'], render: (_v, row) => <span className="cw-nowrap cw-small">{slotRange(row.slot)}</span> },
  ];

  const exportUrl = exportHref(API_BASE, filters, currentLanguage());
  const emptyText = mode === 'confirm' ? t('appt.emptyConfirm') : t('appt.empty');

  return (
    <>
      <PageHeader
        title={title}
        subtitle={subtitle}
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined />} href={exportUrl} data-testid="appt-export">
              {t('appt.export')}
            </Button>
            {access.appointment && mode !== 'query' ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/appointments/new')} data-testid="appointment-new">
                {t('appt.new')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card className="cw-section cw-filters" size="small">
        <Form<FilterValues> form={form} layout="vertical" initialValues={initialValues} onFinish={onSearch}>
          {/* From 1200 px wide each filter takes the width it needs (appointments.css). */}
          <Row gutter={12} className="cw-appt-filter-row">
            <Col xs={12} md={8} className="cw-filter-status">
              <Form.Item name="status" label={t('appt.status')}>
                <Select
                  allowClear
                  placeholder={t('appt.allStatuses')}
                  options={[...(mode === 'confirm' ? [{ value: ALL, label: t('appt.allStatuses') }] : []), ...appointmentStatuses.map((s) => ({ value: s, label: t(`appt.statusLabels.${s}`) }))]}
                  data-testid="appt-filter-status"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} className="cw-filter-plate">
              <Form.Item name="plate" label={t('appt.plate')}>
                <Input allowClear placeholder={t('appt.plateHolder')} maxLength={20} data-testid="appt-filter-plate" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} className="cw-filter-flag" style={folded}>
              <Form.Item name="flag" label={t('appt.flag')}>
                <Select allowClear placeholder={t('appt.allFlags')} options={appointmentFlags.map((f) => ({ value: f, label: t(`appt.flagLabels.${f}`) }))} data-testid="appt-filter-flag" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} className="cw-filter-business-no" style={folded}>
              <Form.Item name="businessNo" label={t('appt.businessNo')}>
                <Input allowClear placeholder={t('appt.numberHolder')} className="cw-mono" maxLength={40} data-testid="appt-filter-business-no" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} className="cw-filter-appointment-no" style={folded}>
              <Form.Item name="appointmentNo" label={t('appt.appointmentNo')}>
                <Input allowClear placeholder={t('appt.numberHolder')} className="cw-mono" maxLength={40} data-testid="appt-filter-appointment-no" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16} className="cw-filter-created" style={folded}>
              <Form.Item name="created" label={t('appt.createdRange')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="appt-filter-created" />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="appt-search">
              {t('appt.search')}
            </Button>
            <Button onClick={onReset} data-testid="appt-reset">
              {t('appt.reset')}
            </Button>
            {narrow ? (
              <Button type="link" onClick={() => setMoreFilters((v) => !v)} data-testid="appt-more-filters">
                {moreFilters ? t('appt.fewerFilters') : t('appt.moreFilters')}
              </Button>
            ) : null}
          </Space>
        </Form>
      </Card>

      {list.isError && mode === 'confirm' && isApiError(list.error) && list.error.status === 403 ? (
        // The list API wants `appointment` or `query`; 交货确认 alone cannot read it (yet).
        <Result status="warning" title={t('appt.confirmNeedsList')} data-testid="appt-confirm-forbidden" />
      ) : list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          {narrow ? (
            <div className="cw-appt-cards" data-testid="appt-list">
              {list.isPending ? <Card loading /> : null}
              {!list.isPending && rows.length === 0 ? <Empty description={emptyText} /> : null}
              {rows.map((row, index) => (
                <div
                  key={row.id}
                  className="cw-appt-card"
                  role="link"
                  tabIndex={0}
                  onClick={() => open(row)}
                  onKeyDown={(e) => e.key === 'Enter' && open(row)}
                  data-testid={`appt-row-${row.businessNo}`}
                >
                  <div className="cw-appt-card-top">
                    <span className="cw-appt-card-plate">
                      <Typography.Text type="secondary" className="cw-small">
                        {pageIndex * PAGE_SIZE + index + 1}.{' '}
                      </Typography.Text>
                      {row.plate}
                    </span>
                    <StatusTag status={row.status} />
                  </div>
                  <dl className="cw-appt-card-meta">
                    <dt>{t('appt.businessNo')}</dt>
                    <dd className="cw-mono">{row.businessNo}</dd>
                    <dt>{t('appt.appointmentNo')}</dt>
                    <dd className="cw-mono">{row.appointmentNo ?? t('common.none')}</dd>
                    <dt>{t('appt.flag')}</dt>
                    <dd>
                      {t(`appt.flagLabels.${row.flag}`)} · {t(`appt.declarationTypeLabels.${row.declarationType}`)}
                    </dd>
                    <dt>{t('appt.slot')}</dt>
                    <dd>{slotRange(row.slot)}</dd>
                    <dt>{t('appt.createdAt')}</dt>
                    <dd>{localDate(row.createdAt)}</dd>
                  </dl>
                </div>
              ))}
            </div>
          ) : (
            <Table<AppointmentSummary>
              rowKey="id"
              columns={columns}
              dataSource={rows}
              // A first load or another page: not a refresh after a live event, which would cover
              // the rows (no pointer events) just as someone clicks one.
              loading={list.isPending || list.isPlaceholderData}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty description={emptyText} /> }}
              onRow={(row) => ({ onClick: () => open(row), style: { cursor: 'pointer' }, 'data-testid': `appt-row-${row.businessNo}` }) as HTMLAttributes<HTMLElement>}
              data-testid="appt-list"
            />
          )}
          <div className="cw-pager">
            <Typography.Text type="secondary" data-testid="appt-page">
              {t('appt.pageN', { n: pageIndex + 1 })}
            </Typography.Text>
            <Button icon={<LeftOutlined />} disabled={pageIndex === 0} onClick={() => setPaging({ key: filterKey, cursors: cursors.slice(0, -1) })} data-testid="appt-prev">
              {t('appt.prev')}
            </Button>
            <Button disabled={!list.data?.next || list.isPlaceholderData} onClick={() => setPaging({ key: filterKey, cursors: [...cursors, list.data?.next ?? undefined] })} data-testid="appt-next">
              {t('appt.next')} <RightOutlined />
            </Button>
          </div>
        </Card>
      )}
    </>
  );
}
