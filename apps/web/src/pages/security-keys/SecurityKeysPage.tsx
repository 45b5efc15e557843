import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Form, Input, Modal, Popconfirm, Radio, Select, Table, Tag, type ButtonProps, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

import type { SecurityKey, SecurityKeyKind } from '@cargo-window/contracts';

import { isApiError } from '../../api/client.ts';
import { useBindSecurityKey, useRevokeSecurityKey, useSecurityKeys } from '../../features/account/api.ts';
import '../../features/account/account.css';
import { webauthnErrorText } from '../../features/account/webauthn-errors.ts';
import { useCurrentUser } from '../../features/auth/session.ts';
import { useOperators } from '../../features/enterprise/api.ts';
import { maxRule, requiredRule } from '../../features/forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';
import { PageHeader } from '../../features/layout/PageHeader.tsx';
import { LoadFailed } from '../../features/layout/PageStates.tsx';

const SELF = 'self';
const when = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : null);

/** 企业设置 → 卡介质: the enterprise's security keys (法人卡 / 操作员卡), 绑定 and 吊销. */
export default function SecurityKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const keys = useSecurityKeys();
  const revoke = useRevokeSecurityKey();
  const [binding, setBinding] = useState(false);

  if (keys.isError) return <LoadFailed error={keys.error} onRetry={() => void keys.refetch()} />;

  const columns: TableColumnsType<SecurityKey> = [
    {
      key: 'user',
      title: t('securityKeys.user'),
      render: (_v, k) => (
        <span>
          {k.userName} <span className="cw-mono cw-muted">{k.username}</span>
        </span>
      ),
    },
    { key: 'name', title: t('securityKeys.name'), dataIndex: 'name', render: (v: string) => <strong>{v}</strong> },
    {
      key: 'kind',
      title: t('securityKeys.kind'),
      dataIndex: 'kind',
      render: (v: SecurityKeyKind) => <Tag color={v === 'legal_person' ? 'gold' : 'blue'}>{t(`securityKeys.kinds.${v}`)}</Tag>,
    },
    { key: 'createdAt', title: t('securityKeys.createdAt'), dataIndex: 'createdAt', render: (v: string) => when(v) },
    { key: 'lastUsedAt', title: t('securityKeys.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => when(v) ?? <span className="cw-muted">{t('securityKeys.never')}</span> },
    {
      key: 'status',
      title: t('common.status'),
      dataIndex: 'revokedAt',
      render: (v: string | null) => <Badge status={v ? 'default' : 'success'} text={v ? t('securityKeys.revoked') : t('securityKeys.active')} data-testid="key-status" />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_v, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title={t('securityKeys.revokeConfirm', { name: k.name })}
            description={t('securityKeys.revokeDesc')}
            okText={t('securityKeys.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'key-revoke-confirm' } as ButtonProps}
            onConfirm={() =>
              revoke.mutateAsync(k.id).then(
                () => void message.success(t('securityKeys.revokedOk')),
                (error: unknown) => void message.error(webauthnErrorText(t, error)),
              )
            }
          >
            <Button type="link" danger size="small" data-testid={`key-revoke-${k.name}`}>
              {t('securityKeys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('securityKeys.title')}
        subtitle={t('securityKeys.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setBinding(true)} data-testid="key-bind">
            {t('securityKeys.bind')}
          </Button>
        }
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<SecurityKey>
          rowKey="id"
          columns={columns}
          dataSource={keys.data?.items}
          loading={keys.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(k) => (k.revokedAt ? 'cw-muted' : '')}
          onRow={(k) => ({ 'data-testid': `key-row-${k.name}` }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('securityKeys.empty') }}
          data-testid="keys-table"
        />
      </Card>
      <BindKeyModal open={binding} onClose={() => setBinding(false)} />
    </>
  );
}

interface BindValues {
  userId: string;
  name: string;
  kind: SecurityKeyKind;
}

/** 绑定卡介质: whom (本人 or an operator), a name and a type → the browser asks for the key. */
function BindKeyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const operators = useOperators();
  const bind = useBindSecurityKey();
  const [form] = Form.useForm<BindValues>();
  const errors = useServerErrors(form);

  const userOptions = [
    { value: SELF, label: t('securityKeys.self', { name: me.user.name }) },
    ...(operators.data?.items ?? []).filter((o) => !o.disabled).map((o) => ({ value: o.id, label: t('common.nameWithCode', { name: o.name, code: o.username }) })),
  ];

  const onOk = async () => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    bind.mutate(
      { userId: values.userId === SELF ? undefined : values.userId, name: values.name.trim(), kind: values.kind },
      {
        onSuccess: () => {
          void message.success(t('securityKeys.bound'));
          onClose();
        },
        onError: (error) => {
          // Browser-side failures have no fields: they become the modal's message.
          if (isApiError(error)) errors.show(error);
          else errors.setFormError(webauthnErrorText(t, error));
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={
        <span>
          <KeyOutlined /> {t('securityKeys.bindTitle')}
        </span>
      }
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={bind.isPending}
      okButtonProps={{ 'data-testid': 'key-bind-confirm' } as ButtonProps}
      destroyOnHidden
      afterClose={() => {
        form.resetFields();
        errors.clear();
        bind.reset();
      }}
      data-testid="key-bind-modal"
    >
      <Form<BindValues>
        form={form}
        layout="vertical"
        initialValues={{ userId: SELF, kind: 'legal_person' }}
        validateTrigger="onBlur"
        onValuesChange={(changed: Partial<BindValues>) => {
          clearErrorsOnChange(form)(changed);
          // The usual pairing: 法人卡 for the administrator, 操作员卡 for an operator.
          if (changed.userId) form.setFieldValue('kind', changed.userId === SELF ? 'legal_person' : 'operator');
        }}
        preserve={false}
      >
        <Form.Item name="userId" label={t('securityKeys.user')} rules={[requiredRule(t)]}>
          <Select options={userOptions} loading={operators.isPending} showSearch={{ optionFilterProp: 'label' }} data-testid="key-user" />
        </Form.Item>
        <Form.Item name="name" label={t('securityKeys.name')} rules={[requiredRule(t), maxRule(t, 40)]}>
          <Input placeholder={t('securityKeys.namePlaceholder')} maxLength={40} data-testid="key-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('securityKeys.kind')} rules={[requiredRule(t)]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="key-kind">
            <Radio.Button value="legal_person" data-testid="key-kind-legal_person">
              {t('securityKeys.kinds.legal_person')}
            </Radio.Button>
            <Radio.Button value="operator" data-testid="key-kind-operator">
              {t('securityKeys.kinds.operator')}
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Alert type={bind.isPending ? 'warning' : 'info'} showIcon title={bind.isPending ? t('securityKeys.waiting') : t('securityKeys.bindHint')} />
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} style={{ marginTop: 12 }} data-testid="key-bind-error" /> : null}
      </Form>
    </Modal>
  );
}
