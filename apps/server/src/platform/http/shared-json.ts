import type { FastifyReply } from 'fastify';

import { keptOrRead, type ChangedSince, type EncodedAnswer, type KeptPages } from '../kept-pages.ts';
import { SharedReads } from '../shared-reads.ts';
import { acceptedCoding, codedTag, compressedBody, MIN_COMPRESSED_BYTES } from './content-coding.ts';
import { entityTagOf, noneMatchNames } from './entity-tags.ts';

/** Reads whose JSON answers are shared by identical requests arriving together. */
export type SharedJson = SharedReads<EncodedAnswer>;

export function sharedJson(): SharedJson {
  return new SharedReads<EncodedAnswer>();
}

/** `answer` as the route's response schema checks and serializes it, UTF-8 encoded, with its entity tag. */
function encode(reply: FastifyReply, answer: unknown): EncodedAnswer {
  const text = reply.serialize(answer);
  const body = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text as ArrayBuffer);
  return { body, etag: entityTagOf(body) };
}

/**
 * Sends the answer with its entity tag, to be revalidated on every use (`private, no-cache`): a
 * browser that asks again with the tag it holds gets 304 and no body while the list is unchanged —
 * a phone refetching the list after every announced change then downloads only what changed. A
 * client that accepts Brotli or gzip gets the answer compressed (a 30 KB page of 50 rows in about
 * 4.5 KB), made once per answer (`compressedBody`), under a tag of its own.
 */
async function sendJson(reply: FastifyReply, answer: EncodedAnswer): Promise<FastifyReply> {
  const coding = answer.body.length >= MIN_COMPRESSED_BYTES ? acceptedCoding(reply.request.headers['accept-encoding']) : null;
  const etag = coding === null ? answer.etag : codedTag(answer.etag, coding);
  reply.header('etag', etag).header('cache-control', 'private, no-cache').header('vary', 'accept-encoding');
  if (noneMatchNames(reply.request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.header('content-type', 'application/json; charset=utf-8');
  if (coding === null) return reply.send(answer.body);
  return reply.header('content-encoding', coding).send(await compressedBody(answer, coding));
}

/**
 * Answers with `produce`'s result, made, checked against the route's response schema and encoded
 * once for all identical reads arriving together (`SharedReads`). The key must hold everything the
 * answer depends on: who may see it (the enterprise, the terminal) and the parsed query.
 */
export async function sendShared(reply: FastifyReply, reads: SharedJson, key: string, produce: () => Promise<unknown>): Promise<FastifyReply> {
  return sendJson(reply, await reads.read(key, async () => encode(reply, await produce())));
}

/**
 * As `sendShared`, and the encoded answer is kept with the snapshot it was read at (`KeptPages`): the
 * next read of the key sends it again if `changedSince` says nothing on it has changed.
 */
export async function sendKept(reply: FastifyReply, reads: SharedJson, key: string, pages: KeptPages, changedSince: ChangedSince, produce: () => Promise<{ answer: unknown; snapshot: string | null }>): Promise<FastifyReply> {
  const body = await reads.read(key, () =>
    keptOrRead(pages, key, changedSince, async () => {
      const { answer, snapshot } = await produce();
      return { answer: encode(reply, answer), snapshot };
    }),
  );
  return sendJson(reply, body);
}
