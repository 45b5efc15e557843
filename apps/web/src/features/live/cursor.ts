/**
 * Where this tab's live stream stands: the `id:` of the last event it got (the server numbers
 * notices by their time). Kept for the tab (sessionStorage), so that a stream opened anew — after
 * a reload, or after the browser gave up reconnecting — first gets the notices made meanwhile.
 */
const KEY = 'cw.live.after';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled: the stream still works, from now on
  }
}

export function liveCursor(): string | null {
  return storage()?.getItem(KEY) ?? null;
}

export function rememberLiveCursor(id: string): void {
  if (id) storage()?.setItem(KEY, id);
}

/** At logout, or when the session ends: the next person in this tab starts from their own login. */
export function forgetLiveCursor(): void {
  storage()?.removeItem(KEY);
}

/** The stream's address, with the tab's cursor when it has one. */
export function liveStreamUrl(base: string, cursor: string | null = liveCursor()): string {
  return cursor ? `${base}/events?after=${encodeURIComponent(cursor)}` : `${base}/events`;
}
