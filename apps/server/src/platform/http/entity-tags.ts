import { createHash } from 'node:crypto';

/**
 * A strong entity tag for a body (RFC 9110 §8.8.3): a digest of its bytes, so two answers share a
 * tag exactly when they are the same bytes — whoever asked, whenever it was read.
 */
export function entityTagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * Whether `If-None-Match` names `tag`, a strong tag of `entityTagOf` (RFC 9110 §13.1.2): `*`, or a
 * list of tags compared weakly (`W/"x"` matches `"x"`). A GET that it names is answered 304 with no body.
 */
export function noneMatchNames(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const wanted = header.trim();
  if (wanted === '*') return true;
  for (const match of wanted.matchAll(/(?:W\/)?("[^"]*")/g)) if (match[1] === tag) return true;
  return false;
}
