import { Alert, Button, Col, Divider, Form, Grid, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';

import type { RegisterResponse } from '@cargo-window/contracts';

import { fieldRules, maxRule, requiredRule, upperCase } from '../../features/forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';
import { useRegister, type StandaloneRegistration } from '../../features/registration/api.ts';

interface StandaloneValues {
  enterprise: {
    name: string;
    uscc: string;
    customsCode?: string;
    address?: string;
    contactName: string;
    contactPhone: string;
    email?: string;
  };
  admin: { username: string; password: string };
  confirmPassword: string;
}

const optional = (value: string | undefined) => {
  const text = value?.trim();
  return text ? text : undefined;
};

export function toStandaloneRequest(values: StandaloneValues): StandaloneRegistration {
  const e = values.enterprise;
  return {
    mode: 'standalone',
    enterprise: {
      name: e.name.trim(),
      uscc: e.uscc.trim().toUpperCase(),
      customsCode: optional(e.customsCode)?.toUpperCase(),
      address: optional(e.address),
      contactName: e.contactName.trim(),
      contactPhone: e.contactPhone.trim(),
      email: optional(e.email),
    },
    admin: { username: values.admin.username.trim(), password: values.admin.password },
  };
}

/** 没有国家标准版账号企业 — 录入基本信息 (星号为必填) — 提交. */
export function StandaloneForm({ onDone }: { onDone: (result: RegisterResponse) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StandaloneValues>();
  const register = useRegister();
  const errors = useServerErrors(form);
  const screens = Grid.useBreakpoint();
  const rules = fieldRules(t);
  const required = requiredRule(t);

  const onFinish = (values: StandaloneValues) => {
    errors.clear();
    register.mutate(toStandaloneRequest(values), { onSuccess: onDone, onError: (error) => errors.show(error) });
  };

  const half = { xs: 24, md: 12 };
  return (
    <Form<StandaloneValues>
      form={form}
      layout={screens.md ? 'horizontal' : 'vertical'}
      labelCol={screens.md ? { flex: '150px' } : undefined}
      labelWrap
      validateTrigger="onBlur"
      onFinish={onFinish}
      onValuesChange={clearErrorsOnChange(form)}
      onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name, { block: 'center' })}
      scrollToFirstError={false}
      className="cw-register-form"
      data-testid="standalone-form"
    >
      <Divider titlePlacement="start">{t('register.enterpriseSection')}</Divider>
      <Row gutter={24}>
        <Col span={24}>
          <Form.Item name={['enterprise', 'name']} label={t('register.name')} rules={[required, maxRule(t, 100)]}>
            <Input maxLength={100} data-testid="enterprise-name" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['enterprise', 'uscc']} label={t('register.uscc')} normalize={upperCase} rules={[required, rules.uscc]}>
            <Input maxLength={18} placeholder={t('register.usccPlaceholder')} className="cw-mono" data-testid="enterprise-uscc" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['enterprise', 'customsCode']} label={t('register.customsCode')} normalize={upperCase} rules={[rules.customsCode]}>
            <Input maxLength={10} placeholder={t('register.customsCodePlaceholder')} className="cw-mono" data-testid="enterprise-customs-code" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name={['enterprise', 'address']} label={t('register.address')} rules={[maxRule(t, 200)]}>
            <Input maxLength={200} data-testid="enterprise-address" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['enterprise', 'contactName']} label={t('register.contactName')} rules={[required, rules.personName]}>
            <Input maxLength={30} data-testid="enterprise-contact-name" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['enterprise', 'contactPhone']} label={t('register.contactPhone')} rules={[required, rules.mobile]}>
            <Input maxLength={11} inputMode="tel" placeholder={t('register.contactPhonePlaceholder')} data-testid="enterprise-contact-phone" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name={['enterprise', 'email']} label={t('register.email')} rules={[rules.email, maxRule(t, 200)]}>
            <Input type="email" inputMode="email" data-testid="enterprise-email" />
          </Form.Item>
        </Col>
      </Row>

      <Divider titlePlacement="start">{t('register.adminSection')}</Divider>
      <Row gutter={24}>
        <Col {...half}>
          <Form.Item name={['admin', 'username']} label={t('register.adminUsername')} rules={[required, rules.username]}>
            <Input maxLength={32} autoComplete="username" placeholder={t('register.usernameHint')} data-testid="admin-username" />
          </Form.Item>
        </Col>
        <Col {...half} />
        <Col {...half}>
          <Form.Item name={['admin', 'password']} label={t('register.adminPassword')} rules={[required, rules.password]}>
            <Input.Password autoComplete="new-password" placeholder={t('register.passwordHint')} data-testid="admin-password" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item
            name="confirmPassword"
            label={t('register.confirmPassword')}
            dependencies={[['admin', 'password']]}
            rules={[
              required,
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value !== getFieldValue(['admin', 'password'])) throw new Error(t('register.passwordMismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="admin-confirm-password" />
          </Form.Item>
        </Col>
      </Row>

      {errors.formError ? <Alert type="error" showIcon title={errors.formError} className="cw-form-alert" data-testid="form-error" /> : null}
      <div className="cw-form-actions">
        <Button type="primary" htmlType="submit" size="large" loading={register.isPending} data-testid="standalone-submit">
          {t('common.submit')}
        </Button>
      </div>
    </Form>
  );
}
