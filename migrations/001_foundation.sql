-- COMAP foundation: areas, categories, incidents, people, sessions, audit.
-- Plain SQL that runs unchanged on PGlite (PostgreSQL 17+) and PostgreSQL >= 15 with PostGIS >= 3.3.

CREATE EXTENSION IF NOT EXISTS postgis;

-- Key/value settings and counters (for example the boundary version that keys cached tiles).
CREATE TABLE app_setting (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO app_setting (key, value) VALUES ('boundary_version', '1');

-- Administrative areas with DOPA codes: province (2 digits), district (4), sub-district (6),
-- village (8). Villages are points; the other levels are (multi)polygons.
CREATE TABLE area (
  code          text PRIMARY KEY CHECK (code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2})?)?)?$'),
  level         smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  parent_code   text REFERENCES area (code) ON DELETE CASCADE,
  province_code text NOT NULL,
  name_th       text NOT NULL,
  name_en       text,
  population    integer CHECK (population IS NULL OR population >= 0),
  geom          geometry(Geometry, 4326) NOT NULL,
  label_point   geometry(Point, 4326),
  area_km2      double precision,
  is_demo       boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (length(code) = level * 2),
  CHECK (province_code = substr(code, 1, 2)),
  CHECK (level = 1 OR parent_code = substr(code, 1, length(code) - 2))
);
CREATE INDEX area_geom_idx ON area USING gist (geom);
CREATE INDEX area_level_idx ON area (level, province_code);
CREATE INDEX area_parent_idx ON area (parent_code);
CREATE INDEX area_name_th_idx ON area (lower(name_th));
CREATE INDEX area_name_en_idx ON area (lower(name_en));

-- Problem categories (threats), editable by administrators.
CREATE TABLE category (
  id         serial PRIMARY KEY,
  code       text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  label_th   text NOT NULL,
  label_en   text NOT NULL,
  color      text NOT NULL CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
  icon       text NOT NULL DEFAULT 'dot',
  sort_order integer NOT NULL DEFAULT 0,
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO category (code, label_th, label_en, color, icon, sort_order) VALUES
  ('drugs',           'ยาเสพติด',                                   'Drugs',                                        '#8e24aa', 'pill',     10),
  ('illegal_crossing','การลักลอบเข้าเมืองและแรงงานต่างด้าวผิดกฎหมาย', 'Illegal border crossing and illegal foreign workers', '#e53935', 'crossing', 20),
  ('smuggling',       'การลักลอบขนสินค้าหนีภาษี',                    'Smuggling',                                    '#fb8c00', 'box',      30),
  ('crime',           'อาชญากรรมต่อชีวิตและทรัพย์สิน',                 'Crime against life and property',              '#6d4c41', 'shield',   40),
  ('flood',           'อุทกภัย',                                     'Flood',                                        '#1e88e5', 'wave',     50),
  ('drought',         'ภัยแล้งและการขาดแคลนน้ำ',                      'Drought and water shortage',                   '#fdd835', 'sun',      60),
  ('water_quality',   'คุณภาพน้ำ',                                   'Water quality',                                '#00acc1', 'drop',     70),
  ('forest',          'การบุกรุกป่าและการชะล้างพังทลายของดิน',          'Forest encroachment and soil erosion',         '#43a047', 'tree',     80),
  ('unrest',          'ความไม่สงบ',                                  'Public unrest',                                '#d81b60', 'alert',    90),
  ('other',           'อื่น ๆ',                                      'Other',                                        '#757575', 'dot',     100);

-- People.
CREATE TABLE app_user (
  id                   serial PRIMARY KEY,
  username             text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name         text NOT NULL,
  password_hash        text NOT NULL,
  role                 text NOT NULL CHECK (role IN ('admin', 'analyst', 'agency_officer', 'area_officer', 'viewer')),
  agency               text,
  active               boolean NOT NULL DEFAULT true,
  failed_logins        integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_username_idx ON app_user (username);

-- A user's area scope: any area code (province, district or sub-district). Empty = no limit,
-- except for area officers, who see nothing without a scope.
CREATE TABLE user_area (
  user_id   integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  area_code text NOT NULL REFERENCES area (code) ON DELETE CASCADE,
  PRIMARY KEY (user_id, area_code)
);

-- Sign-in sessions; only the SHA-256 of the cookie token is stored.
CREATE TABLE user_session (
  token_hash text PRIMARY KEY,
  user_id    integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_seen  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Incidents. x/y hold the Web Mercator position so tiles need no per-row transform.
CREATE TABLE incident (
  id                bigserial PRIMARY KEY,
  external_id       text UNIQUE,
  category_id       integer NOT NULL REFERENCES category (id),
  occurred_at       timestamptz NOT NULL,
  geom              geometry(Point, 4326) NOT NULL,
  x                 double precision NOT NULL,
  y                 double precision NOT NULL,
  subdistrict_code  text NOT NULL REFERENCES area (code),
  district_code     text NOT NULL,
  province_code     text NOT NULL,
  assigned_nearest  boolean NOT NULL DEFAULT false,
  nearest_distance_m real,
  severity          smallint NOT NULL CHECK (severity BETWEEN 1 AND 5),
  status            text NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'verified', 'resolved', 'false_report')),
  source            text NOT NULL CHECK (source IN ('agency', 'volunteer', 'sensor', 'public', 'import')),
  description       text NOT NULL DEFAULT '',
  classification    text NOT NULL DEFAULT 'internal' CHECK (classification IN ('public', 'internal', 'restricted')),
  created_by        integer REFERENCES app_user (id) ON DELETE SET NULL,
  updated_by        integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_occurred_idx ON incident (occurred_at);
CREATE INDEX incident_subdistrict_idx ON incident (subdistrict_code, occurred_at);
CREATE INDEX incident_district_idx ON incident (district_code);
CREATE INDEX incident_province_idx ON incident (province_code);
CREATE INDEX incident_category_idx ON incident (category_id, occurred_at);
CREATE INDEX incident_geom_idx ON incident USING gist (geom);

-- Every create, update and delete: who, when, what, before and after.
CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  user_id    integer,
  username   text,
  action     text NOT NULL,
  entity     text NOT NULL,
  entity_id  text,
  before     jsonb,
  after      jsonb,
  details    jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);

-- Import runs (areas and incidents), for the record and for the upload page.
CREATE TABLE import_run (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL,
  filename    text NOT NULL,
  user_id     integer REFERENCES app_user (id) ON DELETE SET NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status      text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  rows_total  integer NOT NULL DEFAULT 0,
  inserted    integer NOT NULL DEFAULT 0,
  updated     integer NOT NULL DEFAULT 0,
  errors      jsonb
);

-- Encoded tiles of slow-changing layers (boundaries), keyed by the boundary version.
CREATE TABLE tile_cache (
  layer   text NOT NULL,
  version integer NOT NULL,
  z       smallint NOT NULL,
  x       integer NOT NULL,
  y       integer NOT NULL,
  data    bytea NOT NULL,
  PRIMARY KEY (layer, version, z, x, y)
);
