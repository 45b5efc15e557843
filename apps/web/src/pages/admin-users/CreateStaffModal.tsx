import { Alert, App, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';

import { platformStaffRoles, type PlatformStaffRole } from '@cargo-window/contracts';

import { useCreateStaff } from '../../features/admin/api.ts';
import { useTerminals } from '../../features/appointments/api.ts';
import { terminalLabel } from '../../features/appointments/labels.ts';
import { fieldRules, requiredRule } from '../../features/forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';

interface StaffValues {
  username: string;
  name: string;
  password: string;
  role: PlatformStaffRole;
  terminalId?: string;
}

/** Staff who work at one terminal: a terminal operator must have one, a gate officer may. */
const atTerminal = (role: PlatformStaffRole | undefined) => role === 'terminal_operator' || role === 'gate_officer';

export function CreateStaffModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<StaffValues>();
  const create = useCreateStaff();
  const errors = useServerErrors(form);
  const rules = fieldRules(t);
  const required = requiredRule(t);
  const role = Form.useWatch('role', form);
  const terminals = useTerminals();

  const onOk = async () => {
    errors.clear();
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    create.mutate(
      { username: values.username.trim(), name: values.name.trim(), password: values.password, role: values.role, terminalId: atTerminal(values.role) ? values.terminalId : undefined },
      {
        onSuccess: () => {
          void message.success(t('adminUsers.created'));
          onClose();
        },
        onError: (error) => errors.show(error),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('adminUsers.createTitle')}
      onOk={() => void onOk()}
      onCancel={onClose}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'staff-confirm' } as ButtonProps}
      destroyOnHidden
      afterClose={() => errors.clear()}
    >
      <Form<StaffValues> form={form} layout="vertical" validateTrigger="onBlur" onValuesChange={clearErrorsOnChange(form)} preserve={false} initialValues={{ role: 'reviewer' }}>
        <Form.Item name="username" label={t('operators.username')} rules={[required, rules.username]}>
          <Input maxLength={32} autoComplete="off" placeholder={t('register.usernameHint')} data-testid="staff-username" />
        </Form.Item>
        <Form.Item name="name" label={t('operators.name')} rules={[required, rules.personName]}>
          <Input maxLength={30} data-testid="staff-name" />
        </Form.Item>
        <Form.Item name="password" label={t('operators.password')} rules={[required, rules.password]}>
          <Input.Password autoComplete="new-password" placeholder={t('register.passwordHint')} data-testid="staff-password" />
        </Form.Item>
        <Form.Item name="role" label={t('adminUsers.role')} rules={[{ required: true, message: t('REQUIRED', { ns: 'errors' }) }]}>
          <Select<PlatformStaffRole> options={platformStaffRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} data-testid="staff-role" />
        </Form.Item>
        {atTerminal(role) ? (
          <Form.Item
            name="terminalId"
            label={t('adminUsers.terminal')}
            extra={role === 'gate_officer' ? t('adminUsers.officerTerminalHint') : undefined}
            rules={[{ required: role === 'terminal_operator', message: t('REQUIRED', { ns: 'errors' }) }]}
          >
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }}
              allowClear={role !== 'terminal_operator'}
              loading={terminals.isPending}
              placeholder={t('adminUsers.terminalHolder')}
              options={terminals.data?.items.map((x) => ({ value: x.id, label: terminalLabel(x, t) }))}
              data-testid="staff-terminal"
            />
          </Form.Item>
        ) : null}
        {errors.formError ? <Alert type="error" showIcon title={errors.formError} data-testid="form-error" /> : null}
      </Form>
    </Modal>
  );
}
