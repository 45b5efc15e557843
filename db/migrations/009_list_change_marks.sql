-- Every appointment and terminal row carries the transaction that last wrote it (a 64-bit
-- transaction id, which never wraps). A list page read at a snapshot is still what a new read
-- would answer while no row it shows was written by a transaction that snapshot did not see: an
-- appointment of the enterprise (appointments are never deleted; cancelling is a status), or a
-- terminal (its code, name and time zone are on every row). Slots' days and times never change.
-- Commit order does not matter: a transaction still open when the page was read is not visible in
-- its snapshot, so its rows count as changed once it commits, whatever its id.
alter table appointments add column changed_xid xid8 not null default pg_current_xact_id();
alter table terminals add column changed_xid xid8 not null default pg_current_xact_id();

create function mark_changed_xid() returns trigger language plpgsql as $$
begin
  new.changed_xid := pg_current_xact_id();
  return new;
end
$$;
create trigger appointments_changed_xid before update on appointments for each row execute function mark_changed_xid();
create trigger terminals_changed_xid before update on terminals for each row execute function mark_changed_xid();

-- "Has any appointment of this enterprise been written since?" reads only the rows written by
-- transactions at or after the snapshot's oldest one: none, most of the time.
create index appointments_enterprise_changed_idx on appointments (enterprise_id, changed_xid);
