import type { FastifyReply } from 'fastify';

import { keptOrRead, type ChangedSince, type KeptPages } from '../kept-pages.ts';
import { SharedReads } from '../shared-reads.ts';

/** Reads whose JSON answers are shared by identical requests arriving together. */
export type SharedJson = SharedReads<Buffer>;

export function sharedJson(): SharedJson {
  return new SharedReads<Buffer>();
}

/** `answer` as the route's response schema checks and serializes it, UTF-8 encoded. */
function encode(reply: FastifyReply, answer: unknown): Buffer {
  const text = reply.serialize(answer);
  return typeof text === 'string' ? Buffer.from(text) : Buffer.from(text as ArrayBuffer);
}

function sendJson(reply: FastifyReply, body: Buffer): FastifyReply {
  return reply.header('content-type', 'application/json; charset=utf-8').send(body);
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
      return { body: encode(reply, answer), snapshot };
    }),
  );
  return sendJson(reply, body);
}
