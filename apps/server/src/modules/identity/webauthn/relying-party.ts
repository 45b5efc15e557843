import type { FastifyRequest } from 'fastify';

import type { Config } from '../../../config.ts';

/** Who the browser talks to in a WebAuthn ceremony: the RP id (a domain) and the page's origin. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export const RP_NAME = '空港电子货运平台';

/**
 * The configured relying party (`WEBAUTHN_RP_ID`, `WEBAUTHN_ORIGIN`), else the one the request
 * came to: its protocol and Host (behind a proxy, X-Forwarded-* when `TRUST_PROXY` is set).
 */
export function relyingParty(config: Pick<Config, 'webauthnRpId' | 'webauthnOrigin'>, request: Pick<FastifyRequest, 'protocol' | 'host' | 'hostname'>): RelyingParty {
  const origin = config.webauthnOrigin ?? `${request.protocol}://${request.host}`;
  const id = config.webauthnRpId ?? (config.webauthnOrigin ? new URL(config.webauthnOrigin).hostname : stripBrackets(request.hostname));
  return { id, origin, name: RP_NAME };
}

function stripBrackets(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}
