import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Table, Tag, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

import { useStaff, type StaffUser } from '../../features/admin/api.ts';
import { useTerminals } from '../../features/appointments/api.ts';
import { terminalLabel } from '../../features/appointments/labels.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';
import { CreateStaffModal } from './CreateStaffModal.tsx';

const roleColors: Record<string, string> = { reviewer: 'purple', terminal_operator: 'geekblue', gate_officer: 'orange', platform_admin: 'red' };

/** 平台管理 → 人员账号: reviewers, terminal operators, gate officers. */
export default function AdminUsersPage() {
  const { t } = useTranslation();
  const staff = useStaff();
  const terminals = useTerminals();
  const [creating, setCreating] = useState(false);

  if (staff.isError) return <LoadFailed error={staff.error} onRetry={() => void staff.refetch()} />;

  const terminalName = (id: string) => {
    const terminal = terminals.data?.items.find((x) => x.id === id);
    // Until the terminals load (or if one is gone), the id is all there is to show.
    return terminal ? terminalLabel(terminal, t) : <span className="cw-mono cw-small">{id}</span>;
  };

  const columns: TableColumnsType<StaffUser> = [
    { key: 'username', title: t('operators.username'), dataIndex: 'username', render: (v: string) => <span className="cw-mono">{v}</span> },
    { key: 'name', title: t('operators.name'), dataIndex: 'name' },
    { key: 'role', title: t('adminUsers.role'), dataIndex: 'role', render: (role: string) => <Tag color={roleColors[role]}>{t(`roles.${role}`)}</Tag> },
    { key: 'terminal', title: t('adminUsers.terminal'), dataIndex: 'terminalId', responsive: ['lg'], render: (v: string | null) => (v ? terminalName(v) : t('common.none')) },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'disabled',
      render: (disabled: boolean) => <Badge status={disabled ? 'default' : 'success'} text={disabled ? t('common.disabled') : t('common.enabled')} />,
    },
    { key: 'createdAt', title: t('common.createdAt'), dataIndex: 'createdAt', responsive: ['md'], render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
  ];

  return (
    <>
      <PageHeader
        title={t('adminUsers.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="staff-create">
            {t('adminUsers.create')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<StaffUser>
          rowKey="id"
          columns={columns}
          dataSource={staff.data?.items}
          loading={staff.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(x) => ({ 'data-testid': `staff-row-${x.username}` }) as HTMLAttributes<HTMLElement>}
          data-testid="staff-table"
        />
      </Card>
      <CreateStaffModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
