import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Language } from '@cargo-window/contracts';

import { requestLanguage } from './problem.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The language of a downloaded sheet: `?lang=` (`sheetLanguageQuery`), which the web sets from the
 * page's language since a download link cannot set headers; otherwise Accept-Language.
 */
export function sheetLanguage(request: FastifyRequest, lang: Language | undefined): Language {
  return lang ?? requestLanguage(request);
}

/**
 * Sends an .xlsx as a download named in the sheet's language (RFC 6266's `filename*`), with an
 * ASCII `fallback` name for clients that read only `filename`. Never cached: it is the data of
 * the moment it was asked for.
 */
export function sendSheet(reply: FastifyReply, bytes: Buffer, name: Record<Language, string>, fallback: string, language: Language) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${fallback}.xlsx"; filename*=UTF-8''${encodeURIComponent(name[language])}.xlsx`)
    .header('cache-control', 'no-store')
    .send(bytes);
}
