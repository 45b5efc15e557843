import v8 from 'node:v8';

/*
 * V8 flags for the server process, set before anything else is loaded (main.ts imports this module
 * first), so they hold however the process is started.
 *
 * No allocation-site pretenuring: under a saturating load, requests wait in queues long enough for
 * V8 to see the objects of their allocation sites (driver rows, strings, parsed values) survive, and
 * it then allocates every later object of those sites straight into the old generation. When the
 * load falls back, those short-lived objects filled the old generation at megabytes a second: a
 * full collection every half second, each holding requests for 10-17 ms (`--trace-gc` against the
 * slow requests' times; docs/performance.md). Without it they die young, as they should.
 */
v8.setFlagsFromString('--no-allocation-site-pretenuring');
