-- The quarterly review (issue 4, section 4): the meeting of a province's fiscal quarter, its
-- decisions and action items (carried into later packs until closed), the pack as presented, and
-- change counters that let the dashboard cache its aggregates safely.

CREATE TABLE review_meeting (
  id            serial PRIMARY KEY,
  province_code text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  fiscal_year   integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  quarter       smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  held_on       date,
  place         text NOT NULL DEFAULT '',
  chair         text NOT NULL DEFAULT '',
  attendees     text NOT NULL DEFAULT '',
  summary       text NOT NULL DEFAULT '',
  -- The pack as it was presented, frozen by the secretariat; null until frozen.
  pack          jsonb,
  pack_frozen_at timestamptz,
  pack_frozen_by integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_by    integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_code, fiscal_year, quarter)
);

-- A decision (มติ) or an action item (ข้อสั่งการ) with its owner and due date. An open item appears
-- in every later quarter's pack until it is done or dropped.
CREATE TABLE review_action (
  id              serial PRIMARY KEY,
  meeting_id      integer NOT NULL REFERENCES review_meeting (id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('decision', 'action')),
  text            text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 4000),
  owner_agency_id integer REFERENCES agency (id) ON DELETE SET NULL,
  owner_name      text NOT NULL DEFAULT '',
  due_date        date,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
  status_note     text NOT NULL DEFAULT '',
  closed_at       timestamptz,
  created_by      integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'decision' OR owner_agency_id IS NOT NULL OR length(btrim(owner_name)) > 0),
  CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE INDEX review_action_meeting_idx ON review_action (meeting_id);

-- Change counters for caches. A sequence never blocks concurrent writers (a counter row would),
-- and a rolled-back change only costs one needless cache refresh.
CREATE SEQUENCE data_version_seq;
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('data_version_seq');
  RETURN NULL;
END $$;
CREATE TRIGGER incident_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER project_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER project_area_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_area FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER project_progress_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_progress FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER target_list_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON target_list FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER target_area_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON target_area FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER agency_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agency FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER category_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON category FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER area_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON area FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
