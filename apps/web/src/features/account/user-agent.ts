/** A short "browser · system" for a session's User-Agent (会话管理's 设备 column); the full string goes in a tooltip. */
export function describeUserAgent(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser =
    match(userAgent, /Edg(?:e|A|iOS)?\/(\d+)/, 'Edge') ??
    match(userAgent, /OPR\/(\d+)/, 'Opera') ??
    match(userAgent, /Firefox\/(\d+)/, 'Firefox') ??
    match(userAgent, /(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/, 'Chrome') ??
    (/Safari\//.test(userAgent) ? match(userAgent, /Version\/(\d+)/, 'Safari') : null);
  const system = /Windows/.test(userAgent)
    ? 'Windows'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (!browser && !system) return userAgent.slice(0, 60);
  return [browser, system].filter(Boolean).join(' · ');
}

function match(userAgent: string, pattern: RegExp, name: string): string | null {
  const found = pattern.exec(userAgent);
  return found ? `${name} ${found[1]}` : null;
}
