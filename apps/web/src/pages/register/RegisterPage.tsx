import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import type { RegisterResponse } from '@cargo-window/contracts';

import { useDocumentTitle } from '../../features/layout/document-title.ts';
import { PortalLayout } from '../../features/layout/PortalLayout.tsx';
import { ChooseForm, type RegistrationForm } from './ChooseForm.tsx';
import { LinkedRegistration } from './LinkedRegistration.tsx';
import { RegisterSuccess } from './RegisterSuccess.tsx';
import { StandaloneForm } from './StandaloneForm.tsx';

/** 立即注册: choose 有/没有国家标准版账号企业, fill in, 注册成功. The choice lives in the URL so Back works. */
export default function RegisterPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('register.title'));
  const [params, setParams] = useSearchParams();
  const [done, setDone] = useState<RegisterResponse | null>(null);
  const chosen = params.get('form');
  const form: RegistrationForm | null = chosen === 'standalone' || chosen === 'national' ? chosen : null;

  const choose = (next: RegistrationForm | null) => setParams(next ? { form: next } : {});
  const step = done ? 2 : form ? 1 : 0;

  return (
    <PortalLayout wide>
      <Card className="cw-register" variant="borderless">
        <Typography.Title level={1} className="cw-register-title" style={{ fontSize: 24, lineHeight: 1.35 }}>
          {t('register.title')}
        </Typography.Title>
        <Steps
          className="cw-register-steps"
          size="small"
          current={step}
          items={[
            { title: t('register.chooseTitle') },
            { title: form === 'national' ? t('register.national') : t('register.basicInfo') },
            { title: t('register.success') },
          ]}
        />
        {done ? (
          <RegisterSuccess result={done} />
        ) : form === null ? (
          <ChooseForm onChoose={choose} />
        ) : (
          <>
            <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => choose(null)} className="cw-register-back" data-testid="register-back">
              {t('register.backToChoose')}
            </Button>
            {form === 'standalone' ? <StandaloneForm onDone={setDone} /> : <LinkedRegistration onDone={setDone} />}
          </>
        )}
      </Card>
    </PortalLayout>
  );
}
