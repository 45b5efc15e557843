export { gateRoutes } from './routes.ts';
export { decideGate } from './decide.ts';
export { createGateDevice } from './devices.ts';
