import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A software FIDO2 authenticator for API tests (ES256, attestation "none"): it answers the
 * server's options the way a security key would, so ceremonies run without a browser. The
 * browser test drives Chromium's virtual authenticator instead.
 */
export interface SoftAuthenticator {
  credentialId: string;
  counter: number;
  /** userHandle (base64url) of the credential, as a discoverable credential returns it. */
  userHandle: string | null;
  register(options: CreationOptions, origin: string, flags?: { userVerified?: boolean }): Record<string, unknown>;
  authenticate(options: RequestOptions, origin: string, flags?: { userVerified?: boolean; counter?: number }): Record<string, unknown>;
}

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash('sha256').update(data).digest());
const u32 = (n: number) => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
};
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): string {
  return isoBase64URL.fromUTF8String(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  const key = new Map<number, number | Uint8Array>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
    [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
  ]);
  return isoCBOR.encode(key);
}

export function softAuthenticator(): SoftAuthenticator {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rawId = new Uint8Array(randomBytes(32));
  const self: SoftAuthenticator = {
    credentialId: isoBase64URL.fromBuffer(rawId),
    counter: 0,
    userHandle: null,
    register(options, origin, flags = {}) {
      const rpId = options.rp.id ?? new URL(origin).hostname;
      self.userHandle = options.user.id;
      const credentialData = concat(new Uint8Array(16), new Uint8Array([rawId.length >> 8, rawId.length & 0xff]), rawId, coseKey(publicKey));
      const authData = concat(sha256(rpId), new Uint8Array([FLAG_UP | FLAG_AT | (flags.userVerified === false ? 0 : FLAG_UV)]), u32(self.counter), credentialData);
      const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
      return {
        id: self.credentialId,
        rawId: self.credentialId,
        type: 'public-key',
        response: { clientDataJSON: clientData('webauthn.create', options.challenge, origin), attestationObject: isoBase64URL.fromBuffer(attestationObject), transports: ['usb'] },
        clientExtensionResults: {},
        authenticatorAttachment: 'cross-platform',
      };
    },
    authenticate(options, origin, flags = {}) {
      const rpId = options.rpId ?? new URL(origin).hostname;
      self.counter = flags.counter ?? self.counter + 1;
      const authData = concat(sha256(rpId), new Uint8Array([FLAG_UP | (flags.userVerified === false ? 0 : FLAG_UV)]), u32(self.counter));
      const clientDataJSON = clientData('webauthn.get', options.challenge, origin);
      const signed = concat(authData, sha256(isoBase64URL.toBuffer(clientDataJSON)));
      const signature = new Uint8Array(sign('sha256', signed, privateKey));
      return {
        id: self.credentialId,
        rawId: self.credentialId,
        type: 'public-key',
        response: {
          clientDataJSON,
          authenticatorData: isoBase64URL.fromBuffer(authData),
          signature: isoBase64URL.fromBuffer(signature),
          ...(self.userHandle ? { userHandle: self.userHandle } : {}),
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'cross-platform',
      };
    },
  };
  return self;
}
