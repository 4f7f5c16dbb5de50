-- Priority analysis (issue 3, section 1): named analysis profiles and the stored runs.
--
-- A run keeps a copy of the profile it used, the period, the provinces, the data cut-off and the
-- raw component values it ranked, so a later reader sees exactly what the province saw when it
-- decided, even after incidents are added or the profile is edited or deleted.

CREATE TABLE analysis_profile (
  id          serial PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  name_th     text NOT NULL,
  name_en     text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- The PriorityProfile of src/shared/priority.ts, as validateProfile accepted it.
  profile     jsonb NOT NULL,
  -- The pairwise comparisons the weights came from (AHP), with their consistency ratio, or null.
  ahp         jsonb,
  -- The shipped presets (security first, water first) cannot be edited or deleted: copy them.
  preset      boolean NOT NULL DEFAULT false,
  created_by  integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  integer REFERENCES app_user (id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE analysis_run (
  id              bigserial PRIMARY KEY,
  -- Null once the profile is deleted; profile_snapshot still says what was used.
  profile_id      integer REFERENCES analysis_profile (id) ON DELETE SET NULL,
  profile_name    text NOT NULL,
  profile_snapshot jsonb NOT NULL,
  -- '2568' or '2568Q2', and its half-open interval [period_start, period_end).
  period_label    text NOT NULL,
  period_start    timestamptz NOT NULL,
  period_end      timestamptz NOT NULL,
  province_codes  text[] NOT NULL CHECK (cardinality(province_codes) > 0),
  -- max(incident.updated_at) over the provinces when the run was made (now() when none).
  data_cutoff     timestamptz NOT NULL,
  area_count      integer NOT NULL,
  -- Per area: score, rank, component summary, rank movement; the top list; warnings; the raw
  -- component values (so one area's full explanation can be recomputed exactly).
  summary         jsonb NOT NULL,
  created_by      integer REFERENCES app_user (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end > period_start)
);
CREATE INDEX analysis_run_created_idx ON analysis_run (created_at DESC);
CREATE INDEX analysis_run_profile_idx ON analysis_run (profile_id);
