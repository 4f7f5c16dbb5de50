-- Indicators, their targets and their computed values count as data changes for the dashboard's
-- cache (migration 012), like incidents and projects.
CREATE TRIGGER indicator_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER indicator_target_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_target FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER indicator_value_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_value FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
