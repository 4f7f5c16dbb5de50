-- The day cells of a chunk (province x fiscal year, migration 019) packed into one binary value,
-- for the priority analysis, which reads every day cell of whole provinces.
--
-- Why: reading a year's 186,000 day cells of the whole country row by row costs PostgreSQL about
-- 100 ms however the rows are shaped or sent (a GROUP BY, JSON arrays, COPY, binary COPY; all
-- measured), and the analysis reads three fiscal years a run. The same cells as one value per
-- chunk are read in about 10 ms a year and summed in Node. The packs are rebuilt with the cells
-- (incident_cells_refresh, below), from the day cells, so they never disagree with them.
--
-- data: 12 bytes a day cell, big-endian, in no particular order:
--   int4 sub-district code (DOPA, six digits), int2 category id,
--   int2 day (0 = 1 October, the first day of the fiscal year) plus 16384 when restricted,
--   int2 incidents, int2 sum of their severities.
-- A day cell whose count or severity passes 32,767 is written as several entries that add up to
-- it (a reader sums them anyway). Category ids are held below 32,768 (the check below) so that
-- they fit. 12 bytes rather than 20 (an int4 each) halve what a year costs to send: 33 ms for
-- three years against 65 ms (measured). A fresh chunk without incidents has no pack.
ALTER TABLE category ADD CONSTRAINT category_id_fits_cell_pack CHECK (id BETWEEN 1 AND 32767);

CREATE TABLE incident_cell_pack (
  province_code text COLLATE "C" NOT NULL,
  fiscal_year   smallint NOT NULL,
  cells         integer NOT NULL, -- entries in data
  data          bytea NOT NULL,
  PRIMARY KEY (province_code, fiscal_year)
);
-- lz4 where the server has it; otherwise stored uncompressed (pglz cost as much to undo as the
-- value took to send: measured on PostgreSQL with 20-byte entries, 33-39 ms a year against 17-22 ms).
DO $$
BEGIN
  ALTER TABLE incident_cell_pack ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  ALTER TABLE incident_cell_pack ALTER COLUMN data SET STORAGE EXTERNAL;
END
$$;

-- Replaces the packs of the chunks (ps[k], fys[k]) with their day cells as they are now.
CREATE FUNCTION incident_cell_pack_build(ps text[], fys smallint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM incident_cell_pack p USING unnest(ps, fys) AS c(p, fy) WHERE p.province_code = c.p AND p.fiscal_year = c.fy;
  INSERT INTO incident_cell_pack (province_code, fiscal_year, cells, data)
  SELECT d.province_code, d.fiscal_year, count(*)::int,
         string_agg(int4send(d.subdistrict_code::int) || int2send(d.category_id::smallint)
                    || int2send(((d.day - make_date(d.fiscal_year - 544, 10, 1)) + 16384 * d.restricted::int)::smallint)
                    || int2send((d.n / s.k + (s.j < d.n % s.k)::int)::smallint)
                    || int2send((d.severity / s.k + (s.j < d.severity % s.k)::int)::smallint), ''::bytea)
  FROM incident_cell_day d
  JOIN unnest(ps, fys) AS c(p, fy) ON d.province_code = c.p AND d.fiscal_year = c.fy
  -- k entries for the cell (1 unless a sum passes 32,767), entry j getting its share.
  CROSS JOIN LATERAL (SELECT greatest(1, ceil(greatest(d.n, d.severity) / 32767.0))::int AS k) kk
  CROSS JOIN LATERAL (SELECT kk.k, j FROM generate_series(0, kk.k - 1) AS j) s
  GROUP BY 1, 2;
$$;

-- Migration 019's refresh, with the packs rebuilt after the cells (the PERFORM before the end).
CREATE OR REPLACE FUNCTION incident_cells_refresh(provinces text[], fy_from integer, fy_to integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  ps text[];
  fys smallint[];
  k integer;
BEGIN
  SELECT array_agg(s.province_code ORDER BY s.province_code, s.fiscal_year), array_agg(s.fiscal_year ORDER BY s.province_code, s.fiscal_year)
  INTO ps, fys
  FROM (SELECT x.province_code, x.fiscal_year FROM incident_cell_stale x
        WHERE (provinces IS NULL OR x.province_code = ANY(provinces)) AND x.fiscal_year BETWEEN fy_from AND fy_to
        ORDER BY 1, 2 FOR UPDATE) s;
  IF ps IS NULL THEN RETURN 0; END IF;
  DELETE FROM incident_cell_day d USING unnest(ps, fys) AS c(p, fy) WHERE d.province_code = c.p AND d.fiscal_year = c.fy;
  DELETE FROM incident_cell_quarter q USING unnest(ps, fys) AS c(p, fy) WHERE q.province_code = c.p AND q.fiscal_year = c.fy;
  IF cardinality(ps) <= 8 THEN
    FOR k IN 1 .. cardinality(ps) LOOP
      INSERT INTO incident_cell_day (province_code, fiscal_year, day, district_code, subdistrict_code, category_id, restricted, n, severity)
      SELECT ps[k], fys[k], thai_day(i.occurred_at), i.district_code, i.subdistrict_code, i.category_id,
             i.classification = 'restricted', count(*)::int, sum(i.severity)::int
      FROM incident i
      WHERE i.province_code = ps[k]
        AND i.occurred_at >= make_timestamptz(fys[k] - 544, 10, 1, 0, 0, 0, 'UTC') - interval '7 hours'
        AND i.occurred_at < make_timestamptz(fys[k] - 543, 10, 1, 0, 0, 0, 'UTC') - interval '7 hours'
        AND i.status <> 'false_report'
      GROUP BY 3, 4, 5, 6, 7;
    END LOOP;
  ELSE
    INSERT INTO incident_cell_day (province_code, fiscal_year, day, district_code, subdistrict_code, category_id, restricted, n, severity)
    SELECT g.province_code, thai_fiscal_year(g.day), g.day, g.district_code, g.subdistrict_code, g.category_id, g.restricted, g.n, g.severity
    FROM (SELECT i.province_code, thai_day(i.occurred_at) AS day, i.district_code, i.subdistrict_code, i.category_id,
                 i.classification = 'restricted' AS restricted, count(*)::int AS n, sum(i.severity)::int AS severity
          FROM incident i
          WHERE i.status <> 'false_report' AND (provinces IS NULL OR i.province_code = ANY(ps))
          GROUP BY 1, 2, 3, 4, 5, 6) g
    JOIN unnest(ps, fys) AS c(p, fy) ON c.p = g.province_code AND c.fy = thai_fiscal_year(g.day);
  END IF;
  INSERT INTO incident_cell_quarter (province_code, fiscal_year, quarter, district_code, subdistrict_code, category_id, restricted, n, severity)
  SELECT d.province_code, d.fiscal_year, thai_fiscal_quarter(d.day), d.district_code, d.subdistrict_code, d.category_id, d.restricted,
         sum(d.n)::int, sum(d.severity)::int
  FROM incident_cell_day d JOIN unnest(ps, fys) AS c(p, fy) ON d.province_code = c.p AND d.fiscal_year = c.fy
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
  PERFORM incident_cell_pack_build(ps, fys);
  DELETE FROM incident_cell_stale s USING unnest(ps, fys) AS c(p, fy) WHERE s.province_code = c.p AND s.fiscal_year = c.fy;
  RETURN cardinality(ps);
END $$;

CREATE OR REPLACE FUNCTION incident_cells_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM incident_cell_day;
  DELETE FROM incident_cell_quarter;
  DELETE FROM incident_cell_pack;
  DELETE FROM incident_cell_stale;
  RETURN NULL;
END $$;

-- The packs of the chunks that are fresh now (a stale one gets its pack when it is rebuilt).
SELECT incident_cell_pack_build(array_agg(c.p), array_agg(c.fy))
FROM (SELECT DISTINCT d.province_code AS p, d.fiscal_year AS fy FROM incident_cell_day d
      WHERE NOT EXISTS (SELECT 1 FROM incident_cell_stale s WHERE s.province_code = d.province_code AND s.fiscal_year = d.fiscal_year)) c;
