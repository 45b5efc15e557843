import { BankOutlined, FormOutlined, RightOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export type RegistrationForm = 'national' | 'standalone';

/** 选择注册形式: two big cards, as in the manual. */
export function ChooseForm({ onChoose }: { onChoose: (form: RegistrationForm) => void }) {
  const { t } = useTranslation();
  const options: { form: RegistrationForm; icon: ReactNode; title: string; description: string }[] = [
    { form: 'national', icon: <BankOutlined />, title: t('register.national'), description: t('register.nationalDesc') },
    { form: 'standalone', icon: <FormOutlined />, title: t('register.standalone'), description: t('register.standaloneDesc') },
  ];
  return (
    <div>
      <Typography.Paragraph type="secondary" className="cw-choose-hint">
        {t('register.chooseHint')}
      </Typography.Paragraph>
      <div className="cw-choose">
        {options.map((option) => (
          <button type="button" key={option.form} className="cw-choose-card" onClick={() => onChoose(option.form)} data-testid={`register-${option.form}`}>
            <span className="cw-choose-icon">{option.icon}</span>
            <span className="cw-choose-title">{option.title}</span>
            <span className="cw-choose-desc">{option.description}</span>
            <RightOutlined className="cw-choose-arrow" />
          </button>
        ))}
      </div>
      <div className="cw-register-footer">
        {t('auth.haveAccount')} <Link to="/login">{t('auth.goLogin')}</Link>
      </div>
    </div>
  );
}
