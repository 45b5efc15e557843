import { Route, Routes } from 'react-router-dom';

import { RequireAccess } from '../../features/access/RequireAccess.tsx';
import NotFoundPage from '../errors/NotFoundPage.tsx';
import GateConsolePage from './GateConsolePage.tsx';
import GateSimulatorPage from './GateSimulatorPage.tsx';

/** `/gate` (卡口监控, gate officers) and `/gate/simulator` (卡口模拟器, gate officers and platform administrators). */
export default function GateRoutes() {
  return (
    <Routes>
      <Route index element={<RequireAccess access="gate"><GateConsolePage /></RequireAccess>} />
      <Route path="simulator" element={<RequireAccess access="gateSimulator"><GateSimulatorPage /></RequireAccess>} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
