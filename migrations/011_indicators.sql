-- Provincial indicators (ตัวชี้วัด, issue 4 section 3): definitions per province, targets per fiscal
-- year, and the computed values per fiscal quarter and year and per area, kept as history.

CREATE TABLE indicator (
  id                   serial PRIMARY KEY,
  province_code        text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  -- Stable key; the built-ins use fixed codes (target_areas_with_projects, ...).
  code                 text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,63}$'),
  name_th              text NOT NULL CHECK (length(btrim(name_th)) BETWEEN 1 AND 300),
  name_en              text NOT NULL DEFAULT '',
  description          text NOT NULL DEFAULT '',
  -- The definition (src/shared/indicator-definition.ts), checked by the service.
  definition           jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
  direction            text NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
  unit                 text NOT NULL CHECK (unit IN ('percent', 'count', 'baht', 'points')),
  baseline_fiscal_year integer CHECK (baseline_fiscal_year IS NULL OR baseline_fiscal_year BETWEEN 2500 AND 2700),
  -- Built-ins are created for each province, editable but never deleted.
  builtin              boolean NOT NULL DEFAULT false,
  -- Two readings of one question (for example target areas with projects, and projects in target
  -- areas) share a group; the province reports one of them (reported), the other is still computed.
  reading_group        text,
  reported             boolean NOT NULL DEFAULT true,
  -- How far past the target a value is "at risk" rather than "off track", in the indicator's unit.
  at_risk_margin       double precision NOT NULL DEFAULT 10 CHECK (at_risk_margin >= 0),
  -- The target of every fiscal year that has no row in indicator_target.
  default_target       double precision,
  active               boolean NOT NULL DEFAULT true,
  sort_order           integer NOT NULL DEFAULT 100,
  created_by           integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_by           integer REFERENCES app_user (id) ON DELETE SET NULL,
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (province_code, code)
);
-- At most one reported reading per group and province.
CREATE UNIQUE INDEX indicator_reported_reading_idx ON indicator (province_code, reading_group) WHERE reported AND reading_group IS NOT NULL;

-- Targets per fiscal year; a trajectory (a value per year of a plan) is several rows.
CREATE TABLE indicator_target (
  indicator_id integer NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
  fiscal_year  integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  target       double precision NOT NULL,
  PRIMARY KEY (indicator_id, fiscal_year)
);

-- Computed values. quarter 0 is the whole fiscal year. audience: 'all' when the value is the same
-- for everyone; an indicator that counts incidents has a 'restricted' value (every incident, for
-- the roles that see restricted incidents) and an 'unrestricted' one (without them, for the others).
CREATE TABLE indicator_value (
  indicator_id integer NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
  fiscal_year  integer NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  quarter      smallint NOT NULL CHECK (quarter BETWEEN 0 AND 4),
  area_code    text NOT NULL,
  area_level   smallint NOT NULL CHECK (area_level BETWEEN 1 AND 3),
  audience     text NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'restricted', 'unrestricted')),
  value        double precision CHECK (value IS NULL OR (value <> 'NaN' AND value <> 'Infinity' AND value <> '-Infinity')),
  numerator    double precision,
  denominator  double precision,
  status       text NOT NULL CHECK (status IN ('on_track', 'at_risk', 'off_track', 'no_target', 'no_data')),
  reason_code  text,
  reason       text,
  reason_en    text,
  -- The target and margin the status was judged against, so history keeps its judgement.
  target       double precision,
  margin       double precision NOT NULL DEFAULT 0,
  computed_at  timestamptz NOT NULL DEFAULT now(),
  run_id       integer,
  PRIMARY KEY (indicator_id, fiscal_year, quarter, area_code, audience),
  CHECK ((value IS NULL) = (status = 'no_data')),
  CHECK (length(area_code) = area_level * 2)
);
CREATE INDEX indicator_value_area_idx ON indicator_value (area_code, fiscal_year);

-- One row per computation: who asked, for which fiscal years, how long it took.
CREATE TABLE indicator_run (
  id             serial PRIMARY KEY,
  province_code  text NOT NULL,
  fiscal_years   integer[] NOT NULL,
  indicator_ids  integer[] NOT NULL,
  values_written integer NOT NULL DEFAULT 0,
  duration_ms    double precision,
  user_id        integer REFERENCES app_user (id) ON DELETE SET NULL,
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
CREATE INDEX indicator_run_province_idx ON indicator_run (province_code, started_at);
