-- Incidents: point -> sub-district assignment.
--
-- Why a partial index: every incident is assigned to the level-3 area (sub-district) that
-- contains its point. With the GiST index over all levels, each lookup also visits the
-- province, district (and village) entries whose boxes contain the point, and the nearest-area
-- search (KNN, ORDER BY geom <-> point) cannot skip them. An index over sub-districts only keeps
-- both searches to the few real candidates.
CREATE INDEX area_subdistrict_geom_idx ON area USING gist (geom) WHERE level = 3;
