import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';

import { createQueryClient } from './api/query-client.ts';
import { appointmentsAccess, type AccessKey } from './features/access/menu.ts';
import { RequireAccess } from './features/access/RequireAccess.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { AppShell } from './features/layout/AppShell.tsx';
import { PageLoading } from './features/layout/PageStates.tsx';
import { LiveNotifications } from './features/mobile/LiveNotifications.tsx';
import LoginPage from './pages/login/LoginPage.tsx';

// Everything but the login page loads on demand.
const RegisterPage = lazy(() => import('./pages/register/RegisterPage.tsx'));
const HomePage = lazy(() => import('./pages/home/HomePage.tsx'));
const EnterprisePage = lazy(() => import('./pages/enterprise/EnterprisePage.tsx'));
const OperatorsPage = lazy(() => import('./pages/operators/OperatorsPage.tsx'));
const SecurityKeysPage = lazy(() => import('./pages/security-keys/SecurityKeysPage.tsx'));
const AccountPage = lazy(() => import('./pages/account/AccountPage.tsx'));
const AdminUsersPage = lazy(() => import('./pages/admin-users/AdminUsersPage.tsx'));
const VehicleFilingRoutes = lazy(() => import('./pages/vehicle-filings/VehicleFilingRoutes.tsx'));
const FleetPage = lazy(() => import('./pages/vehicles/FleetPage.tsx'));
const ReviewRoutes = lazy(() => import('./pages/review/ReviewRoutes.tsx'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage.tsx'));
const AppointmentsRoutes = lazy(() => import('./pages/appointments/AppointmentsRoutes.tsx'));
const TerminalPage = lazy(() => import('./pages/terminal/TerminalPage.tsx'));
const GateRoutes = lazy(() => import('./pages/gate/GateRoutes.tsx'));
const AdminTerminalsPage = lazy(() => import('./pages/admin-terminals/AdminTerminalsPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/errors/NotFoundPage.tsx'));
// 手机版 (/m), the public capacity board and the terminal dashboard.
const MobileRoutes = lazy(() => import('./pages/mobile/MobileRoutes.tsx'));
const BoardPage = lazy(() => import('./pages/board/BoardPage.tsx'));
const TerminalDashboardPage = lazy(() => import('./pages/terminal-dashboard/TerminalDashboardPage.tsx'));

const brand = '#0b4ea2';

/** A route guarded by the same access rule as its menu entry. */
function guarded(access: AccessKey | ((search: string) => AccessKey), page: ReactNode) {
  return <RequireAccess access={access}>{page}</RequireAccess>;
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/board" element={<BoardPage />} />
      <Route path="/m/*" element={<MobileRoutes />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<HomePage />} />
        <Route path="vehicle-filings/*" element={guarded('vehicleFiling', <VehicleFilingRoutes />)} />
        <Route path="vehicles" element={guarded('fleet', <FleetPage />)} />
        <Route path="appointments/query/*" element={guarded('appointmentQuery', <AppointmentsRoutes query />)} />
        <Route path="appointments/*" element={guarded(appointmentsAccess, <AppointmentsRoutes />)} />
        <Route path="enterprise" element={guarded('enterpriseSettings', <EnterprisePage />)} />
        <Route path="enterprise/operators" element={guarded('enterpriseSettings', <OperatorsPage />)} />
        <Route path="enterprise/security-keys" element={guarded('enterpriseSettings', <SecurityKeysPage />)} />
        <Route path="account" element={<AccountPage />} />
        <Route path="review/vehicle-filings/*" element={guarded('review', <ReviewRoutes />)} />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="terminal/dashboard" element={guarded('terminalDashboard', <TerminalDashboardPage />)} />
        <Route path="terminal/*" element={guarded('terminal', <TerminalPage />)} />
        <Route path="gate/*" element={<GateRoutes />} />
        <Route path="admin/users" element={guarded('platformAdmin', <AdminUsersPage />)} />
        <Route path="admin/terminals/*" element={guarded('platformAdmin', <AdminTerminalsPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
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
            <LiveNotifications />
            <Suspense fallback={<PageLoading fullscreen />}>
              <AppRoutes />
            </Suspense>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
