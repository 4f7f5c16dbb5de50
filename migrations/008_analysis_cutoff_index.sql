-- Priority analysis: the data cut-off of a run is the latest change to an incident of its
-- provinces. Without this index that max reads every incident of the provinces (about 0.5 s over
-- 1,000,000 incidents); with it, one step from the end of the index per province.
CREATE INDEX incident_province_updated_idx ON incident (province_code, updated_at);
