import { Alert, App, Form, Input, Modal, Switch, type ButtonProps } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import type { Operator, Permission } from '@cargo-window/contracts';

import { useUpdateOperator, type UpdateOperatorInput } from '../../features/enterprise/api.ts';
import { PermissionCheckboxes } from '../../features/enterprise/PermissionTags.tsx';
import { fieldRules } from '../../features/forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';

interface EditValues {
  permissions: Permission[];
  disabled: boolean;
  password?: string;
}

/** 编辑: 勾选空运物流相关应用, 停用, optional new password — 确认 → PATCH. */
export function EditOperatorModal({ operator, onClose }: { operator: Operator | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateOperator();
  const errors = useServerErrors(form);
  const rules = fieldRules(t);

  useEffect(() => {
    if (operator) form.setFieldsValue({ permissions: operator.permissions, disabled: operator.disabled, password: '' });
  }, [operator, form]);

  const onOk = async () => {
    if (!operator) return;
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const change: UpdateOperatorInput = { permissions: values.permissions ?? [], disabled: values.disabled };
    if (values.password) change.password = values.password;
    update.mutate(
      { id: operator.id, ...change },
      {
        onSuccess: () => {
          void message.success(t('operators.updated'));
          onClose();
        },
        onError: (error) => errors.show(error),
      },
    );
  };

  return (
    <Modal
      open={operator !== null}
      title={operator ? t('operators.editTitle', { username: operator.username }) : null}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      okButtonProps={{ 'data-testid': 'operator-confirm' } as ButtonProps}
      forceRender
      afterClose={() => {
        form.resetFields();
        errors.clear();
      }}
      data-testid="operator-edit-modal"
    >
      <Form<EditValues> form={form} layout="vertical" validateTrigger="onBlur" onValuesChange={clearErrorsOnChange(form)}>
        <Form.Item name="permissions" label={t('operators.apps')}>
          <PermissionCheckboxes />
        </Form.Item>
        <Form.Item name="disabled" label={t('operators.disable')} valuePropName="checked">
          <Switch checkedChildren={t('common.disabled')} unCheckedChildren={t('common.enabled')} data-testid="operator-disabled" />
        </Form.Item>
        <Form.Item name="password" label={t('operators.newPassword')} rules={[rules.password]}>
          <Input.Password autoComplete="new-password" placeholder={t('operators.newPasswordHint')} data-testid="operator-new-password" />
        </Form.Item>
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}
      </Form>
    </Modal>
  );
}
