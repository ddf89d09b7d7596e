-- =====================================================================================
-- Which Kafka source each generation's job runs with, for every launcher.
--
-- A replay gives the source a new uid (meterflow-kafka-source-replay-<id>), so the rewound
-- source does not restore the live offsets; every later start of that generation (local run,
-- cluster submit from a savepoint, the next replay) must keep that uid, or the source's state
-- is not restored. Launchers on different machines (local runs, cluster submissions) find it
-- here; until this version the local launcher kept it in a file next to its checkpoints
-- (<checkpoint.dir>/g<N>/source-id), which it moves into this table when it finds one.
-- No row: the live source (meterflow-kafka-source).
-- =====================================================================================
CREATE TABLE meterflow.generation_source (
    generation   int         PRIMARY KEY REFERENCES meterflow.generations (generation) ON DELETE CASCADE,
    -- The replay id: part of the source's uid and of its consumer group name.
    replay_id    text        NOT NULL CHECK (replay_id ~ '^[A-Za-z0-9._-]+$'),
    -- Where the replay rewound to, as given (for people reading the table).
    replayed_from text       NOT NULL DEFAULT '',
    -- The Flink job that started with this source ('' for a local run before it started).
    job_id       text        NOT NULL DEFAULT '',
    recorded_by  text        NOT NULL DEFAULT '',
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE meterflow.generation_source IS
    'The replayed Kafka source (uid suffix) each generation runs with; no row = the live source.';
