/**
 * TCP keepalive for connections that stay open while idle (the pool's, the live events' LISTEN): a
 * probe after a minute idle keeps a firewall or NAT between the server and the database, which may
 * forget a flow idle for 4–5 minutes, from dropping the connection unseen, and finds one dropped
 * anyway, which is then opened again.
 */
export const DATABASE_KEEPALIVE = { keepAlive: true, keepAliveInitialDelayMillis: 60_000 } as const;
