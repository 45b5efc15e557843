import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { auditEntry, localDateInput, pageQuery, sheetLanguageQuery } from '@cargo-window/contracts';

import type { Deps } from '../../platform/deps.ts';
import { roleAccess } from '../../platform/http/access.ts';
import { sendSheet, sheetLanguage } from '../../platform/http/sheets.ts';
import { auditSheetName, exportAudit, listAudit } from './list-audit.ts';

/** A real calendar day: 9999-99-99 matches a bare pattern and then breaks the query (found by security/fuzz.test.ts). */
const day = localDateInput;
const filters = z.object({
  action: z.string().max(60).optional(),
  entityType: z.string().max(40).optional(),
  entityId: z.string().max(80).optional(),
  actor: z.string().max(64).optional(),
  enterpriseId: z.string().uuid({ message: 'INVALID_VALUE' }).optional(),
  from: day.optional(),
  to: day.optional(),
});

export function auditRoutes(deps: Deps) {
  return async function register(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get('/admin/audit', {
      config: { access: roleAccess('platform_admin') },
      schema: { tags: ['platform'], summary: 'The audit trail: who changed what, when, from where, before/after', querystring: pageQuery.extend(filters.shape), response: { 200: z.object({ items: z.array(auditEntry), next: z.string().nullable() }) } },
    }, async (request) => listAudit(deps.db, request.query));

    app.get('/admin/audit/export.xlsx', {
      config: { access: roleAccess('platform_admin') },
      schema: { tags: ['platform'], summary: 'The audit trail as an Excel sheet (same filters), in `lang`', querystring: filters.extend(sheetLanguageQuery.shape) },
    }, async (request, reply) => {
      const { lang, ...query } = request.query;
      const language = sheetLanguage(request, lang);
      return sendSheet(reply, await exportAudit(deps.db, query, language), auditSheetName, 'audit', language);
    });
  };
}
