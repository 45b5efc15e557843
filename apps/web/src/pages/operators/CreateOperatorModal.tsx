import { Alert, App, Form, Input, Modal, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Permission } from '@cargo-window/contracts';

import { useCreateOperator } from '../../features/enterprise/api.ts';
import { PermissionCheckboxes } from '../../features/enterprise/PermissionTags.tsx';
import { fieldRules, requiredRule } from '../../features/forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';

interface CreateValues {
  username: string;
  name: string;
  phone?: string;
  password: string;
  permissions: Permission[];
}

export function CreateOperatorModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateOperator();
  const errors = useServerErrors(form);
  const rules = fieldRules(t);
  const required = requiredRule(t);

  const onOk = async () => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const phone = values.phone?.trim();
    create.mutate(
      { username: values.username.trim(), name: values.name.trim(), phone: phone ? phone : undefined, password: values.password, permissions: values.permissions ?? [] },
      {
        onSuccess: () => {
          void message.success(t('operators.created'));
          onClose();
        },
        onError: (error) => errors.show(error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('operators.createTitle')}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'operator-confirm' } as ButtonProps}
      destroyOnHidden
      afterClose={() => {
        form.resetFields();
        errors.clear();
      }}
      data-testid="operator-create-modal"
    >
      <Form<CreateValues> form={form} layout="vertical" validateTrigger="onBlur" onValuesChange={clearErrorsOnChange(form)} initialValues={{ permissions: [] }} preserve={false}>
        <Form.Item name="username" label={t('operators.username')} rules={[required, rules.username]}>
          <Input maxLength={32} autoComplete="off" placeholder={t('register.usernameHint')} data-testid="operator-username" />
        </Form.Item>
        <Form.Item name="name" label={t('operators.name')} rules={[required, rules.personName]}>
          <Input maxLength={30} data-testid="operator-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('operators.phone')} rules={[rules.mobile]}>
          <Input maxLength={11} inputMode="tel" data-testid="operator-phone" />
        </Form.Item>
        <Form.Item name="password" label={t('operators.password')} rules={[required, rules.password]}>
          <Input.Password autoComplete="new-password" placeholder={t('register.passwordHint')} data-testid="operator-password" />
        </Form.Item>
        <Form.Item name="permissions" label={t('operators.apps')}>
          <PermissionCheckboxes />
        </Form.Item>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}
      </Form>
    </Modal>
  );
}
