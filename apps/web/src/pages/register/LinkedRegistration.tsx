import { CreditCardOutlined, LockOutlined, QuestionCircleOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Col, Divider, Form, Input, Radio, Row, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { NationalEnterprise, RegisterResponse } from '@cargo-window/contracts';

import { isApiError } from '../../api/client.ts';
import { codeText } from '../../api/errors.ts';
import { fieldRules, requiredRule } from '../../features/forms/rules.ts';
import { clearErrorsOnChange, useServerErrors } from '../../features/forms/use-server-errors.ts';
import { nationalErrorField, useNationalPreview, useRegister, type NationalCredentials, type NationalField } from '../../features/registration/api.ts';

type Method = 'password' | 'card';

interface LinkedValues {
  national: { username?: string; password?: string; cardNo?: string; pin?: string };
  admin?: { username?: string; password?: string };
  confirmPassword?: string;
}

function credentialsOf(method: Method, values: LinkedValues): NationalCredentials {
  const n = values.national;
  return method === 'password'
    ? { username: (n.username ?? '').trim(), password: n.password ?? '' }
    : { cardNo: (n.cardNo ?? '').replace(/\s+/g, ''), pin: n.pin ?? '' };
}

/**
 * 有国家标准版账号企业: 录入管理员用户名密码 / 卡介质 — 登录 — 提示是否关联注册 — 是 — 注册成功.
 * The imported enterprise is shown grey and read-only, as the manual's auto-filled fields.
 */
export function LinkedRegistration({ onDone }: { onDone: (result: RegisterResponse) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LinkedValues>();
  const preview = useNationalPreview();
  const register = useRegister();
  const errors = useServerErrors(form);
  const rules = fieldRules(t);
  const required = requiredRule(t);

  const [method, setMethod] = useState<Method>('password');
  const [found, setFound] = useState<{ enterprise: NationalEnterprise; credentials: NationalCredentials } | null>(null);
  const [ownAdmin, setOwnAdmin] = useState(false);
  // An admin.* error for fields not on screen yet (password mode without its own admin): shown once they are.
  const [pendingError, setPendingError] = useState<unknown>(null);

  const adminNeeded = method === 'card';
  const adminShown = adminNeeded || ownAdmin;

  const showErrors = errors.show;
  useEffect(() => {
    if (pendingError && adminShown) {
      showErrors(pendingError);
      setPendingError(null);
    }
  }, [pendingError, adminShown, showErrors]);

  /** National-service errors name no field: put each on the credential it is about. */
  const showNationalError = (error: unknown): boolean => {
    const field = isApiError(error) ? nationalErrorField[error.code] : undefined;
    if (!field || !isApiError(error)) return false;
    setFound(null);
    form.setFields([{ name: field, errors: [codeText(t, error.code, error.problem.title)] }]);
    return true;
  };

  const onMethodChange = (next: Method) => {
    setMethod(next);
    setFound(null);
    errors.clear();
    preview.reset();
  };

  const onPreview = async () => {
    errors.clear();
    const names: NationalField[] = method === 'password' ? [['national', 'username'], ['national', 'password']] : [['national', 'cardNo'], ['national', 'pin']];
    // A previous attempt's error (e.g. wrong password) must not outlive the new attempt.
    form.setFields(names.map((name) => ({ name, errors: [] })));
    const values = await form.validateFields(names).catch(() => null);
    if (!values) return;
    const credentials = credentialsOf(method, form.getFieldsValue(true) as LinkedValues);
    preview.mutate(credentials, {
      onSuccess: (enterprise) => setFound({ enterprise, credentials }),
      onError: (error) => {
        if (!showNationalError(error)) errors.show(error);
      },
    });
  };

  const onLink = async () => {
    if (!found) return;
    errors.clear();
    if (adminShown) {
      const ok = await form.validateFields([['admin', 'username'], ['admin', 'password'], 'confirmPassword']).catch(() => null);
      if (!ok) return;
    }
    const values = form.getFieldsValue(true) as LinkedValues;
    const admin = adminShown ? { username: (values.admin?.username ?? '').trim(), password: values.admin?.password ?? '' } : undefined;
    register.mutate(
      { mode: 'linked', national: found.credentials, admin },
      {
        onSuccess: onDone,
        onError: (error) => {
          if (showNationalError(error)) return;
          if (isApiError(error) && error.code === 'NATIONAL_ALREADY_LINKED') {
            setFound({ ...found, enterprise: { ...found.enterprise, alreadyLinked: true } });
            return;
          }
          if (isApiError(error) && !adminShown && error.fieldErrors.some((e) => e.field.startsWith('admin.'))) {
            setOwnAdmin(true);
            setPendingError(error);
            return;
          }
          errors.show(error);
        },
      },
    );
  };

  const onReenter = () => {
    setFound(null);
    errors.clear();
    preview.reset();
    register.reset();
  };

  const previewed = found !== null;
  const half = { xs: 24, md: 12 };
  const e = found?.enterprise;

  return (
    <Form<LinkedValues>
      form={form}
      layout="vertical"
      validateTrigger="onBlur"
      className="cw-register-form"
      data-testid="linked-form"
      // Changing the credentials after 登录 drops the preview: it belonged to the old ones.
      onValuesChange={(changed: Partial<LinkedValues>) => {
        clearErrorsOnChange(form)(changed);
        if (changed.national && found) onReenter();
      }}
    >
      <Form.Item label={t('register.chooseTitle')} required={false}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={method}
          onChange={(event) => onMethodChange(event.target.value as Method)}
          options={[
            { value: 'password', label: <span data-testid="national-method-password"><UserOutlined /> {t('register.byPassword')}</span> },
            { value: 'card', label: <span data-testid="national-method-card"><CreditCardOutlined /> {t('register.byCard')}</span> },
          ]}
        />
      </Form.Item>

      {method === 'password' ? (
        <Row gutter={24}>
          <Col {...half}>
            <Form.Item name={['national', 'username']} label={t('register.nationalUsername')} rules={[required]}>
              <Input prefix={<UserOutlined />} autoComplete="off" data-testid="national-username" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name={['national', 'password']} label={t('register.nationalPassword')} rules={[required]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="off" data-testid="national-password" />
            </Form.Item>
          </Col>
        </Row>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('register.cardHint')}</Typography.Paragraph>
          <Row gutter={24}>
            <Col {...half}>
              <Form.Item name={['national', 'cardNo']} label={t('register.cardNo')} rules={[required]}>
                <Input prefix={<CreditCardOutlined />} inputMode="numeric" maxLength={32} autoComplete="off" className="cw-mono" data-testid="national-card-no" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item name={['national', 'pin']} label={t('register.pin')} rules={[required]}>
                <Input.Password prefix={<LockOutlined />} inputMode="numeric" maxLength={32} autoComplete="off" data-testid="national-pin" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}

      {!previewed ? (
        <>
          {errors.formError ? <Alert type="error" showIcon title={errors.formError} className="cw-form-alert" data-testid="form-error" /> : null}
          <div className="cw-form-actions">
            <Button type="primary" size="large" onClick={() => void onPreview()} loading={preview.isPending} data-testid="national-login">
              {t('register.login')}
            </Button>
          </div>
        </>
      ) : null}

      {e ? (
        <div className="cw-preview" data-testid="national-preview">
          <Divider titlePlacement="start">{t('register.imported')}</Divider>
          <Row gutter={24}>
            {(
              [
                ['name', t('register.name'), e.name, 24],
                ['uscc', t('register.uscc'), e.uscc, 12],
                ['customsCode', t('register.customsCode'), e.customsCode, 12],
                ['address', t('register.address'), e.address, 24],
                ['contactName', t('register.contactName'), e.contactName, 12],
                ['contactPhone', t('register.contactPhone'), e.contactPhone, 12],
              ] as const
            ).map(([key, label, value, span]) => (
              <Col xs={24} md={span} key={key}>
                <Form.Item label={label}>
                  <Input readOnly value={value ?? ''} placeholder={t('common.none')} className="cw-readonly" tabIndex={-1} data-testid={`preview-${key}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>

          {e.alreadyLinked ? (
            <>
              <Alert type="warning" showIcon title={codeText(t, 'NATIONAL_ALREADY_LINKED')} className="cw-form-alert" data-testid="already-linked" />
              <div className="cw-form-actions">
                <Button onClick={onReenter} data-testid="national-reenter">
                  {t('register.reenter')}
                </Button>
              </div>
            </>
          ) : (
            <div className="cw-link-confirm">
              <Alert
                type="info"
                showIcon
                icon={<QuestionCircleOutlined />}
                title={<strong>{t('register.askLink')}</strong>}
                description={t('register.askLinkDesc')}
                className="cw-form-alert"
                data-testid="ask-link"
              />

              {adminNeeded ? (
                <Typography.Paragraph strong>{t('register.localAdminCardHint')}</Typography.Paragraph>
              ) : (
                <Form.Item>
                  <Checkbox checked={ownAdmin} onChange={(event) => setOwnAdmin(event.target.checked)} data-testid="own-admin">
                    {t('register.localAdminOptional')}
                  </Checkbox>
                </Form.Item>
              )}

              {adminShown ? (
                <Row gutter={24}>
                  <Col xs={24} md={8}>
                    <Form.Item name={['admin', 'username']} label={t('register.adminUsername')} rules={[required, rules.username]}>
                      <Input maxLength={32} autoComplete="username" placeholder={t('register.usernameHint')} data-testid="admin-username" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={['admin', 'password']} label={t('register.adminPassword')} rules={[required, rules.password]}>
                      <Input.Password autoComplete="new-password" placeholder={t('register.passwordHint')} data-testid="admin-password" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
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
              ) : null}

              {errors.formError ? <Alert type="error" showIcon title={errors.formError} className="cw-form-alert" data-testid="form-error" /> : null}
              <Space className="cw-form-actions" wrap size="middle">
                <Button type="primary" size="large" onClick={() => void onLink()} loading={register.isPending} data-testid="link-confirm">
                  {t('register.linkYes')}
                </Button>
                <Button size="large" onClick={onReenter} disabled={register.isPending} data-testid="link-cancel">
                  {t('register.linkNo')}
                </Button>
              </Space>
            </div>
          )}
        </div>
      ) : null}
    </Form>
  );
}
