import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Checkbox, Empty, Form, Input, InputNumber, Modal, Popconfirm, Table, Typography, type ButtonProps, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

import { permissions as allPermissions, type ApiToken, type Permission } from '@cargo-window/contracts';

import { errorText } from '../../api/errors.ts';
import { PermissionTags } from '../enterprise/PermissionTags.tsx';
import { maxRule, requiredRule } from '../forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../forms/use-server-errors.ts';
import { useCreateToken, useRevokeToken, useTokens, type ApiTokenCreated } from './api.ts';
import './account.css';

const when = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : null);

function tokenStatus(token: ApiToken): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  return dayjs(token.expiresAt).isBefore(dayjs()) ? 'expired' : 'active';
}

/**
 * 访问令牌: a person's tokens (mine, or with `operatorId` an operator's, for its administrator):
 * create (scope limited to `grantable`, expiry) → the secret shown once; list with last use; 吊销.
 */
export function TokensPanel({ operatorId = null, grantable }: { operatorId?: string | null; grantable: readonly Permission[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tokens = useTokens(operatorId);
  const revoke = useRevokeToken(operatorId);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);

  const columns: TableColumnsType<ApiToken> = [
    { key: 'name', title: t('account.tokenName'), dataIndex: 'name', render: (v: string) => <strong>{v}</strong> },
    { key: 'permissions', title: t('account.tokenPermissions'), dataIndex: 'permissions', render: (v: Permission[]) => <PermissionTags value={v} /> },
    { key: 'createdAt', title: t('account.tokenCreatedAt'), dataIndex: 'createdAt', responsive: ['lg'], render: (v: string) => when(v) },
    { key: 'expiresAt', title: t('account.tokenExpiresAt'), dataIndex: 'expiresAt', render: (v: string) => when(v) },
    { key: 'lastUsedAt', title: t('account.tokenLastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => when(v) ?? <span className="cw-muted">{t('account.never')}</span> },
    {
      key: 'status',
      title: t('common.status'),
      render: (_v, token) => {
        const status = tokenStatus(token);
        const label = { active: t('account.statusActive'), revoked: t('account.statusRevoked'), expired: t('account.statusExpired') }[status];
        return <Badge status={status === 'active' ? 'success' : 'default'} text={label} />;
      },
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_v, token) =>
        token.revokedAt ? null : (
          <Popconfirm
            title={t('account.tokenRevokeConfirm', { name: token.name })}
            okText={t('account.tokenRevoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'token-revoke-confirm' } as ButtonProps}
            onConfirm={() =>
              revoke.mutateAsync(token.id).then(
                () => void message.success(t('account.tokenRevoked')),
                (error: unknown) => void message.error(errorText(t, error)),
              )
            }
          >
            <Button type="link" danger size="small" data-testid={`token-revoke-${token.name}`}>
              {t('account.tokenRevoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div data-testid="tokens-panel">
      <div className="cw-page-header" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" className="cw-page-header-text">
          {t('account.tokensHint')}
        </Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="token-create">
          {t('account.tokenCreate')}
        </Button>
      </div>
      {tokens.isError ? <Alert type="error" showIcon title={errorText(t, tokens.error)} /> : null}
      <Table<ApiToken>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={tokens.data?.items}
        loading={tokens.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(token) => ({ 'data-testid': `token-row-${token.name}` }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('account.tokenEmpty')} /> }}
        data-testid="tokens-table"
      />
      <CreateTokenModal
        open={creating}
        operatorId={operatorId}
        grantable={grantable}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
        }}
      />
      <TokenSecretModal token={created} onClose={() => setCreated(null)} />
    </div>
  );
}

interface CreateValues {
  name: string;
  permissions: Permission[];
  expiresInDays: number;
}

function CreateTokenModal({
  open,
  operatorId,
  grantable,
  onClose,
  onCreated,
}: {
  open: boolean;
  operatorId: string | null;
  grantable: readonly Permission[];
  onClose: () => void;
  onCreated: (token: ApiTokenCreated) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateToken(operatorId);
  const [form] = Form.useForm<CreateValues>();
  const errors = useServerErrors(form);
  const offered = allPermissions.filter((p) => grantable.includes(p));

  const onOk = async () => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    create.mutate(
      { name: values.name.trim(), permissions: values.permissions ?? [], expiresInDays: values.expiresInDays },
      { onSuccess: onCreated, onError: (error) => errors.show(error) },
    );
  };

  return (
    <Modal
      open={open}
      title={t('account.tokenCreateTitle')}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'token-create-confirm' } as ButtonProps}
      destroyOnHidden
      data-testid="token-create-modal"
    >
      <Form<CreateValues> form={form} layout="vertical" preserve={false} initialValues={{ permissions: [], expiresInDays: 90 }} onValuesChange={clearErrorsOnChange(form)}>
        <Form.Item name="name" label={t('account.tokenName')} rules={[requiredRule(t), maxRule(t, 60)]}>
          <Input placeholder={t('account.tokenNamePlaceholder')} maxLength={60} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="permissions" label={t('account.tokenPermissions')} extra={offered.length === 0 ? t('account.tokenNoPermissions') : undefined}>
          <Checkbox.Group className="cw-permission-checks">
            {offered.map((p) => (
              <Checkbox key={p} value={p} data-testid={`token-permission-${p}`}>
                {t(`permissions.${p}`)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('account.tokenExpiry')} rules={[{ required: true, type: 'integer', min: 1, max: 365, message: '1 – 365' }]}>
          <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} data-testid="token-expiry" />
        </Form.Item>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}
      </Form>
    </Modal>
  );
}

/** The secret, once: copy it now or never. */
function TokenSecretModal({ token, onClose }: { token: ApiTokenCreated | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    if (!token) return;
    try {
      await navigator.clipboard.writeText(token.token);
      void message.success(t('account.copied'));
    } catch {
      // no clipboard (plain http): the secret is selectable text
      const node = document.querySelector('[data-testid="token-secret"]');
      if (node) window.getSelection()?.selectAllChildren(node);
    }
  };
  return (
    <Modal
      open={token !== null}
      title={t('account.tokenSecretTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={() => void copy()} data-testid="token-copy">
          {t('account.copy')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose} data-testid="token-secret-close">
          {t('account.close')}
        </Button>,
      ]}
      data-testid="token-secret-modal"
    >
      <Alert type="warning" showIcon title={t('account.tokenSecretHint')} style={{ marginBottom: 12 }} />
      <code className="cw-token-secret" data-testid="token-secret">
        {token?.token}
      </code>
    </Modal>
  );
}
