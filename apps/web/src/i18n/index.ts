import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import { errorCatalog, type ErrorCode, type Language } from '@cargo-window/contracts';

import { portalZh } from './zh-CN-portal.ts';

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

/*
 * The strings load in parts, so the login page carries only its own: at start, the zh-CN strings
 * of the login page (zh-CN-portal.ts); with any other page, the rest of zh-CN (loadPageStrings);
 * English, all of it, once chosen. zh-CN is the default and the fallback.
 */

/** English loads on demand: most visits never need it. */
async function loadLanguage(language: Language): Promise<void> {
  if (language !== 'en' || i18n.hasResourceBundle('en', 'translation')) return;
  const { enTranslation } = await import('./en.ts');
  i18n.addResourceBundle('en', 'translation', enTranslation);
  i18n.addResourceBundle('en', 'errors', errorMessages('en'));
}

let pageStrings: Promise<void> | undefined;

/** The zh-CN strings of every page but the login page: App.tsx's lazyPage loads them with each page. */
export function loadPageStrings(): Promise<void> {
  pageStrings ??= import('./zh-CN.ts').then(({ zhTranslation }) => {
    i18n.addResourceBundle('zh-CN', 'translation', zhTranslation, true, true);
  });
  return pageStrings;
}

export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  await loadLanguage(language);
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: portalZh, errors: errorMessages('zh-CN') },
  },
  // English, when it was chosen before, once its resources are here (i18nReady).
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: [...languages],
  ns: ['translation', 'errors'],
  defaultNS: 'translation',
  interpolation: { escapeValue: false },
});

/** Resolves once the remembered language can be shown: main.tsx renders after it, so English never flashes Chinese first. */
export const i18nReady: Promise<void> = (async () => {
  const language = storedLanguage();
  if (language === 'zh-CN') return;
  try {
    await loadLanguage(language);
    await i18n.changeLanguage(language);
  } catch (error) {
    // Offline without the English chunk cached: the app starts in Chinese rather than not at all.
    console.warn('language not loaded', error);
  }
})();

export default i18n;
