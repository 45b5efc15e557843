import { lazy, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';

import { appointmentsAccess, type AccessKey } from './features/access/menu.ts';
import { RequireAccess } from './features/access/RequireAccess.tsx';
import { RequireAuth } from './features/auth/RequireAuth.tsx';
import { AppShell } from './features/layout/AppShell.tsx';

// Each page loads on demand, inside the shell.
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
const AdminAuditPage = lazy(() => import('./pages/admin-audit/AdminAuditPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/errors/NotFoundPage.tsx'));
const TerminalDashboardPage = lazy(() => import('./pages/terminal-dashboard/TerminalDashboardPage.tsx'));

/** A route guarded by the same access rule as its menu entry. */
function guarded(access: AccessKey | ((search: string) => AccessKey), page: ReactNode) {
  return <RequireAccess access={access}>{page}</RequireAccess>;
}

/**
 * Everything behind the login: the auth guard, the app shell (header, the role's menu) and its
 * pages. A module of its own so the login page loads none of it.
 */
export default function SignedInApp() {
  return (
    <Routes>
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
        <Route path="admin/audit" element={guarded('platformAdmin', <AdminAuditPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
