-- The appointment list filtered by plate (提/交货预约查询 by 车牌) reads its page in order from the
-- index, like the unfiltered list, instead of every appointment of that plate followed by a sort:
-- with 600 appointments of one plate, 51 rows read instead of 600 (docs/performance.md, lists).
-- It also serves every lookup the (enterprise_id, plate) index served.
create index appointments_enterprise_plate_created_idx on appointments (enterprise_id, plate, created_at desc, id desc);
drop index appointments_enterprise_plate_idx;
