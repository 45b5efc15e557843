import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import {
  cancelVehicleRequest,
  filingListQuery,
  importVehiclesResponse,
  page,
  returnFilingRequest,
  reviewListQuery,
  saveFilingRequest,
  sheetLanguageQuery,
  vehicle,
  vehicleFiling,
  vehicleFilingSummary,
  vehicleListQuery,
} from '@cargo-window/contracts';

import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/errors.ts';
import { actorOf, enterpriseAccess, roleAccess } from '../../platform/http/access.ts';
import { requestLanguage } from '../../platform/http/problem.ts';
import { sendSheet, sheetLanguage, XLSX_TYPE } from '../../platform/http/sheets.ts';
import { approveFiling } from './approve-filing.ts';
import { cancelVehicle } from './cancel-vehicle.ts';
import { createFiling } from './create-filing.ts';
import { declareFiling } from './declare-filing.ts';
import { exportFilings, exportVehicles, filingTemplate, sheetNames } from './export-sheets.ts';
import { getFiling, getFilingForReview } from './get-filing.ts';
import { importVehicles } from './import-vehicles.ts';
import { listFilings, listFilingsForReview } from './list-filings.ts';
import { getVehicle, listVehicles } from './list-vehicles.ts';
import { returnFiling } from './return-filing.ts';
import { updateFiling } from './update-filing.ts';

const idParams = z.object({ id: z.string().max(64) });
const filingAccess = enterpriseAccess('vehicle_filing');
const reviewerAccess = roleAccess('reviewer');
/** Reading the fleet is for any user of the enterprise: booking picks vehicles from it. */
const fleetReadAccess = enterpriseAccess();

const IMPORT_LIMIT = 10 * 1024 * 1024;

/** 车辆备案 (enterprise), 审核 (reviewers) and the fleet. */
export function vehicleRoutes(deps: Deps) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // The import body is the .xlsx itself. Scoped to this plugin, with its own size limit.
    app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: IMPORT_LIMIT }, (_request, body, done) => done(null, body));

    app.get('/vehicle-filings', {
      config: { access: filingAccess },
      schema: { tags: ['vehicles'], summary: 'My enterprise\'s filings, newest first (status, plate, declaration dates)', querystring: filingListQuery, response: { 200: page(vehicleFilingSummary) } },
    }, async (request) => listFilings(deps, actorOf(request), request.query));

    app.post('/vehicle-filings', {
      config: { access: filingAccess },
      schema: { tags: ['vehicles'], summary: '暂存: create a filing as a draft', body: saveFilingRequest, response: { 201: vehicleFiling } },
    }, async (request, reply) => reply.status(201).send(await createFiling(deps, actorOf(request), request.body)));

    app.get('/vehicle-filings/template.xlsx', {
      config: { access: filingAccess },
      schema: { tags: ['vehicles'], summary: 'The body\'s import template (.xlsx, headers and drop-downs in `lang`; import reads either language)', querystring: sheetLanguageQuery },
    }, async (request, reply) => {
      const language = sheetLanguage(request, request.query.lang);
      return sendSheet(reply, await filingTemplate(language), sheetNames.templateFile, 'vehicle-filing-template', language);
    });

    app.get('/vehicle-filings/export.xlsx', {
      config: { access: filingAccess },
      schema: { tags: ['vehicles'], summary: 'The list\'s filings as .xlsx, one line per vehicle (same filters as the list)', querystring: filingListQuery.extend(sheetLanguageQuery.shape) },
    }, async (request, reply) => {
      const { lang, ...query } = request.query;
      const language = sheetLanguage(request, lang);
      return sendSheet(reply, await exportFilings(deps, actorOf(request), query, language), sheetNames.filings, 'vehicle-filings', language);
    });

    app.post('/vehicle-filings/import', {
      config: { access: filingAccess, problems: ['IMPORT_FILE_INVALID', 'IMPORT_TOO_MANY_ROWS'] },
      bodyLimit: IMPORT_LIMIT,
      schema: {
        tags: ['vehicles'],
        summary: 'Read an .xlsx body into rows and per-row errors; stores nothing',
        description: `Send the file itself as the body, content-type ${XLSX_TYPE}, at most 10 MB and 5,000 rows.`,
        consumes: [XLSX_TYPE],
        body: z.unknown().describe('The .xlsx file\'s bytes'),
        response: { 200: importVehiclesResponse },
      },
    }, async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new AppError('IMPORT_FILE_INVALID', `send the file with content-type ${XLSX_TYPE}`);
      return importVehicles(request.body, requestLanguage(request));
    });

    app.get('/vehicle-filings/:id', {
      config: { access: filingAccess },
      schema: { tags: ['vehicles'], summary: 'A filing with its body and history', params: idParams, response: { 200: vehicleFiling } },
    }, async (request) => getFiling(deps, actorOf(request), request.params.id));

    app.put('/vehicle-filings/:id', {
      config: { access: filingAccess, problems: ['FILING_NOT_EDITABLE'] },
      schema: { tags: ['vehicles'], summary: 'Replace header and body of a draft or returned filing', params: idParams, body: saveFilingRequest, response: { 200: vehicleFiling } },
    }, async (request) => updateFiling(deps, actorOf(request), request.params.id, request.body));

    app.post('/vehicle-filings/:id/declare', {
      config: { access: filingAccess, problems: ['FILING_NOT_DECLARABLE', 'PLATE_IN_OTHER_FLEET', 'PLATE_IN_OWN_FLEET', 'REPLACED_VEHICLE_INVALID'] },
      schema: { tags: ['vehicles'], summary: '申报: send a draft or returned filing to review', params: idParams, response: { 200: vehicleFiling } },
    }, async (request) => declareFiling(deps, actorOf(request), request.params.id));

    app.get('/review/vehicle-filings', {
      config: { access: reviewerAccess },
      schema: { tags: ['review'], summary: 'Filings of all enterprises by status; the declared queue oldest first', querystring: reviewListQuery, response: { 200: page(vehicleFilingSummary) } },
    }, async (request) => listFilingsForReview(deps, actorOf(request), request.query));

    app.get('/review/vehicle-filings/:id', {
      config: { access: reviewerAccess },
      schema: { tags: ['review'], summary: 'Any enterprise\'s filing with its body and history', params: idParams, response: { 200: vehicleFiling } },
    }, async (request) => getFilingForReview(deps, actorOf(request), request.params.id));

    app.post('/review/vehicle-filings/:id/approve', {
      config: { access: reviewerAccess, problems: ['FILING_NOT_REVIEWABLE', 'PLATE_IN_OTHER_FLEET', 'PLATE_IN_OWN_FLEET', 'REPLACED_VEHICLE_INVALID'] },
      schema: { tags: ['review'], summary: '审核通过: the vehicles join the enterprise\'s fleet', params: idParams, response: { 200: vehicleFiling } },
    }, async (request) => approveFiling(deps, actorOf(request), request.params.id));

    app.post('/review/vehicle-filings/:id/return', {
      config: { access: reviewerAccess, problems: ['FILING_NOT_REVIEWABLE'] },
      schema: { tags: ['review'], summary: '退回 with a reason', params: idParams, body: returnFilingRequest, response: { 200: vehicleFiling } },
    }, async (request) => returnFiling(deps, actorOf(request), request.params.id, request.body.reason));

    app.get('/vehicles', {
      config: { access: fleetReadAccess },
      schema: { tags: ['vehicles'], summary: 'My enterprise\'s fleet, newest first', querystring: vehicleListQuery, response: { 200: page(vehicle) } },
    }, async (request) => listVehicles(deps, actorOf(request), request.query));

    app.get('/vehicles/export.xlsx', {
      config: { access: fleetReadAccess },
      schema: { tags: ['vehicles'], summary: 'The fleet as .xlsx in the import template\'s layout', querystring: vehicleListQuery.extend(sheetLanguageQuery.shape) },
    }, async (request, reply) => {
      const { lang, ...query } = request.query;
      const language = sheetLanguage(request, lang);
      return sendSheet(reply, await exportVehicles(deps, actorOf(request), query, language), sheetNames.fleet, 'vehicles', language);
    });

    app.get('/vehicles/:id', {
      config: { access: fleetReadAccess },
      schema: { tags: ['vehicles'], summary: 'One vehicle of my fleet', params: idParams, response: { 200: vehicle } },
    }, async (request) => getVehicle(deps, actorOf(request), request.params.id));

    app.post('/vehicles/:id/cancel', {
      config: { access: filingAccess, problems: ['VEHICLE_NOT_ACTIVE', 'VEHICLE_HAS_APPOINTMENTS'] },
      schema: { tags: ['vehicles'], summary: '注销: the vehicle leaves the fleet', params: idParams, body: cancelVehicleRequest.nullish(), response: { 200: vehicle } },
    }, async (request) => cancelVehicle(deps, actorOf(request), request.params.id, request.body?.reason ?? null));
  };
}
