import { Navigate, Route, Routes } from 'react-router-dom';

import '../../features/mobile/mobile.css';
import MobileAppointmentPage from './MobileAppointmentPage.tsx';
import { MobileAuth, MobileLayout } from './MobileLayout.tsx';
import MobileLoginPage from './MobileLoginPage.tsx';
import MobileMePage from './MobileMePage.tsx';
import MobileNotificationsPage from './MobileNotificationsPage.tsx';
import MyAppointmentsPage from './MyAppointmentsPage.tsx';
import MobileVehiclesPage from './MobileVehiclesPage.tsx';

/** The phone app under /m: login outside, the rest behind login with the bottom tab bar. */
export default function MobileRoutes() {
  return (
    <Routes>
      <Route path="login" element={<MobileLoginPage />} />
      <Route
        element={
          <MobileAuth>
            <MobileLayout />
          </MobileAuth>
        }
      >
        <Route index element={<MyAppointmentsPage />} />
        <Route path="appointments/:id" element={<MobileAppointmentPage />} />
        <Route path="vehicles" element={<MobileVehiclesPage />} />
        <Route path="notifications" element={<MobileNotificationsPage />} />
        <Route path="me" element={<MobileMePage />} />
        <Route path="*" element={<Navigate to="/m" replace />} />
      </Route>
    </Routes>
  );
}
