import type { FastifyReply } from 'fastify';

import { SharedReads } from '../shared-reads.ts';

/** Reads whose JSON answers are shared by identical requests arriving together. */
export type SharedJson = SharedReads<Buffer>;

export function sharedJson(): SharedJson {
  return new SharedReads<Buffer>();
}

/**
 * Answers with `produce`'s result, made, checked against the route's response schema and encoded
 * once for all identical reads arriving together (`SharedReads`). The key must hold everything the
 * answer depends on: who may see it (the enterprise, the terminal) and the parsed query.
 */
export async function sendShared(reply: FastifyReply, reads: SharedJson, key: string, produce: () => Promise<unknown>): Promise<FastifyReply> {
  const body = await reads.read(key, async () => {
    const text = reply.serialize(await produce());
    return typeof text === 'string' ? Buffer.from(text) : Buffer.from(text as ArrayBuffer);
  });
  return reply.header('content-type', 'application/json; charset=utf-8').send(body);
}
