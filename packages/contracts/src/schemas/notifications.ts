import { z } from 'zod';

import { pageQuery } from './common.ts';

/** Kinds this platform sends today; other modules add theirs (the `kind` filter takes any). */
export const notificationKinds = ['filing.approved', 'filing.returned'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** What the notice is about, for a link (e.g. `{ filingId }`). */
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;

/** `GET /notifications`: newest first; `?unread=true` for the unread ones, `?kind=` for one kind. */
export const notificationListQuery = pageQuery.extend({
  unread: z
    .enum(['true', 'false'], { message: 'INVALID_VALUE' })
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
  kind: z.string().trim().min(1, { message: 'REQUIRED' }).max(64, { message: 'TOO_LONG' }).optional(),
});
export type NotificationListQuery = z.output<typeof notificationListQuery>;

export const notificationCount = z.object({ count: z.number().int() });
