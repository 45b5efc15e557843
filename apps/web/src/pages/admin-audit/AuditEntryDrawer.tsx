import { FilterOutlined } from '@ant-design/icons';
import { Button, Col, Descriptions, Drawer, Grid, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { auditActorText, formatAuditTime, prettyJson, type AuditEntry } from '../../features/admin/audit.ts';

/** One side of the change: the value pretty-printed, or 无 when the entry has none (a creation has no before). */
function JsonSide({ title, value, testId }: { title: string; value: unknown; testId: string }) {
  const { t } = useTranslation();
  const text = prettyJson(value);
  return (
    <div className="cw-audit-side">
      <Typography.Text strong>{title}</Typography.Text>
      {text === null ? (
        <div className="cw-audit-json cw-audit-json-empty" data-testid={testId}>
          {t('audit.noValue')}
        </div>
      ) : (
        <pre className="cw-audit-json" data-testid={testId}>
          {text}
        </pre>
      )}
    </div>
  );
}

/** 详情 of an audit entry: who, when, from where, on what, and its before/after side by side. */
export function AuditEntryDrawer({ open, entry, onClose, onSameEntity }: { open: boolean; entry: AuditEntry | null; onClose: () => void; onSameEntity: (entry: AuditEntry) => void }) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const none = <span className="cw-muted">{t('common.none')}</span>;
  return (
    <Drawer open={open} onClose={onClose} size={narrow ? '100%' : 880} title={entry ? t('audit.detailsTitle', { id: entry.id }) : ''} data-testid="audit-drawer">
      {entry ? (
        <>
          <Descriptions size="small" bordered column={narrow ? 1 : 2} className="cw-audit-meta">
            <Descriptions.Item label={t('audit.at')}>{formatAuditTime(entry.at)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.actor')}>
              <span data-testid="audit-drawer-actor">{auditActorText(entry.actorUsername, t)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.action')}>
              <code className="cw-audit-code" data-testid="audit-drawer-action">
                {entry.action}
              </code>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.ip')}>{entry.ip ? <span className="cw-mono">{entry.ip}</span> : none}</Descriptions.Item>
            <Descriptions.Item label={t('audit.entityType')}>
              <Tag>{entry.entityType}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.entityId')}>
              <Typography.Text className="cw-mono cw-small" copyable>
                {entry.entityId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.enterprise')} span={narrow ? 1 : 2}>
              {entry.enterpriseId ? <span className="cw-mono cw-small">{entry.enterpriseId}</span> : none}
            </Descriptions.Item>
          </Descriptions>
          <Button icon={<FilterOutlined />} className="cw-audit-same" onClick={() => onSameEntity(entry)} data-testid="audit-same-entity">
            {t('audit.sameEntity')}
          </Button>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <JsonSide title={t('audit.before')} value={entry.before} testId="audit-before" />
            </Col>
            <Col xs={24} md={12}>
              <JsonSide title={t('audit.after')} value={entry.after} testId="audit-after" />
            </Col>
          </Row>
        </>
      ) : null}
    </Drawer>
  );
}
