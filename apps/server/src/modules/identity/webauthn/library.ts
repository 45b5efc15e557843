/*
 * @simplewebauthn/server loads with the first ceremony, not with the server: it is large
 * (ASN.1, CBOR and COSE parsing, a few hundred modules) and a start needs none of it.
 */
const load = async () => {
  const [server, helpers] = await Promise.all([import('@simplewebauthn/server'), import('@simplewebauthn/server/helpers')]);
  return { ...server, isoBase64URL: helpers.isoBase64URL };
};

let library: ReturnType<typeof load> | undefined;

export function webauthnLibrary(): ReturnType<typeof load> {
  library ??= load();
  return library;
}
