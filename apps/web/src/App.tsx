import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';

import { createQueryClient } from './api/query-client.ts';
import { appointmentsAccess, type AccessKey, type MenuKey } from './features/access/menu.ts';
import { RequireAccess } from './features/access/RequireAccess.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { AppShell } from './features/layout/AppShell.tsx';
import { PageLoading } from './features/layout/PageStates.tsx';
import LoginPage from './pages/login/LoginPage.tsx';

// Everything but the login page loads on demand.
const RegisterPage = lazy(() => import('./pages/register/RegisterPage.tsx'));
const HomePage = lazy(() => import('./pages/home/HomePage.tsx'));
const EnterprisePage = lazy(() => import('./pages/enterprise/EnterprisePage.tsx'));
const OperatorsPage = lazy(() => import('./pages/operators/OperatorsPage.tsx'));
const AdminUsersPage = lazy(() => import('./pages/admin-users/AdminUsersPage.tsx'));
const PlaceholderPage = lazy(() => import('./pages/placeholder/PlaceholderPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/errors/NotFoundPage.tsx'));

const brand = '#0b4ea2';

/** A route guarded by the same access rule as its menu entry; pages still to be built show 建设中. */
function guarded(access: AccessKey | ((search: string) => AccessKey), page: ReactNode) {
  return <RequireAccess access={access}>{page}</RequireAccess>;
}
const building = (entry: MenuKey) => <PlaceholderPage entry={entry} />;

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="vehicle-filings/*" element={guarded('vehicleFiling', building('vehicle-filings'))} />
        <Route path="vehicles/*" element={guarded('fleet', building('vehicles'))} />
        <Route path="appointments/query" element={guarded('appointmentQuery', building('appointments-query'))} />
        <Route path="appointments/*" element={guarded(appointmentsAccess, <AppointmentsPlaceholder />)} />
        <Route path="enterprise" element={guarded('enterpriseSettings', <EnterprisePage />)} />
        <Route path="enterprise/operators" element={guarded('enterpriseSettings', <OperatorsPage />)} />
        <Route path="review/vehicle-filings/*" element={guarded('review', building('review'))} />
        <Route path="terminal/*" element={guarded('terminal', building('terminal'))} />
        <Route path="gate/*" element={guarded('gate', building('gate'))} />
        <Route path="admin/users" element={guarded('platformAdmin', <AdminUsersPage />)} />
        <Route path="admin/terminals/*" element={guarded('platformAdmin', building('admin-terminals'))} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** `/appointments` is booking, `/appointments?confirm=1` delivery confirmation: one list, two entries. */
function AppointmentsPlaceholder() {
  const { search } = useLocation();
  return <PlaceholderPage entry={appointmentsAccess(search) === 'deliveryConfirmation' ? 'delivery-confirmation' : 'appointments'} />;
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';

  useEffect(() => {
    dayjs.locale(english ? 'en' : 'zh-cn');
  }, [english]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={english ? enUS : zhCN}
        theme={{
          algorithm: theme.defaultAlgorithm,
          token: { colorPrimary: brand, borderRadius: 6, fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif" },
          components: { Layout: { headerBg: brand, headerHeight: 56, headerPadding: '0 16px', siderBg: '#fff' } },
        }}
      >
        <AntApp>
          <BrowserRouter>
            <Suspense fallback={<PageLoading fullscreen />}>
              <AppRoutes />
            </Suspense>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
