import { Route, Routes } from 'react-router-dom';

import NotFoundPage from '../errors/NotFoundPage.tsx';
import { FilingDetailPage } from './FilingDetailPage.tsx';
import { FilingEditPage } from './FilingEditPage.tsx';
import { FilingListPage } from './FilingListPage.tsx';

/**
 * `/vehicle-filings/*`: the list, 新增 (`new`, or `new?replaces=<vehicleId>` for a 变更), a
 * filing's detail and its editor (draft or returned only).
 */
export default function VehicleFilingRoutes() {
  return (
    <Routes>
      <Route index element={<FilingListPage />} />
      <Route path="new" element={<FilingEditPage />} />
      <Route path=":id" element={<FilingDetailPage />} />
      <Route path=":id/edit" element={<FilingEditPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
