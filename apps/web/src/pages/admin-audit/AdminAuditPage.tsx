import { ExportOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Form, Grid, Input, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import { API_BASE } from '../../api/client.ts';
import { useAuditLog } from '../../features/admin/api.ts';
import { auditActorText, auditExportHref, auditFilterMaxLength, auditFiltersFrom, auditParams, formatAuditTime, type AuditEntry, type AuditFilters } from '../../features/admin/audit.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { AuditEntryDrawer } from './AuditEntryDrawer.tsx';
import './admin-audit.css';

interface FilterValues {
  action?: string;
  actor?: string;
  entityType?: string;
  entityId?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/** The form's fields for the address's filters; every field is named, so an absent filter empties its field. */
function formValues(filters: AuditFilters): FilterValues {
  const { from, to } = filters;
  return {
    action: filters.action,
    actor: filters.actor,
    entityType: filters.entityType,
    entityId: filters.entityId,
    dates: from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null,
  };
}

/** 平台管理 → 审计日志: the audit trail, filtered through the address, newest first, with each entry's before/after. */
export default function AdminAuditPage() {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterValues>();
  const [moreFilters, setMoreFilters] = useState(false);
  // The drawer keeps its entry while it closes, so its content does not vanish on the way out.
  const [opened, setOpened] = useState<{ open: boolean; entry: AuditEntry | null }>({ open: false, entry: null });
  const open = (entry: AuditEntry) => setOpened({ open: true, entry });
  const close = () => setOpened((x) => ({ ...x, open: false }));

  const filters = useMemo(() => auditFiltersFrom(params), [params]);
  const values = useMemo(() => formValues(filters), [filters]);
  // The fields follow the address: after 查询, 重置, 只看该对象的记录, Back and Forward alike.
  useEffect(() => form.setFieldsValue(values), [form, values]);
  const audit = useAuditLog(filters);
  const rows = useMemo(() => audit.data?.pages.flatMap((page) => page.items) ?? [], [audit.data]);

  const applyFilters = (next: AuditFilters) => setParams(auditParams(next));
  const onSearch = ({ dates, ...text }: FilterValues) => {
    const [from, to] = dates ?? [];
    applyFilters({ ...text, from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD') });
  };
  const onReset = () => {
    // Also when the address has no filter yet: then it does not change, and neither would the fields.
    form.setFieldsValue(formValues({}));
    applyFilters({});
  };

  const detailsButton = (row: AuditEntry) => (
    <Button
      type="link"
      size="small"
      onClick={(e) => {
        e.stopPropagation();
        open(row);
      }}
      data-testid={`audit-detail-${row.id}`}
    >
      {t('audit.details')}
    </Button>
  );
  const actorText = (username: string | null) => <span className={username ? 'cw-nowrap' : 'cw-nowrap cw-muted'}>{auditActorText(username, t)}</span>;

  const columns: TableColumnsType<AuditEntry> = narrow
    ? // A phone has room for what happened and who did it when; the rest is one tap away, in 详情.
      [
        {
          key: 'summary',
          title: t('audit.action'),
          render: (_v, row) => (
            <div className="cw-audit-summary">
              <code className="cw-audit-code">{row.action}</code>
              <Typography.Text type="secondary" className="cw-small">
                {actorText(row.actorUsername)} · {formatAuditTime(row.at)}
              </Typography.Text>
            </div>
          ),
        },
        { key: 'details', title: <span className="cw-sr-only">{t('common.actions')}</span>, align: 'right', render: (_v, row) => detailsButton(row) },
      ]
    : [
        { key: 'at', title: t('audit.at'), dataIndex: 'at', render: (v: string) => <span className="cw-nowrap">{formatAuditTime(v)}</span> },
        { key: 'actor', title: t('audit.actor'), dataIndex: 'actorUsername', render: (v: string | null) => actorText(v) },
        { key: 'ip', title: t('audit.ip'), dataIndex: 'ip', responsive: ['lg'], render: (v: string | null) => (v ? <span className="cw-mono cw-small">{v}</span> : <span className="cw-muted">{t('common.none')}</span>) },
        { key: 'action', title: t('audit.action'), dataIndex: 'action', render: (v: string) => <code className="cw-audit-code">{v}</code> },
        {
          key: 'entity',
          title: t('audit.entity'),
          render: (_v, row) => (
            <span className="cw-nowrap">
              <Tag>{row.entityType}</Tag>
              <span className="cw-mono cw-small">{row.entityId}</span>
            </span>
          ),
        },
        // No title: 操作 is already the action's column.
        { key: 'details', title: <span className="cw-sr-only">{t('common.actions')}</span>, fixed: 'right', render: (_v, row) => detailsButton(row) },
      ];

  /** On a phone the object and date filters fold away behind 更多条件. */
  const folded = narrow && !moreFilters ? { display: 'none' } : undefined;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Button icon={<ExportOutlined />} href={auditExportHref(API_BASE, filters, currentLanguage())} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        }
      />
      <Card className="cw-audit-filters" size="small">
        <Form<FilterValues> form={form} layout="vertical" initialValues={values} onFinish={onSearch} data-testid="audit-filters">
          <Row gutter={12}>
            <Col xs={24} sm={12} md={8} xl={5}>
              <Form.Item name="action" label={t('audit.action')} tooltip={t('audit.actionTip')}>
                <Input allowClear className="cw-mono" placeholder={t('audit.actionHolder')} maxLength={auditFilterMaxLength.action} data-testid="audit-filter-action" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8} xl={4}>
              <Form.Item name="actor" label={t('audit.actor')}>
                <Input allowClear placeholder={t('audit.actorHolder')} maxLength={auditFilterMaxLength.actor} data-testid="audit-filter-actor" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8} xl={4} style={folded}>
              <Form.Item name="entityType" label={t('audit.entityType')}>
                <Input allowClear className="cw-mono" placeholder={t('audit.entityTypeHolder')} maxLength={auditFilterMaxLength.entityType} data-testid="audit-filter-entity-type" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8} xl={5} style={folded}>
              <Form.Item name="entityId" label={t('audit.entityId')}>
                <Input allowClear className="cw-mono" maxLength={auditFilterMaxLength.entityId} data-testid="audit-filter-entity-id" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16} xl={6} style={folded}>
              <Form.Item name="dates" label={t('audit.dates')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="audit-filter-dates" />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              {t('audit.search')}
            </Button>
            <Button onClick={onReset} data-testid="audit-reset">
              {t('audit.reset')}
            </Button>
            {narrow ? (
              <Button type="link" onClick={() => setMoreFilters((v) => !v)} data-testid="audit-more-filters">
                {moreFilters ? t('audit.fewerFilters') : t('audit.moreFilters')}
              </Button>
            ) : null}
          </Space>
        </Form>
      </Card>

      {audit.isError ? (
        <LoadFailed error={audit.error} onRetry={() => void audit.refetch()} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<AuditEntry>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={audit.isPending || (audit.isFetching && !audit.isFetchingNextPage && audit.isPlaceholderData)}
            pagination={false}
            scroll={narrow ? undefined : { x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
            onRow={(row) => ({ onClick: () => open(row), style: { cursor: 'pointer' }, 'data-testid': 'audit-row', 'data-id': row.id, 'data-action': row.action }) as HTMLAttributes<HTMLElement>}
            data-testid="audit-table"
          />
          {rows.length > 0 ? (
            <div className="cw-audit-footer">
              <Typography.Text type="secondary" data-testid="audit-shown">
                {t('audit.shown', { count: rows.length })}
              </Typography.Text>
              {audit.hasNextPage ? (
                <Button onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage} data-testid="audit-load-more">
                  {t('audit.loadMore')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('audit.noMore')}</Typography.Text>
              )}
            </div>
          ) : null}
        </Card>
      )}

      <AuditEntryDrawer
        open={opened.open}
        entry={opened.entry}
        onClose={close}
        onSameEntity={(entry) => {
          close();
          applyFilters({ entityType: entry.entityType, entityId: entry.entityId });
        }}
      />
    </>
  );
}
