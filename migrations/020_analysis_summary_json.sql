-- Priority analysis: a run's summary (about 13 MB of JSON over 7,425 sub-districts) is stored as
-- json, not jsonb. It is only ever written whole and read whole (and its "areas" member by the
-- target list draft, which json's -> serves as well); building jsonb out of it cost 190-290 ms of
-- every run on PostgreSQL against 90-110 ms for json, which only checks the text (measured side
-- by side on the same summary, lz4 both). lz4 compression is kept where the server has it.
ALTER TABLE analysis_run ALTER COLUMN summary TYPE json USING summary::json;
DO $$
BEGIN
  ALTER TABLE analysis_run ALTER COLUMN summary SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not built into this server: analysis summaries keep pglz compression';
END
$$;
