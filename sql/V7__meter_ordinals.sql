-- =====================================================================================
-- A small, permanent number per meter slug. The dedupe stage remembers, per event, the set of
-- meters that counted it as a bit set over these numbers, so an event costs one state entry
-- however many meters it feeds, and a meter added later (backfilled by replay) finds its bit
-- unset. A number is never reused or reassigned: state written with it stays meaningful for as
-- long as any checkpoint holds it, so rows are never deleted, even for meters no longer configured.
-- =====================================================================================
CREATE TABLE meterflow.meter_ordinals (
    slug        text        PRIMARY KEY,
    ordinal     integer     NOT NULL UNIQUE CHECK (ordinal >= 0),
    assigned_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE meterflow.meter_ordinals IS
    'Permanent bit number of each meter slug in the dedupe state; never reused, never deleted.';
