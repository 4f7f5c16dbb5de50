-- The people's voice (issue 5): answers about projects, needs, village meetings, the contact
-- details given with consent, and the quarterly evaluation snapshots.

-- A village meeting (or peace council sitting) where an officer gathered many answers at once.
CREATE TABLE feedback_meeting (
  id               bigserial PRIMARY KEY,
  province_code    text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  subdistrict_code text NOT NULL REFERENCES area (code),
  village_code     text REFERENCES area (code),
  meeting_date     date NOT NULL,
  place            text NOT NULL CHECK (length(btrim(place)) BETWEEN 1 AND 300),
  attendance       integer NOT NULL CHECK (attendance BETWEEN 1 AND 100000),
  channel          text NOT NULL CHECK (channel IN ('village_meeting', 'peace_council')),
  note             text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  recorded_by      integer REFERENCES app_user (id) ON DELETE SET NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  is_demo          boolean NOT NULL DEFAULT false,
  CHECK (substr(subdistrict_code, 1, 2) = province_code),
  CHECK (village_code IS NULL OR substr(village_code, 1, 6) = subdistrict_code)
);
CREATE INDEX feedback_meeting_area_idx ON feedback_meeting (subdistrict_code, meeting_date);

-- One answer about one project by a person of one sub-district: does it meet their needs?
-- An answer belongs to the fiscal quarter in which it reached COMAP (received_at, Thai time), so a
-- quarter closed into a snapshot never gains answers later.
CREATE TABLE feedback (
  id               bigserial PRIMARY KEY,
  project_id       bigint NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  province_code    text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  subdistrict_code text NOT NULL REFERENCES area (code),
  village_code     text REFERENCES area (code),
  meets            text NOT NULL CHECK (meets IN ('yes', 'partly', 'no')),
  rating           smallint CHECK (rating BETWEEN 1 AND 5),
  comment          text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
  channel          text NOT NULL CHECK (channel IN ('public_web', 'village_meeting', 'peace_council')),
  meeting_id       bigint REFERENCES feedback_meeting (id) ON DELETE CASCADE,
  -- Public answers only: a keyed hash of the device's token (one answer per device, project and
  -- quarter; a new answer replaces the old) and of the client address (duplicate detection).
  client_key       text,
  ip_key           text,
  received_at      timestamptz NOT NULL DEFAULT now(),
  fiscal_year      integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  quarter          smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  -- Moderation hides the comment (never the answer itself), with a reason; audited.
  hidden_at        timestamptz,
  hidden_by        integer REFERENCES app_user (id) ON DELETE SET NULL,
  hidden_reason    text,
  is_demo          boolean NOT NULL DEFAULT false,
  CHECK ((channel = 'public_web') = (meeting_id IS NULL)),
  CHECK ((channel = 'public_web') OR client_key IS NULL),
  CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL)),
  CHECK (hidden_reason IS NULL OR length(btrim(hidden_reason)) BETWEEN 1 AND 500),
  CHECK (substr(subdistrict_code, 1, 2) = province_code),
  CHECK (village_code IS NULL OR substr(village_code, 1, 6) = subdistrict_code)
);
CREATE INDEX feedback_period_idx ON feedback (province_code, fiscal_year, quarter);
CREATE INDEX feedback_project_idx ON feedback (project_id, received_at);
CREATE INDEX feedback_meeting_idx ON feedback (meeting_id) WHERE meeting_id IS NOT NULL;
CREATE UNIQUE INDEX feedback_device_once ON feedback (project_id, client_key, fiscal_year, quarter) WHERE client_key IS NOT NULL;

-- A need the people of a sub-district raise, for the province and agencies to plan with; linked
-- to the project that later answers it.
CREATE TABLE need (
  id               bigserial PRIMARY KEY,
  province_code    text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  subdistrict_code text NOT NULL REFERENCES area (code),
  village_code     text REFERENCES area (code),
  category_code    text NOT NULL REFERENCES category (code) ON UPDATE CASCADE,
  description      text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 2000),
  channel          text NOT NULL CHECK (channel IN ('public_web', 'village_meeting', 'peace_council')),
  meeting_id       bigint REFERENCES feedback_meeting (id) ON DELETE CASCADE,
  client_key       text,
  ip_key           text,
  received_at      timestamptz NOT NULL DEFAULT now(),
  fiscal_year      integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  project_id       bigint REFERENCES project (id) ON DELETE SET NULL,
  linked_by        integer REFERENCES app_user (id) ON DELETE SET NULL,
  linked_at        timestamptz,
  hidden_at        timestamptz,
  hidden_by        integer REFERENCES app_user (id) ON DELETE SET NULL,
  hidden_reason    text,
  is_demo          boolean NOT NULL DEFAULT false,
  CHECK ((channel = 'public_web') = (meeting_id IS NULL)),
  CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL)),
  CHECK (hidden_reason IS NULL OR length(btrim(hidden_reason)) BETWEEN 1 AND 500),
  CHECK (substr(subdistrict_code, 1, 2) = province_code),
  CHECK (village_code IS NULL OR substr(village_code, 1, 6) = subdistrict_code)
);
CREATE INDEX need_area_idx ON need (subdistrict_code, received_at);
CREATE INDEX need_project_idx ON need (project_id) WHERE project_id IS NOT NULL;

-- Contact details a person chose to give, with explicit consent (PDPA). Kept apart from the answer
-- so no listing reaches them by accident; never public; deleted once delete_after has passed
-- (the retention the administrator sets, app_setting contact_retention_days).
CREATE TABLE public_contact (
  id              bigserial PRIMARY KEY,
  feedback_id     bigint UNIQUE REFERENCES feedback (id) ON DELETE CASCADE,
  need_id         bigint UNIQUE REFERENCES need (id) ON DELETE CASCADE,
  name            text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
  phone           text NOT NULL DEFAULT '' CHECK (length(phone) <= 50),
  email           text NOT NULL DEFAULT '' CHECK (length(email) <= 200),
  consent_at      timestamptz NOT NULL,
  -- Which wording of the consent the person agreed to.
  consent_version text NOT NULL,
  delete_after    timestamptz NOT NULL,
  CHECK ((feedback_id IS NULL) <> (need_id IS NULL)),
  CHECK (length(btrim(name || phone || email)) > 0)
);
CREATE INDEX public_contact_delete_idx ON public_contact (delete_after);

-- The evaluation of one province for one fiscal quarter (1-4) or the whole year (0). Provisional
-- while the period runs (recomputed on demand), closed once it has ended: a closed snapshot is
-- never recomputed, so later answers do not change it.
CREATE TABLE evaluation_snapshot (
  id            bigserial PRIMARY KEY,
  province_code text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  fiscal_year   integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  quarter       smallint NOT NULL CHECK (quarter BETWEEN 0 AND 4),
  state         text NOT NULL CHECK (state IN ('provisional', 'closed')),
  -- Fewer answers than this are flagged as too few to judge (app_setting evaluation_min_answers).
  min_answers   integer NOT NULL CHECK (min_answers >= 1),
  answers       integer NOT NULL CHECK (answers >= 0),
  computed_at   timestamptz NOT NULL DEFAULT now(),
  computed_by   integer REFERENCES app_user (id) ON DELETE SET NULL,
  closed_at     timestamptz,
  CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
  UNIQUE (province_code, fiscal_year, quarter)
);

-- One line of a snapshot: the answers of one project, agency, sub-district, district, category or
-- channel (or the whole province), and 'project_area' = one project in one sub-district, the unit
-- the indicator "share of projects that met needs" counts.
CREATE TABLE evaluation_row (
  snapshot_id bigint NOT NULL REFERENCES evaluation_snapshot (id) ON DELETE CASCADE,
  dimension   text NOT NULL CHECK (dimension IN ('province', 'project', 'project_area', 'agency', 'subdistrict', 'district', 'category', 'channel')),
  key         text NOT NULL,
  answers     integer NOT NULL CHECK (answers >= 0),
  yes         integer NOT NULL CHECK (yes >= 0),
  partly      integer NOT NULL CHECK (partly >= 0),
  no          integer NOT NULL CHECK (no >= 0),
  rated       integer NOT NULL CHECK (rated >= 0),
  rating_sum  integer NOT NULL CHECK (rating_sum >= 0),
  PRIMARY KEY (snapshot_id, dimension, key),
  CHECK (yes + partly + no = answers)
);

-- The indicators read the snapshots: a new or recomputed one makes cached figures stale.
CREATE TRIGGER evaluation_snapshot_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON evaluation_snapshot FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER evaluation_row_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON evaluation_row FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();

INSERT INTO app_setting (key, value) VALUES ('contact_retention_days', '180') ON CONFLICT (key) DO NOTHING;
INSERT INTO app_setting (key, value) VALUES ('evaluation_min_answers', '5') ON CONFLICT (key) DO NOTHING;
