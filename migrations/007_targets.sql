-- The target list (บัญชีเป้าหมาย, issue 3 section 4): the sub-districts and villages a province
-- declares for a fiscal year, in versions: draft -> submitted -> declared, and a declared version
-- becomes superseded when an amendment (the next version) is declared.
--
-- Immutability of declared and superseded versions is enforced twice: by the service (clear
-- messages) and by the triggers below, so no other code path or hand-written SQL can alter what
-- the province declared.

-- A scanned order (คำสั่ง), kept in the database so a backup holds it. Only PDF, JPEG and PNG, up
-- to 20 MB; the content type comes from the file's magic bytes, never from the client.
CREATE TABLE target_list_file (
  id           serial PRIMARY KEY,
  filename     text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes   integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 20971520),
  content      bytea NOT NULL,
  uploaded_by  integer REFERENCES app_user (id) ON DELETE SET NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE target_list (
  id               serial PRIMARY KEY,
  province_code    text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  -- Buddhist Era fiscal year (2568 = 1 Oct 2024 to 30 Sep 2025).
  fiscal_year      integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  version          integer NOT NULL CHECK (version >= 1),
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'declared', 'superseded')),
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  -- Why this version exists; an amendment (version 2 and later) must say why.
  reason           text NOT NULL DEFAULT '',
  -- The version an amendment was copied from.
  previous_id      integer REFERENCES target_list (id),
  -- The analysis run a draft was built from, and the rule used (top N, threshold, categories).
  source_run_id    bigint REFERENCES analysis_run (id) ON DELETE SET NULL,
  source_rule      jsonb,
  created_by       integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  submitted_by     integer REFERENCES app_user (id) ON DELETE SET NULL,
  submitted_at     timestamptz,
  declared_by      integer REFERENCES app_user (id) ON DELETE SET NULL,
  declared_at      timestamptz,
  -- The date printed on the order (a calendar date, not an instant) and its number (เลขที่คำสั่ง).
  declaration_date date,
  reference_number text,
  order_file_id    integer REFERENCES target_list_file (id),
  superseded_at    timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_code, fiscal_year, version),
  CHECK (version = 1 OR length(btrim(reason)) > 0),
  CHECK (status IN ('draft', 'submitted') OR (declared_at IS NOT NULL AND declaration_date IS NOT NULL AND length(btrim(reference_number)) > 0))
);
-- One declared list per province and fiscal year at a time.
CREATE UNIQUE INDEX target_list_declared_idx ON target_list (province_code, fiscal_year) WHERE status = 'declared';
CREATE INDEX target_list_province_idx ON target_list (province_code, fiscal_year);

CREATE TABLE target_area (
  list_id    integer NOT NULL REFERENCES target_list (id) ON DELETE CASCADE,
  -- A declared list keeps its areas: an area in a list cannot be deleted from the area table.
  area_code  text NOT NULL REFERENCES area (code),
  -- Category codes the area is targeted for (checked against category.code by the service).
  categories text[] NOT NULL CHECK (cardinality(categories) > 0),
  reason     text NOT NULL DEFAULT '',
  -- Rank and score in the source analysis run when the area was taken from it, else null.
  rank       integer,
  score      double precision,
  added_by   integer REFERENCES app_user (id) ON DELETE SET NULL,
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (list_id, area_code)
);
CREATE INDEX target_area_code_idx ON target_area (area_code);

-- Areas of a list change only while the list is a draft, and only sub-districts (level 3) and
-- villages (level 4) are targeted.
CREATE FUNCTION target_area_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s text;
  lvl smallint;
BEGIN
  SELECT status INTO s FROM target_list WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.list_id ELSE NEW.list_id END;
  IF s IS NOT NULL AND s <> 'draft' THEN
    RAISE EXCEPTION 'target list is %: its areas cannot change', s USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.list_id <> OLD.list_id THEN
    SELECT status INTO s FROM target_list WHERE id = OLD.list_id;
    IF s <> 'draft' THEN
      RAISE EXCEPTION 'target list is %: its areas cannot change', s USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  SELECT level INTO lvl FROM area WHERE code = NEW.area_code;
  IF lvl IS NOT NULL AND lvl NOT IN (3, 4) THEN
    RAISE EXCEPTION 'area % is not a sub-district or village', NEW.area_code USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER target_area_guard BEFORE INSERT OR UPDATE OR DELETE ON target_area
  FOR EACH ROW EXECUTE FUNCTION target_area_guard();

-- A declared list may only become superseded (nothing else changes); a superseded list never
-- changes; neither is ever deleted.
CREATE FUNCTION target_list_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('declared', 'superseded') THEN
      RAISE EXCEPTION 'target list % is %: it cannot be deleted', OLD.id, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'superseded'
     OR (OLD.status = 'declared' AND (NEW.status <> 'superseded'
         OR (to_jsonb(NEW) - 'status' - 'superseded_at' - 'updated_at') <> (to_jsonb(OLD) - 'status' - 'superseded_at' - 'updated_at'))) THEN
    RAISE EXCEPTION 'target list % is %: it cannot change', OLD.id, OLD.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER target_list_guard BEFORE UPDATE OR DELETE ON target_list
  FOR EACH ROW EXECUTE FUNCTION target_list_guard();
