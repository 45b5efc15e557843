import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

import i18n from './index.ts';

/*
 * dayjs speaks the UI's language (dates, weekdays, the pickers). Loaded with the pages that use
 * dates (see lazyPage in App.tsx), not with the login page, which shows none.
 */
const apply = (language: string) => void dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
apply(i18n.language);
i18n.on('languageChanged', apply);
