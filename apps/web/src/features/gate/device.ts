import type { GateDecisionResponse } from '@cargo-window/contracts';

import { API_BASE, ApiError, NETWORK_ERROR } from '../../api/client.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** A read id unique enough for the simulator (a device uses its camera's read counter). */
export function newReadId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ? `sim-${random}` : `sim-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface PlateRead {
  plate: string;
  readId: string;
  readAt: string;
}

/**
 * `POST /gate/decisions` as a lane device makes it: `Authorization: Bearer <device token>` and no
 * cookie (credentials omitted, so the person's session plays no part and no CSRF header is due).
 */
export async function askGate(token: string, read: PlateRead): Promise<GateDecisionResponse> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}/gate/decisions`, {
      method: 'POST',
      credentials: 'omit',
      headers: {
        Authorization: `Bearer ${token.trim()}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, application/problem+json',
        'Accept-Language': currentLanguage(),
      },
      body: JSON.stringify(read),
    });
  } catch (error) {
    throw new ApiError({ code: NETWORK_ERROR, status: 0, title: (error as Error).message });
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.ok) return body as GateDecisionResponse;
  const problem = (body ?? {}) as { code?: string; title?: string; errors?: [] };
  const code = typeof problem.code === 'string' ? problem.code : response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL';
  throw new ApiError({ ...problem, code, status: response.status });
}
