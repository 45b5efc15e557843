/**
 * Runs `step` while identical requests keep arriving: eight callers repeat `ask` from before `step`
 * starts (at least sixteen answers in) until it has ended, so that a read of the same thing is
 * under way whenever `step` asks. Each caller yields a turn of the event loop between requests: the
 * embedded database answers in microtasks, and a caller that never yields would starve `step`.
 */
export async function whileAsked<T>(ask: () => Promise<unknown>, step: () => Promise<T>): Promise<T> {
  let busy = true;
  let answered = 0;
  const callers = Array.from({ length: 8 }, async () => {
    while (busy) {
      await ask();
      answered += 1;
      await new Promise(setImmediate);
    }
  });
  try {
    while (answered < 16) await new Promise(setImmediate);
    return await step();
  } finally {
    busy = false;
    await Promise.all(callers);
  }
}
