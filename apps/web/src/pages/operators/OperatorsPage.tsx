import { EditOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Operator } from '@cargo-window/contracts';

import { OperatorTokensDrawer } from '../../features/account/OperatorTokensDrawer.tsx';
import { useOperators } from '../../features/enterprise/api.ts';
import { PermissionTags } from '../../features/enterprise/PermissionTags.tsx';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { CreateOperatorModal } from './CreateOperatorModal.tsx';
import { EditOperatorModal } from './EditOperatorModal.tsx';

/** 企业设置 → 应用权限: 点击“编辑” — 勾选空运物流相关应用 — “确认”. */
export default function OperatorsPage() {
  const { t } = useTranslation();
  const operators = useOperators();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Operator | null>(null);
  const [tokensOf, setTokensOf] = useState<Operator | null>(null);

  if (operators.isError) return <LoadFailed error={operators.error} onRetry={() => void operators.refetch()} />;

  const columns: TableColumnsType<Operator> = [
    { key: 'username', title: t('operators.username'), dataIndex: 'username', render: (v: string) => <span className="cw-mono">{v}</span> },
    { key: 'name', title: t('operators.name'), dataIndex: 'name' },
    { key: 'phone', title: t('operators.phone'), dataIndex: 'phone', responsive: ['md'], render: (v: string | null) => v ?? t('common.none') },
    { key: 'permissions', title: t('operators.permissions'), dataIndex: 'permissions', render: (_v, row) => <PermissionTags value={row.permissions} /> },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'disabled',
      render: (disabled: boolean) => <Badge status={disabled ? 'default' : 'success'} text={disabled ? t('common.disabled') : t('common.enabled')} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_v, row) => (
        <>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(row)} data-testid={`operator-edit-${row.username}`}>
            {t('common.edit')}
          </Button>
          <Button type="link" icon={<KeyOutlined />} onClick={() => setTokensOf(row)} data-testid={`operator-tokens-${row.username}`}>
            {t('account.operatorTokens')}
          </Button>
        </>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('operators.title')}
        subtitle={t('operators.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="operator-create">
            {t('operators.create')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Operator>
          rowKey="id"
          columns={columns}
          dataSource={operators.data?.items}
          loading={operators.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('operators.empty') }}
          data-testid="operators-table"
        />
      </Card>
      <CreateOperatorModal open={creating} onClose={() => setCreating(false)} />
      <EditOperatorModal operator={editing} onClose={() => setEditing(null)} />
      <OperatorTokensDrawer operator={tokensOf} onClose={() => setTokensOf(null)} />
    </>
  );
}
