import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import {
  appointmentDetail,
  appointmentListQuery,
  appointmentReaders,
  appointmentSummary,
  calendarQuery,
  calendarResponse,
  changeAppointmentVehicleRequest,
  createAppointmentRequest,
  createGateRequest,
  createTerminalRequest,
  gate,
  localDateInput,
  notModified,
  page,
  rejectAppointmentRequest,
  sheetLanguageQuery,
  slot,
  slotListQuery,
  terminal,
  terminalAppointment,
  terminalAppointmentListQuery,
  updateAppointmentRequest,
  updateCapacityRequest,
  updateTerminalRequest,
} from '@cargo-window/contracts';

import type { Deps } from '../../platform/deps.ts';
import { actorOf, enterpriseAccess, enterpriseAnyAccess, roleAccess } from '../../platform/http/access.ts';
import { sendKept, sendShared, sharedJson } from '../../platform/http/shared-json.ts';
import { sendSheet, sheetLanguage } from '../../platform/http/sheets.ts';
import { KeptPages } from '../../platform/kept-pages.ts';
import { cancelAppointment } from './cancel-appointment.ts';
import { changeAppointmentVehicle } from './change-vehicle.ts';
import { createAppointment, createBodyReferenceErrors } from './create-appointment.ts';
import { appointmentsSheetName, exportAppointments } from './export-appointments.ts';
import { getAppointment } from './get-appointment.ts';
import { enterpriseListChanges, listAppointments, listTerminalAppointments } from './list-appointments.ts';
import { acceptAppointment, rejectAppointment } from './review-appointment.ts';
import { changeDayCapacity, changeSlotCapacity } from './slot-capacity.ts';
import { bookingCalendar, listDaySlots } from './slots.ts';
import { submitAppointment } from './submit-appointment.ts';
import { createGate, createTerminal, getTerminal, listGates, listTerminals, updateTerminal } from './terminals.ts';
import { updateAppointment, updateBodyReferenceErrors } from './update-appointment.ts';

const idParams = z.object({ id: z.string().max(64) });
const slotParams = z.object({ id: z.string().max(64), slotId: z.string().max(64) });
const dayParams = z.object({ id: z.string().max(64), date: localDateInput });
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next: z.null() });

const platformAdmin = roleAccess('platform_admin');
const terminalOperator = roleAccess('terminal_operator');
const booking = enterpriseAccess('appointment');
/** The list, its export and the detail page. */
const reading = enterpriseAnyAccess(...appointmentReaders);

export function schedulingRoutes(deps: Deps) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    // Every browser showing a list asks for it again when a change is announced: identical reads
    // arriving together share one query (the key: whose list and the parsed query).
    const lists = sharedJson();
    // …and the enterprise's list pages are kept, sent again while nothing on them has changed.
    const keptLists = new KeptPages(deps.config.listCacheBytes);

    // -- platform set-up ---------------------------------------------------------------------
    app.post('/admin/terminals', {
      config: { access: platformAdmin, problems: ['TERMINAL_CODE_TAKEN'] },
      schema: { tags: ['platform'], summary: 'Create a terminal with its time zone, slot length, capacity and booking rules', body: createTerminalRequest, response: { 201: terminal } },
    }, async (request, reply) => reply.status(201).send(await createTerminal(deps, actorOf(request), request.body)));

    app.patch('/admin/terminals/:id', {
      config: { access: platformAdmin },
      schema: { tags: ['platform'], summary: 'Change a terminal\'s settings (days not yet made take them)', params: idParams, body: updateTerminalRequest, response: { 200: terminal } },
    }, async (request) => updateTerminal(deps, actorOf(request), request.params.id, request.body));

    app.post('/admin/terminals/:id/gates', {
      config: { access: platformAdmin, problems: ['GATE_CODE_TAKEN'] },
      schema: { tags: ['platform'], summary: 'Add a gate (lane, 卡口) to a terminal', params: idParams, body: createGateRequest, response: { 201: gate } },
    }, async (request, reply) => reply.status(201).send(await createGate(deps, actorOf(request), request.params.id, request.body)));

    app.get('/admin/terminals/:id/gates', {
      config: { access: platformAdmin },
      schema: { tags: ['platform'], summary: 'A terminal\'s gates', params: idParams, response: { 200: list(gate) } },
    }, async (request) => ({ items: await listGates(deps, request.params.id), next: null }));

    // -- terminals and slots, for anyone logged in ----------------------------------------------
    app.get('/terminals', {
      config: { access: 'user' },
      schema: { tags: ['scheduling'], summary: 'Terminals (货站) with their settings', response: { 200: list(terminal) } },
    }, async () => ({ items: await listTerminals(deps), next: null }));

    app.get('/terminals/:id', {
      config: { access: 'user' },
      schema: { tags: ['scheduling'], summary: 'One terminal with its settings', params: idParams, response: { 200: terminal } },
    }, async (request) => getTerminal(deps, request.params.id));

    app.get('/terminals/:id/slots', {
      config: { access: 'user' },
      schema: { tags: ['scheduling'], summary: 'One day\'s slots with capacity and bookings (times in the terminal\'s zone)', params: idParams, querystring: slotListQuery, response: { 200: list(slot) } },
    }, async (request) => listDaySlots(deps, request.params.id, request.query.date));

    app.get('/terminals/:id/calendar', {
      config: { access: 'user' },
      schema: { tags: ['scheduling'], summary: 'The booking calendar: bookable days (today … today + horizon) and their slots', params: idParams, querystring: calendarQuery, response: { 200: calendarResponse } },
    }, async (request) => bookingCalendar(deps, request.params.id, request.query));

    // -- the terminal operator's own terminal ----------------------------------------------------
    app.patch('/terminals/:id/slots/:slotId', {
      config: { access: terminalOperator, problems: ['CAPACITY_BELOW_BOOKED'] },
      schema: { tags: ['terminal'], summary: 'Change one slot\'s capacity (never below what is booked)', params: slotParams, body: updateCapacityRequest, response: { 200: slot } },
    }, async (request) => changeSlotCapacity(deps, actorOf(request), request.params.id, request.params.slotId, request.body));

    app.patch('/terminals/:id/days/:date', {
      config: { access: terminalOperator, problems: ['CAPACITY_BELOW_BOOKED'] },
      schema: { tags: ['terminal'], summary: 'Change the capacity of every slot of a day (all or none)', params: dayParams, body: updateCapacityRequest, response: { 200: list(slot) } },
    }, async (request) => changeDayCapacity(deps, actorOf(request), request.params.id, request.params.date, request.body));

    app.get('/terminal/appointments', {
      config: { access: terminalOperator },
      schema: { tags: ['terminal'], summary: 'My terminal\'s appointments (status=submitted: waiting for my decision)', querystring: terminalAppointmentListQuery, response: { 200: page(terminalAppointment), 304: notModified } },
    }, async (request, reply) => {
      const actor = actorOf(request);
      return sendShared(reply, lists, `terminal ${actor.terminalId} ${JSON.stringify(request.query)}`, () => listTerminalAppointments(deps, actor, request.query));
    });

    app.post('/terminal/appointments/:id/accept', {
      config: { access: terminalOperator, problems: ['APPOINTMENT_NOT_REVIEWABLE'] },
      schema: { tags: ['terminal'], summary: 'Accept an operational (作业) appointment: booked', params: idParams, response: { 200: terminalAppointment } },
    }, async (request) => acceptAppointment(deps, actorOf(request), request.params.id));

    app.post('/terminal/appointments/:id/reject', {
      config: { access: terminalOperator, problems: ['APPOINTMENT_NOT_REVIEWABLE'] },
      schema: { tags: ['terminal'], summary: 'Reject an operational appointment with a reason; its place returns', params: idParams, body: rejectAppointmentRequest, response: { 200: terminalAppointment } },
    }, async (request) => rejectAppointment(deps, actorOf(request), request.params.id, request.body));

    // -- appointments (提/交货预约) ---------------------------------------------------------------
    app.get('/appointments', {
      config: { access: reading },
      schema: { tags: ['appointments'], summary: '提/交货预约查询: newest first, keyset pages', querystring: appointmentListQuery, response: { 200: page(appointmentSummary), 304: notModified } },
    }, async (request, reply) => {
      const actor = actorOf(request);
      const key = `enterprise ${actor.enterpriseId} ${JSON.stringify(request.query)}`;
      if (!actor.enterpriseId || keptLists.budgetBytes === 0) return sendShared(reply, lists, key, async () => (await listAppointments(deps, actor, request.query)).answer);
      return sendKept(reply, lists, key, keptLists, enterpriseListChanges(deps.db, actor.enterpriseId), () => listAppointments(deps, actor, request.query));
    });

    app.get('/appointments/export.xlsx', {
      config: { access: reading },
      schema: { tags: ['appointments'], summary: 'The list with the same filters as an .xlsx file, in `lang`', querystring: appointmentListQuery.extend(sheetLanguageQuery.shape) },
    }, async (request, reply) => {
      const { lang, ...query } = request.query;
      const language = sheetLanguage(request, lang);
      const { body, truncated } = await exportAppointments(deps, actorOf(request), query, language);
      if (truncated) reply.header('x-export-truncated', 'true');
      return sendSheet(reply, body, appointmentsSheetName, 'appointments', language);
    });

    app.post('/appointments', {
      config: { access: booking, bodyErrorsBeyondSchema: (request, body) => createBodyReferenceErrors(deps, actorOf(request), body) },
      schema: { tags: ['appointments'], summary: '暂存: create a draft appointment with its business number', body: createAppointmentRequest, response: { 201: appointmentDetail } },
    }, async (request, reply) => reply.status(201).send(await createAppointment(deps, actorOf(request), request.body)));

    app.get('/appointments/:id', {
      config: { access: reading },
      schema: { tags: ['appointments'], summary: 'An appointment with its AWBs and history', params: idParams, response: { 200: appointmentDetail } },
    }, async (request) => getAppointment(deps, actorOf(request), request.params.id));

    app.put('/appointments/:id', {
      config: { access: booking, problems: ['APPOINTMENT_NOT_EDITABLE'], bodyErrorsBeyondSchema: (request, body) => updateBodyReferenceErrors(deps, actorOf(request), (request.params as { id: string }).id, body) },
      schema: { tags: ['appointments'], summary: 'Replace a draft\'s slot, vehicle, driver and AWBs', params: idParams, body: updateAppointmentRequest, response: { 200: appointmentDetail } },
    }, async (request) => updateAppointment(deps, actorOf(request), request.params.id, request.body));

    app.post('/appointments/:id/submit', {
      config: { access: booking, problems: ['APPOINTMENT_NOT_SUBMITTABLE', 'SLOT_FULL', 'SLOT_CLOSED', 'SLOT_PAST', 'LEAD_TIME', 'BEYOND_HORIZON', 'VEHICLE_BUSY', 'VEHICLE_NOT_APPROVED', 'BOOKING_BUSY'] },
      schema: { tags: ['appointments'], summary: '提交: take a place in the slot atomically (ordinary: booked; operational: submitted)', params: idParams, response: { 200: appointmentDetail } },
    }, async (request) => submitAppointment(deps, actorOf(request), request.params.id));

    app.post('/appointments/:id/cancel', {
      config: { access: booking, problems: ['APPOINTMENT_NOT_CANCELLABLE', 'CANCEL_TOO_LATE'] },
      schema: { tags: ['appointments'], summary: 'Cancel before the slot starts; the place returns', params: idParams, response: { 200: appointmentDetail } },
    }, async (request) => cancelAppointment(deps, actorOf(request), request.params.id));

    app.patch('/appointments/:id/vehicle', {
      config: { access: booking, problems: ['APPOINTMENT_NOT_EDITABLE', 'VEHICLE_BUSY', 'VEHICLE_NOT_APPROVED'] },
      schema: { tags: ['appointments'], summary: 'Change the vehicle or driver of a submitted or booked appointment (the slot stays)', params: idParams, body: changeAppointmentVehicleRequest, response: { 200: appointmentDetail } },
    }, async (request) => changeAppointmentVehicle(deps, actorOf(request), request.params.id, request.body));
  };
}
