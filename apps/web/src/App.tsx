import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, theme } from 'antd';
// The ES modules: antd/locale/* are CommonJS and pull a second copy of the locale tree (antd/lib).
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';

import { createQueryClient } from './api/query-client.ts';
import { PageLoading } from './features/layout/PageLoading.tsx';
import { LiveNotifications } from './features/mobile/LiveNotifications.tsx';
import { loadPageStrings } from './i18n/index.ts';
import LoginPage from './pages/login/LoginPage.tsx';

/**
 * A page that loads on demand, inside antd's App (the message, notification and modal hooks the
 * pages use), with its strings and with dayjs in the UI's language. The login page does without
 * them: App brings the message, notification and modal components, which it never shows.
 */
function lazyPage<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  return lazy(async () => {
    const [{ default: AntApp }, { default: Page }] = await Promise.all([import('antd/es/app'), load(), import('./i18n/dayjs-locale.ts'), loadPageStrings()]);
    return {
      default: (props: P) => (
        <AntApp>
          <Page {...props} />
        </AntApp>
      ),
    };
  });
}

// Everything but the login page loads on demand: it is the first page of most visits.
const RegisterPage = lazyPage(() => import('./pages/register/RegisterPage.tsx'));
// The app shell, its menus and every page behind the login.
const SignedInApp = lazyPage(() => import('./SignedInApp.tsx'));
// 手机版 (/m) and the public capacity board.
const MobileRoutes = lazyPage(() => import('./pages/mobile/MobileRoutes.tsx'));
const BoardPage = lazyPage(() => import('./pages/board/BoardPage.tsx'));

const brand = '#0b4ea2';
/** Greys that keep 4.5:1 on white, on the layout's #f5f5f5 and on the required fields' yellow (styles.css: --cw-text-secondary). */
const textSecondary = '#666666';
const textPlaceholder = '#6b6b6b';

/** The text style antd's App gives its element (the theme's font, colour, size, line height), for the login page too. */
function BaseText({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return <div style={{ color: token.colorText, fontSize: token.fontSize, lineHeight: token.lineHeight, fontFamily: token.fontFamily }}>{children}</div>;
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/board" element={<BoardPage />} />
      <Route path="/m/*" element={<MobileRoutes />} />
      <Route path="*" element={<SignedInApp />} />
    </Routes>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={english ? enUS : zhCN}
        theme={{
          algorithm: theme.defaultAlgorithm,
          token: {
            colorPrimary: brand,
            // Links and info in the brand's blue, errors in a deeper red: antd's #1677ff and #ff4d4f
            // are 4.1:1 and 3.3:1 on white. Its secondary and placeholder greys are 3.4:1 and 1.6:1.
            // WCAG AA asks 4.5:1 of text.
            colorLink: brand,
            colorInfo: brand,
            colorError: '#cf1322',
            colorTextTertiary: textSecondary,
            colorTextDescription: textSecondary,
            colorTextPlaceholder: textPlaceholder,
            borderRadius: 6,
            fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
          },
          components: { Layout: { headerBg: brand, headerHeight: 56, headerPadding: '0 16px', siderBg: '#fff' } },
        }}
      >
        <BaseText>
          <BrowserRouter>
            <LiveNotifications />
            <Suspense fallback={<PageLoading fullscreen />}>
              <AppRoutes />
            </Suspense>
          </BrowserRouter>
        </BaseText>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
