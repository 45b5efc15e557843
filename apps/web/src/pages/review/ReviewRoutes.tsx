import { Route, Routes } from 'react-router-dom';

import NotFoundPage from '../errors/NotFoundPage.tsx';
import { ReviewFilingPage } from './ReviewFilingPage.tsx';
import { ReviewQueuePage } from './ReviewQueuePage.tsx';

/** `/review/vehicle-filings/*`: the reviewers' queue and one filing to approve or return. */
export default function ReviewRoutes() {
  return (
    <Routes>
      <Route index element={<ReviewQueuePage />} />
      <Route path=":id" element={<ReviewFilingPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
