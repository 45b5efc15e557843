import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import {
  confirmResponse,
  createGateDeviceRequest,
  gateDecisionRequest,
  gateDecisionResponse,
  gateDevice,
  gateDeviceCreated,
  gateEvent,
  gateLane,
  gateOverrideRequest,
  insideVehicle,
  okResponse,
} from '@cargo-window/contracts';

import type { Deps } from '../../platform/deps.ts';
import { notFound } from '../../platform/errors.ts';
import { actorOf, bearerToken, enterpriseAccess, roleAccess } from '../../platform/http/access.ts';
import { confirmDelivery } from './confirm-delivery.ts';
import { listLanes, recentEvents, vehiclesInside } from './console.ts';
import { createGateDevice, listGateDevices, revokeGateDevice } from './devices.ts';
import { overrideGate, recordGateRead } from './record-read.ts';

const idParams = z.object({ id: z.string().max(64) });
const watchers = roleAccess('gate_officer', 'terminal_operator', 'platform_admin');

export function gateRoutes(deps: Deps) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post('/gate/decisions', {
      config: { access: 'device', problems: ['GATE_BUSY'] },
      schema: {
        tags: ['gate'],
        summary: 'A lane device asks whether to lift for a plate read (Authorization: Bearer <device token>)',
        security: [{ device: [] }],
        body: gateDecisionRequest,
        response: { 200: gateDecisionResponse },
      },
    }, async (request) => {
      return recordGateRead(deps, bearerToken(request), { plate: request.body.plate, readId: request.body.readId, readAt: new Date(request.body.readAt) });
    });

    app.post('/admin/gates/:id/devices', {
      config: { access: roleAccess('platform_admin') },
      schema: { tags: ['platform'], summary: 'Register a gate device on a lane; its token is shown once', params: idParams, body: createGateDeviceRequest, response: { 201: gateDeviceCreated } },
    }, async (request, reply) => reply.status(201).send(await createGateDevice(deps, actorOf(request), request.params.id, request.body.name)));

    app.get('/admin/gates/:id/devices', {
      config: { access: roleAccess('platform_admin') },
      schema: { tags: ['platform'], summary: 'Devices of a lane', params: idParams, response: { 200: z.object({ items: z.array(gateDevice), next: z.null() }) } },
    }, async (request) => ({ items: await listGateDevices(deps.db, request.params.id), next: null }));

    app.post('/admin/gate-devices/:id/revoke', {
      config: { access: roleAccess('platform_admin') },
      schema: { tags: ['platform'], summary: 'Revoke a gate device: its token stops working at once', params: idParams, response: { 200: okResponse } },
    }, async (request) => {
      await revokeGateDevice(deps, actorOf(request), request.params.id);
      return { ok: true as const };
    });

    app.get('/gate/lanes', {
      config: { access: watchers },
      schema: { tags: ['gate'], summary: 'Lanes the caller watches', response: { 200: z.object({ items: z.array(gateLane), next: z.null() }) } },
    }, async (request) => ({ items: await listLanes(deps.db, actorOf(request)), next: null }));

    app.get('/gate/lanes/:id/events', {
      config: { access: watchers },
      schema: { tags: ['gate'], summary: 'Latest reads and decisions of a lane', params: idParams, querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: z.object({ items: z.array(gateEvent), next: z.null() }) } },
    }, async (request) => ({ items: await recentEvents(deps.db, actorOf(request), request.params.id, request.query.limit), next: null }));

    app.get('/terminals/:id/inside', {
      config: { access: watchers },
      schema: { tags: ['gate'], summary: 'Vehicles inside the controlled zone now', params: idParams, response: { 200: z.object({ items: z.array(insideVehicle), next: z.null() }) } },
    }, async (request) => ({ items: await vehiclesInside(deps.db, actorOf(request), request.params.id), next: null }));

    app.post('/gate/overrides', {
      config: { access: roleAccess('gate_officer') },
      schema: { tags: ['gate'], summary: '手动抬杆: lift by hand with a written reason (audited)', body: gateOverrideRequest, response: { 201: z.object({ eventId: z.number(), decision: z.literal('lift'), code: z.string(), message: z.string(), appointmentId: z.string().nullable() }) } },
    }, async (request, reply) => {
      const result = await overrideGate(deps, actorOf(request), request.body);
      if (!result) throw notFound();
      return reply.status(201).send(result);
    });

    app.post('/appointments/:id/confirm', {
      config: { access: enterpriseAccess('delivery_confirmation'), problems: ['APPOINTMENT_NOT_CONFIRMABLE'] },
      schema: { tags: ['gate'], summary: '交货确认 / 提货确认: record the empty-truck declaration (空车成功)', params: idParams, response: { 200: confirmResponse } },
    }, async (request) => confirmDelivery(deps, actorOf(request), request.params.id));

    app.post('/terminal/appointments/:id/confirm', {
      config: { access: roleAccess('terminal_operator'), problems: ['APPOINTMENT_NOT_CONFIRMABLE'] },
      schema: { tags: ['gate'], summary: 'The terminal confirms cargo received or loaded', params: idParams, response: { 200: confirmResponse } },
    }, async (request) => confirmDelivery(deps, actorOf(request), request.params.id));
  };
}
