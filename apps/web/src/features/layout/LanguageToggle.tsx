import { GlobalOutlined } from '@ant-design/icons';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';

import type { Language } from '@cargo-window/contracts';

import { setLanguage } from '../../i18n/index.ts';

const labels: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

/** 中文 / English, remembered in localStorage. */
export function LanguageToggle({ dark = false }: { dark?: boolean }) {
  const { i18n, t } = useTranslation();
  const value: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <span className={dark ? 'cw-lang cw-lang-dark' : 'cw-lang'} data-testid="language-toggle">
      <GlobalOutlined aria-hidden />
      <Segmented<Language>
        size="small"
        aria-label={t('app.language')}
        value={value}
        options={(['zh-CN', 'en'] as const).map((language) => ({ value: language, label: <span data-testid={`language-${language}`}>{labels[language]}</span> }))}
        onChange={(language) => void setLanguage(language)}
      />
    </span>
  );
}
