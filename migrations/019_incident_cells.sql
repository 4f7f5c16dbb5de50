-- Incident counts kept per cell, so that the priority analysis, the indicators and the dashboard
-- read thousands of small rows instead of every incident of the period.
--
-- A cell is a sub-district, category, classification (restricted or not) and Thai calendar day
-- (incident_cell_day: the recency decay needs the day) or fiscal quarter (incident_cell_quarter),
-- with the number of incidents and the sum of their severities; false reports are left out.
--
-- Why cells are rebuilt per chunk on read rather than kept up to date by every write: adding a
-- million imported incidents into the cells costs one to two seconds of aggregation and upserts,
-- on an import of about twenty (the foundation issue holds an import to 1.3 times a bare COPY). A statement
-- that writes incidents only marks the chunks it touched (province x fiscal year) as stale, a
-- hash over its transition rows into a few hundred groups; the first reader of a stale chunk
-- rebuilds it from the incidents (incident_cells_refresh), under a row lock on its mark, and the
-- readers after it read the cells.
--
-- Concurrency: a writer marks a chunk by upserting its row in incident_cell_stale with a new
-- version (ON CONFLICT DO UPDATE, so the row is locked until the writer commits); the rebuild
-- takes the same row FOR UPDATE first, so it waits for any writer that marked it, and its own
-- statements then see that writer's incidents. A writer that comes during the rebuild waits for
-- it, then marks the chunk again.

-- The Thai calendar day of an instant (UTC+7 all year, no daylight saving).
CREATE FUNCTION thai_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (timezone('UTC', t) + interval '7 hours')::date;

-- The Buddhist Era fiscal year of a Thai day: FY 2568 runs from 1 October 2567 (2024 CE) to 30 September 2568.
CREATE FUNCTION thai_fiscal_year(d date) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (extract(year FROM d)::int + 543 + (extract(month FROM d)::int >= 10)::int)::smallint;

-- The fiscal quarter (1 = October to December) of a Thai day.
CREATE FUNCTION thai_fiscal_quarter(d date) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (((extract(month FROM d)::int + 2) % 12) / 3 + 1)::smallint;

CREATE TABLE incident_cell_day (
  province_code    text COLLATE "C" NOT NULL,
  fiscal_year      smallint NOT NULL,
  day              date NOT NULL,
  district_code    text COLLATE "C" NOT NULL,
  subdistrict_code text COLLATE "C" NOT NULL,
  category_id      integer NOT NULL,
  restricted       boolean NOT NULL,
  n                integer NOT NULL,
  severity         integer NOT NULL
);
-- By year alone: inserted in random order after an import, an index on (province, day) costs
-- three times the insert itself; a year's rows are a quarter of the table, read whole.
CREATE INDEX incident_cell_day_idx ON incident_cell_day (fiscal_year);

CREATE TABLE incident_cell_quarter (
  province_code    text COLLATE "C" NOT NULL,
  fiscal_year      smallint NOT NULL,
  quarter          smallint NOT NULL,
  district_code    text COLLATE "C" NOT NULL,
  subdistrict_code text COLLATE "C" NOT NULL,
  category_id      integer NOT NULL,
  restricted       boolean NOT NULL,
  n                integer NOT NULL,
  severity         integer NOT NULL
);
CREATE INDEX incident_cell_quarter_idx ON incident_cell_quarter (province_code, fiscal_year, quarter);

CREATE SEQUENCE incident_cell_version_seq;
CREATE TABLE incident_cell_stale (
  province_code text NOT NULL,
  fiscal_year   smallint NOT NULL,
  version       bigint NOT NULL,
  PRIMARY KEY (province_code, fiscal_year)
);

-- Marks chunks stale (in key order, so that two writers, or a writer and a rebuild, lock the
-- rows in the same order).
CREATE FUNCTION incident_cells_mark(ps text[], fys smallint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO incident_cell_stale (province_code, fiscal_year, version)
  SELECT c.p, c.fy, nextval('incident_cell_version_seq') FROM unnest(ps, fys) AS c(p, fy)
  ORDER BY 1, 2
  ON CONFLICT (province_code, fiscal_year) DO UPDATE SET version = excluded.version
$$;

-- The chunks of the rows a statement wrote: inserted, deleted, or both (an update marks the chunk
-- before and after: an incident moved to another day or sub-district). Per province, every fiscal
-- year from its earliest row's to its latest's: a min and max over the rows costs about half of
-- a fiscal year computed for each of a million imported rows (0.4 s against 0.7 s over the plain
-- insert's 0.8 s, measured), and a year marked without a row in it only costs its rebuild.
CREATE FUNCTION incident_cells_mark_span(p text[], t0 timestamptz[], t1 timestamptz[]) RETURNS void LANGUAGE sql AS $$
  SELECT incident_cells_mark(array_agg(s.p), array_agg(s.fy))
  FROM (SELECT DISTINCT u.p, y.fy::smallint AS fy
        FROM unnest(p, t0, t1) AS u(p, t0, t1),
             generate_series(thai_fiscal_year(thai_day(u.t0))::int, thai_fiscal_year(thai_day(u.t1))::int) AS y(fy)) s
$$;

CREATE FUNCTION incident_cells_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM incident_cells_mark_span(array_agg(c.p), array_agg(c.t0), array_agg(c.t1))
  FROM (SELECT province_code AS p, min(occurred_at) AS t0, max(occurred_at) AS t1 FROM new_rows GROUP BY 1) c;
  RETURN NULL;
END $$;

CREATE FUNCTION incident_cells_mark_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM incident_cells_mark_span(array_agg(c.p), array_agg(c.t0), array_agg(c.t1))
  FROM (SELECT province_code AS p, min(occurred_at) AS t0, max(occurred_at) AS t1 FROM old_rows GROUP BY 1) c;
  RETURN NULL;
END $$;

CREATE FUNCTION incident_cells_mark_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM incident_cells_mark_span(array_agg(c.p), array_agg(c.t0), array_agg(c.t1))
  FROM (SELECT province_code AS p, min(occurred_at) AS t0, max(occurred_at) AS t1 FROM new_rows GROUP BY 1
        UNION ALL
        SELECT province_code, min(occurred_at), max(occurred_at) FROM old_rows GROUP BY 1) c;
  RETURN NULL;
END $$;

CREATE FUNCTION incident_cells_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM incident_cell_day;
  DELETE FROM incident_cell_quarter;
  DELETE FROM incident_cell_stale;
  RETURN NULL;
END $$;

CREATE TRIGGER incident_cells_insert AFTER INSERT ON incident
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_cells_mark_new();
CREATE TRIGGER incident_cells_update AFTER UPDATE ON incident
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_cells_mark_both();
CREATE TRIGGER incident_cells_delete AFTER DELETE ON incident
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION incident_cells_mark_old();
CREATE TRIGGER incident_cells_truncate AFTER TRUNCATE ON incident
  FOR EACH STATEMENT EXECUTE FUNCTION incident_cells_truncate();

-- Rebuilds the stale chunks of the provinces in fiscal years [fy_from, fy_to] (all provinces
-- when provinces is null); returns how many it rebuilt. A few chunks (the usual case: the
-- incidents of the day) are rebuilt one by one, each from the incidents of its year; many (after
-- an import) in one pass over the incidents, which costs about as much as one chunk's year does.
CREATE FUNCTION incident_cells_refresh(provinces text[], fy_from integer, fy_to integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  ps text[];
  fys smallint[];
  k integer;
BEGIN
  -- Waits for any writer that marked one of the chunks (it holds the row until it commits); a
  -- chunk another reader rebuilt meanwhile is gone from the list. Locked in key order, as writers lock.
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
      -- The chunk's instants: from 1 October of the year before, midnight in Thailand, for a year.
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
  DELETE FROM incident_cell_stale s USING unnest(ps, fys) AS c(p, fy) WHERE s.province_code = c.p AND s.fiscal_year = c.fy;
  RETURN cardinality(ps);
END $$;

-- The incidents already there: every chunk stale, rebuilt when first read.
SELECT incident_cells_mark(array_agg(c.p), array_agg(c.fy))
FROM (SELECT DISTINCT province_code AS p, thai_fiscal_year(thai_day(occurred_at)) AS fy FROM incident) c;
