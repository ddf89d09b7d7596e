-- =====================================================================================
-- Generation ownership (guarantee 8): one Flink job at a time writes a generation.
--
-- A starting job claims its generation before its writers write (UsageSink): it becomes the
-- owner when its state passes the restore interlock, and from then on every commit of any
-- other job's own committables is refused (the commit reads this row in share mode, the claim
-- takes it for update, so none slips through). A second job started from the same checkpoint
-- either is refused at start (the first job committed past its state) or fences the first one,
-- which stops with a message: as Kafka's producer epochs fence zombie producers.
--
-- lineage is the generation's pipeline lineage: a restore must bring state of this lineage; a
-- start without state may begin a new one only on a generation without commits.
-- =====================================================================================
CREATE TABLE meterflow.pipeline_owner (
    generation          int         PRIMARY KEY REFERENCES meterflow.generations (generation),
    -- '' until a job claimed the generation.
    lineage             text        NOT NULL,
    -- The Flink job id of the owner.
    job_id              text        NOT NULL,
    -- Incremented at every change of owner.
    epoch               bigint      NOT NULL,
    -- The checkpoint the owner was restored from; 0 for a start without state.
    restored_checkpoint bigint      NOT NULL,
    claimed_at          timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE meterflow.pipeline_owner IS
    'The Flink job that owns each generation (zombie fencing) and the generation''s pipeline lineage.';

-- Installations that ran an earlier release: the lineage that committed last owns its
-- generation; the job is unknown, so the next job to start claims it.
INSERT INTO meterflow.pipeline_owner (generation, lineage, job_id, epoch, restored_checkpoint)
SELECT DISTINCT ON (generation) generation, lineage, '', 0, 0
FROM meterflow.commit_fence
ORDER BY generation, committed_at DESC, restored_checkpoint DESC, sequence DESC;

-- A restored lineage is looked up in every generation (state restored into another generation).
CREATE INDEX commit_fence_lineage ON meterflow.commit_fence (lineage, generation);

CREATE OR REPLACE FUNCTION meterflow.drop_generation(g int) RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
    n bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM meterflow.active_generation WHERE generation = g) THEN
        RAISE EXCEPTION 'generation % is active and cannot be dropped', g
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Activate another generation first with meterflow.activate_generation(N).';
    END IF;
    DELETE FROM meterflow.usage_windows WHERE generation = g;
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM meterflow.usage_unique_values WHERE generation = g;
    DELETE FROM meterflow.pipeline_counters WHERE generation = g;
    DELETE FROM meterflow.rejected_events WHERE generation = g;
    DELETE FROM meterflow.commit_fence WHERE generation = g;
    DELETE FROM meterflow.pipeline_owner WHERE generation = g;
    DELETE FROM meterflow.meters WHERE generation = g;
    DELETE FROM meterflow.generations WHERE generation = g;
    RETURN n;
END
$fn$;
REVOKE EXECUTE ON FUNCTION meterflow.drop_generation(int) FROM PUBLIC;
