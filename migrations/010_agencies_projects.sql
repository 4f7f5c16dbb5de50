-- Agencies, coordination working groups and agencies' projects (issue 4, sections 1 and 2).

-- The registry of agencies (หน่วยงาน). A user belongs to at most one.
CREATE TABLE agency (
  id                 serial PRIMARY KEY,
  -- A short stable key that spreadsheets use to name the agency (e.g. "police-32", "rid-8").
  code               text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
  name_th            text NOT NULL CHECK (length(btrim(name_th)) BETWEEN 1 AND 300),
  name_en            text,
  type               text NOT NULL CHECK (type IN ('security', 'provincial_admin', 'local_admin', 'line_agency', 'state_enterprise', 'civil_society', 'private', 'community', 'other')),
  parent_ministry    text,
  -- The province the agency works in; null for a regional or national agency.
  province_code      text CHECK (province_code IS NULL OR province_code ~ '^[0-9]{2}$'),
  contact_name       text,
  contact_phone      text,
  contact_email      text,
  address            text,
  active             boolean NOT NULL DEFAULT true,
  is_demo            boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agency_province_idx ON agency (province_code);

-- Users named their agency in free text until now: each distinct name becomes an agency of type
-- "other" that an administrator can complete, and users point at it.
ALTER TABLE app_user ADD COLUMN agency_id integer REFERENCES agency (id) ON DELETE SET NULL;
INSERT INTO agency (code, name_th, type)
  SELECT 'agency-' || row_number() OVER (ORDER BY a), a, 'other'
  FROM (SELECT DISTINCT btrim(agency) AS a FROM app_user WHERE agency IS NOT NULL AND btrim(agency) <> '') d;
UPDATE app_user u SET agency_id = g.id FROM agency g WHERE g.name_th = btrim(u.agency);
ALTER TABLE app_user DROP COLUMN agency;
CREATE INDEX app_user_agency_idx ON app_user (agency_id);

-- Coordination working groups (คณะทำงาน) per province, down to a sub-district's peace council.
CREATE TABLE working_group (
  id            serial PRIMARY KEY,
  province_code text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  -- The area the group covers: the province itself, a district, or a sub-district (peace council).
  area_code     text NOT NULL REFERENCES area (code),
  kind          text NOT NULL CHECK (kind IN ('provincial', 'district', 'peace_council', 'thematic', 'other')),
  name_th       text NOT NULL CHECK (length(btrim(name_th)) BETWEEN 1 AND 300),
  name_en       text,
  description   text NOT NULL DEFAULT '',
  active        boolean NOT NULL DEFAULT true,
  is_demo       boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (substr(area_code, 1, 2) = province_code)
);
CREATE INDEX working_group_province_idx ON working_group (province_code);

-- A member is an agency, a COMAP user, or a named person without an account (a village headman,
-- an imam, a teacher), with their role in the group.
CREATE TABLE working_group_member (
  id             serial PRIMARY KEY,
  group_id       integer NOT NULL REFERENCES working_group (id) ON DELETE CASCADE,
  agency_id      integer REFERENCES agency (id) ON DELETE CASCADE,
  user_id        integer REFERENCES app_user (id) ON DELETE CASCADE,
  person_name    text,
  position_title text,
  role           text NOT NULL CHECK (role IN ('chair', 'vice_chair', 'secretary', 'member', 'advisor')),
  phone          text,
  since          date,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (agency_id IS NOT NULL OR user_id IS NOT NULL OR length(btrim(coalesce(person_name, ''))) > 0)
);
CREATE INDEX working_group_member_group_idx ON working_group_member (group_id);

-- Projects (แผนงาน/โครงการ) of agencies, or of a community seeking support.
CREATE TABLE project (
  id                bigserial PRIMARY KEY,
  -- The agency's own reference, used to update a project by re-importing its spreadsheet.
  external_id       text UNIQUE,
  agency_id         integer NOT NULL REFERENCES agency (id),
  province_code     text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  fiscal_year       integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  title             text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 500),
  objectives        text NOT NULL DEFAULT '',
  budget_baht       numeric(16, 2) NOT NULL DEFAULT 0 CHECK (budget_baht >= 0),
  budget_source     text NOT NULL CHECK (budget_source IN ('agency', 'provincial', 'local_admin', 'private', 'community')),
  -- Category codes the project addresses (checked against category.code by the service).
  categories        text[] NOT NULL DEFAULT '{}',
  start_date        date,
  end_date          date,
  status            text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  responsible_name  text NOT NULL DEFAULT '',
  responsible_phone text NOT NULL DEFAULT '',
  -- Internal projects never reach a public page; of a public project only `public_fields` do.
  visibility        text NOT NULL DEFAULT 'internal' CHECK (visibility IN ('public', 'internal')),
  public_fields     text[] NOT NULL DEFAULT '{objectives,budget,schedule,status,progress}',
  -- Planned outputs: [{"name": "...", "unit": "...", "target": 10}].
  planned_outputs   jsonb NOT NULL DEFAULT '[]',
  -- An optional point, line or polygon beyond the target areas.
  geom              geometry(Geometry, 4326),
  -- A community project beyond the community's means, and what it needs.
  origin            text NOT NULL DEFAULT 'agency' CHECK (origin IN ('agency', 'community')),
  seeking_support   boolean NOT NULL DEFAULT false,
  support_needs     text NOT NULL DEFAULT '',
  is_demo           boolean NOT NULL DEFAULT false,
  created_by        integer REFERENCES app_user (id) ON DELETE SET NULL,
  updated_by        integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  CHECK (jsonb_typeof(planned_outputs) = 'array')
);
CREATE INDEX project_province_fy_idx ON project (province_code, fiscal_year);
CREATE INDEX project_agency_idx ON project (agency_id, fiscal_year);

-- The sub-districts (6 digits) and villages (8 digits) a project targets.
CREATE TABLE project_area (
  project_id       bigint NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  area_code        text NOT NULL REFERENCES area (code),
  subdistrict_code text NOT NULL,
  PRIMARY KEY (project_id, area_code),
  CHECK (length(area_code) IN (6, 8)),
  CHECK (subdistrict_code = substr(area_code, 1, 6))
);
CREATE INDEX project_area_subdistrict_idx ON project_area (subdistrict_code);
CREATE INDEX project_area_code_idx ON project_area (area_code);

-- Quarterly progress (รายงานความก้าวหน้า), one report per project and fiscal quarter.
CREATE TABLE project_progress (
  id              bigserial PRIMARY KEY,
  project_id      bigint NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  fiscal_year     integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  quarter         smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  percent_done    numeric(5, 2) NOT NULL CHECK (percent_done BETWEEN 0 AND 100),
  spent_baht      numeric(16, 2) NOT NULL DEFAULT 0 CHECK (spent_baht >= 0),
  -- Achieved outputs, matched by name to the project's planned outputs: [{"name": "...", "achieved": 4}].
  outputs         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(outputs) = 'array'),
  narrative       text NOT NULL DEFAULT '',
  reported_by     integer REFERENCES app_user (id) ON DELETE SET NULL,
  reported_at     timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, fiscal_year, quarter)
);

-- Photos of a progress report, kept in the database so a backup holds them; the content type
-- comes from the file's magic bytes.
CREATE TABLE project_photo (
  id           bigserial PRIMARY KEY,
  progress_id  bigint NOT NULL REFERENCES project_progress (id) ON DELETE CASCADE,
  filename     text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes   integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
  content      bytea NOT NULL,
  caption      text NOT NULL DEFAULT '',
  uploaded_by  integer REFERENCES app_user (id) ON DELETE SET NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_photo_progress_idx ON project_photo (progress_id);

-- Who took what of a project seeking support: requests, adoptions by an agency or a private
-- sponsor (with what they contribute), withdrawals, and the close of the request.
CREATE TABLE project_support_event (
  id           bigserial PRIMARY KEY,
  project_id   bigint NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('requested', 'adopted', 'withdrawn', 'closed')),
  agency_id    integer REFERENCES agency (id) ON DELETE SET NULL,
  sponsor_name text,
  contribution text NOT NULL DEFAULT '',
  amount_baht  numeric(16, 2) CHECK (amount_baht IS NULL OR amount_baht >= 0),
  note         text NOT NULL DEFAULT '',
  by_user      integer REFERENCES app_user (id) ON DELETE SET NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  CHECK (kind NOT IN ('adopted', 'withdrawn') OR agency_id IS NOT NULL OR length(btrim(coalesce(sponsor_name, ''))) > 0)
);
CREATE INDEX project_support_event_project_idx ON project_support_event (project_id, at);

-- How many days after a quarter ends its progress report is due.
INSERT INTO app_setting (key, value) VALUES ('progress_due_days', '15') ON CONFLICT (key) DO NOTHING;
