-- The data version (vacancies_dataversion, one row): a number that changes on every write to a
-- vacancy or any part of one, whoever writes. Cached pages are keyed by it (vacancies/cache.py), so
-- an HR edit reaches every process and host at once.
--
-- The version is "microseconds since 1970, and always more than before", so it never repeats, not
-- even after a restore from an older backup. A bulk load (generate_vacancies) sets
-- vacancies.bulk_load to 'on' for its transactions and bumps the version once at its end: each bump
-- holds the row's lock until commit, so loaders working at once would wait for each other.
-- Installed by vacancies.sql.install() (README, "Changing a derivation").

CREATE OR REPLACE FUNCTION vacancies_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('vacancies.bulk_load', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO vacancies_dataversion (id, version)
  VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
  ON CONFLICT (id) DO UPDATE SET version = greatest(
    vacancies_dataversion.version + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
  RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER vacancies_vacancy_data_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_vacancy
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_data_version();
CREATE OR REPLACE TRIGGER vacancies_supervision_data_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_supervision
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_data_version();
CREATE OR REPLACE TRIGGER vacancies_dutystation_data_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_dutystation
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_data_version();
CREATE OR REPLACE TRIGGER vacancies_duty_data_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_duty
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_data_version();
CREATE OR REPLACE TRIGGER vacancies_qualification_data_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_qualification
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_data_version();
