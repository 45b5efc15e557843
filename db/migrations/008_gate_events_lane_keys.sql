-- Every plate read inserts a gate event, so what each insert checks is paid on every read.
-- The event's terminal, gate and device were three foreign keys, each a lookup and a row lock per
-- insert, two of them on rows every lane of a terminal shares (its terminal, its gate): under the
-- gate load the four keys cost more than the row and its indexes (docs/performance.md). A read's
-- terminal and gate are its device's, so one key on (device, gate, terminal) checks all three,
-- and more than before: the three now have to belong together.

-- A device's terminal is its gate's.
alter table gates add constraint gates_lane_key unique (id, terminal_id);
alter table gate_devices
  add constraint gate_devices_gate_fk foreign key (gate_id, terminal_id) references gates (id, terminal_id),
  drop constraint gate_devices_gate_id_fkey,
  drop constraint gate_devices_terminal_id_fkey;
alter table gate_devices add constraint gate_devices_lane_key unique (id, gate_id, terminal_id);

-- A read's device, gate and terminal are one device's lane.
alter table gate_events add constraint gate_events_device_lane_fk foreign key (device_id, gate_id, terminal_id) references gate_devices (id, gate_id, terminal_id);
-- A manual override has no device: its gate (a column only overrides fill) must be a gate of its
-- terminal. For a read the column is null and the key checks nothing.
alter table gate_events add column override_gate_id uuid generated always as (case when device_id is null then gate_id end) stored;
alter table gate_events add constraint gate_events_override_lane_fk foreign key (override_gate_id, terminal_id) references gates (id, terminal_id);
alter table gate_events
  drop constraint gate_events_terminal_id_fkey,
  drop constraint gate_events_gate_id_fkey,
  drop constraint gate_events_device_id_fkey;

-- The capacity board counts a terminal's lifts of a day; no query reads a terminal's events in id
-- order. Indexing only lifts by time serves the board without reading the day's denials, and each
-- denied read writes one index entry fewer.
create index gate_events_terminal_lift_idx on gate_events (terminal_id, read_at) where decision = 'lift';
drop index gate_events_terminal_idx;
