import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import { errorCatalog, type ErrorCode, type Language } from '@cargo-window/contracts';

import { vehiclesEn, vehiclesZhCN } from '../features/vehicles/i18n.ts';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export const languages: readonly Language[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'cw.language';

/** Error-code messages come from the contracts' catalog (one source with the server): `errors` namespace. */
function errorMessages(language: Language): Record<ErrorCode, string> {
  const entries = Object.entries(errorCatalog).map(([code, messages]) => [code, messages[language]]);
  return Object.fromEntries(entries) as Record<ErrorCode, string>;
}

function storedLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: { ...zhCN, ...vehiclesZhCN }, errors: errorMessages('zh-CN') },
    en: { translation: { ...en, ...vehiclesEn }, errors: errorMessages('en') },
  },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...languages],
  ns: ['translation', 'errors'],
  defaultNS: 'translation',
  interpolation: { escapeValue: false },
});

export default i18n;
