/**
 * The embedded engine's buffer pool (PostgreSQL's `shared_buffers`, MB) unless configured
 * (`EMBEDDED_DB_BUFFERS_MB`). PostgreSQL's default of 128 MB is zeroed by WebAssembly code at every
 * open: about 0.45 s of a start on this machine (an open took 0.53–0.76 s with 128 MB, 0.30–0.35 s
 * with 32 MB), and 128 MB of memory a database the size of the demo never fills. Reads past the
 * pool come from the OS's file cache. A module of its own: the configuration reads it at start,
 * before the database code loads.
 */
export const EMBEDDED_BUFFERS_MB = 32;
