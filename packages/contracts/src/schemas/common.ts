import { z } from 'zod';

import type { ErrorCode } from '../errors.ts';
import { isCustomsCode, isMobile, isPersonName, isStrongPassword, isUscc, isUsername } from '../validators/index.ts';

/**
 * Schema helpers whose failures carry our stable field codes: a refinement's message is the
 * code (e.g. `USCC_INVALID`), which the server's problem writer and the web forms both read.
 */
export function coded(check: (value: string) => boolean, code: ErrorCode) {
  return z.string({ error: (issue) => (issue.input === undefined ? 'REQUIRED' : 'INVALID_TYPE') }).trim().refine(check, { message: code });
}

export const requiredText = (max: number) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'REQUIRED' : 'INVALID_TYPE') })
    .trim()
    .min(1, { message: 'REQUIRED' })
    .max(max, { message: 'TOO_LONG' });

export const optionalText = (max: number) =>
  z.string().trim().max(max, { message: 'TOO_LONG' }).optional().nullable().transform((v) => (v ? v : null));

export const username = coded(isUsername, 'USERNAME_INVALID');
export const password = z.string({ error: (issue) => (issue.input === undefined ? 'REQUIRED' : 'INVALID_TYPE') }).refine(isStrongPassword, { message: 'PASSWORD_WEAK' });
export const personName = coded(isPersonName, 'NAME_INVALID');
export const mobile = coded(isMobile, 'MOBILE_INVALID');
export const uscc = z.string({ error: (issue) => (issue.input === undefined ? 'REQUIRED' : 'INVALID_TYPE') }).trim().toUpperCase().refine(isUscc, { message: 'USCC_INVALID' });
export const customsCode = z.string().trim().toUpperCase().refine((v) => v === '' || isCustomsCode(v), { message: 'CUSTOMS_CODE_INVALID' }).optional().nullable().transform((v) => (v ? v : null));
export const email = z.string().trim().refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: 'EMAIL_INVALID' }).optional().nullable().transform((v) => (v ? v : null));

export const id = z.string().uuid({ message: 'NOT_FOUND' });
export const idParams = z.object({ id: z.string() });

/**
 * `?lang=` of a downloaded sheet (.xlsx): the language of its headers and words. A download is a
 * plain link, which cannot set Accept-Language; without it the sheet follows Accept-Language.
 */
export const sheetLanguageQuery = z.object({ lang: z.enum(['zh-CN', 'en'], { message: 'INVALID_VALUE' }).optional() });

/** Keyset paging: `?after=<cursor>&limit=`; lists answer `{ items, next }`. */
export const pageQuery = z.object({
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1, { message: 'TOO_SMALL' }).max(200, { message: 'TOO_BIG' }).default(50),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next: z.string().nullable() });
}

/**
 * 304 of a list sent with an `ETag`: asked with `If-None-Match` naming the page's tag, and the page
 * is still those bytes. No body.
 */
export const notModified = z.null().describe('Not Modified: the page is still the one the If-None-Match tag names (no body)');

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .passthrough();

export const okResponse = z.object({ ok: z.literal(true) });
