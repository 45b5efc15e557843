import { Route, Routes, useLocation } from 'react-router-dom';

import { appointmentsAccess } from '../../features/access/menu.ts';
import { RequireAccess } from '../../features/access/RequireAccess.tsx';
import NotFoundPage from '../errors/NotFoundPage.tsx';
import AppointmentDetailPage from './AppointmentDetailPage.tsx';
import AppointmentFormPage from './AppointmentFormPage.tsx';
import AppointmentListPage, { type ListMode } from './AppointmentListPage.tsx';

/** `/appointments` is booking, `/appointments?confirm=1` delivery confirmation: one list, two entries. */
function useMode(): ListMode {
  const { search } = useLocation();
  return appointmentsAccess(search) === 'deliveryConfirmation' ? 'confirm' : 'booking';
}

function ModeList() {
  return <AppointmentListPage mode={useMode()} />;
}

function ModeDetail() {
  return <AppointmentDetailPage mode={useMode()} />;
}

/**
 * The appointment screens under `/appointments/*` (booking and confirmation) and
 * `/appointments/query/*` (query-only users): each route guarded by its menu entry's rule.
 */
export default function AppointmentsRoutes({ query = false }: { query?: boolean }) {
  if (query) {
    return (
      <Routes>
        <Route index element={<AppointmentListPage mode="query" />} />
        <Route path=":id" element={<AppointmentDetailPage mode="query" />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route index element={<RequireAccess access={appointmentsAccess}><ModeList /></RequireAccess>} />
      <Route path="new" element={<RequireAccess access="appointment"><AppointmentFormPage /></RequireAccess>} />
      <Route path=":id/edit" element={<RequireAccess access="appointment"><AppointmentFormPage /></RequireAccess>} />
      <Route path=":id" element={<RequireAccess access={appointmentsAccess}><ModeDetail /></RequireAccess>} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
