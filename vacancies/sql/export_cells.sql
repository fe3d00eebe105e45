-- Each vacancy's CSV cells (vacancies_export_row, the ExportRow model), kept by PostgreSQL.
--
-- The sponsors' export (vacancies/export.py) then reads one short row per vacancy instead of
-- aggregating its duty stations and qualifications on every download. A statement trigger on the
-- vacancies refreshes the rows of the vacancies a statement wrote; the related tables' triggers
-- (derived_columns.sql) rewrite their vacancies, so every write path refreshes them.
--
-- Each text cell is stored as it goes into the file: neutralised (a cell starting with one of
-- vacancies_csv_formula_starts() gets a leading single quote) and quoted as RFC 4180 and Python's
-- csv module quote. The separator of several values, the formula starts and the grades come from
-- the application: vacancies.sql.install() defines vacancies_csv_separator(),
-- vacancies_csv_formula_starts() and vacancies_grades() from vacancies.export and Grade.
-- What depends on the request, the day or the application's names stays raw (codes, in ToR order,
-- each once), and the export's query finishes it.

CREATE OR REPLACE FUNCTION vacancies_csv_quoted(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value ~ '[",\r\n]' THEN '"' || replace(value, '"', '""') || '"' ELSE coalesce(value, '') END
$$;

CREATE OR REPLACE FUNCTION vacancies_csv_text(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT vacancies_csv_quoted(CASE WHEN left(value, 1) = ANY(vacancies_csv_formula_starts())
                                   THEN '''' || value ELSE value END)
$$;

CREATE OR REPLACE FUNCTION vacancies_refresh_export_rows(ids bigint[]) RETURNS void LANGUAGE sql AS $$
INSERT INTO vacancies_export_row AS e (
  vacancy_id, slug, status, closes_on,
  station_cities, station_countries, station_periods,
  degrees, languages_required, languages_desirable, languages_asset,
  reference, title, organization, office, sector, countries, duration_months, grade, non_family,
  sponsor_country, supervisor, min_experience_years, posted_on_cell, closes_on_cell,
  alternative_title, duration, nationalities, age_limit, competencies)
SELECT v.id, v.slug, v.status, v.closes_on,
  coalesce(st.cities, '{}'), coalesce(st.countries, '{}'), coalesce(st.periods, '{}'),
  coalesce(q.degrees, '{}'), coalesce(q.languages_required, '{}'), coalesce(q.languages_desirable, '{}'),
  coalesce(q.languages_asset, '{}'),
  vacancies_csv_text(v.reference),
  vacancies_csv_text(v.title),
  vacancies_csv_text(v.organization),
  vacancies_csv_text(v.office),
  vacancies_csv_text(v.sector),
  vacancies_csv_text(st.distinct_countries),
  coalesce(v.duration_months::text, ''),
  vacancies_csv_text(array_to_string((vacancies_grades())[
    array_position(vacancies_grades(), nullif(v.grade_min, '')) : array_position(vacancies_grades(), v.grade_max)
  ], vacancies_csv_separator())),
  vacancies_csv_text(v.non_family),
  vacancies_csv_text(v.sponsor_country),
  vacancies_csv_text(sv.supervisor_title),
  coalesce(v.min_experience_years::text, ''),
  coalesce(to_char(v.posted_on, 'YYYY-MM-DD'), ''),
  coalesce(to_char(v.closes_on, 'YYYY-MM-DD'), ''),
  vacancies_csv_text(v.alternative_title),
  vacancies_csv_text(v.duration_text),
  vacancies_csv_text(q.nationalities),
  coalesce(v.age_limit::text, ''),
  vacancies_csv_text(q.competencies)
FROM vacancies_vacancy v
LEFT JOIN vacancies_supervision sv ON sv.vacancy_id = v.id
LEFT JOIN (
  -- ``first`` marks the first station of each country: the countries cell names each once.
  SELECT vacancy_id,
    array_agg(city ORDER BY "order", id) AS cities,
    array_agg(country ORDER BY "order", id) AS countries,
    array_agg(period ORDER BY "order", id) AS periods,
    string_agg(country, vacancies_csv_separator() ORDER BY "order", id) FILTER (WHERE first) AS distinct_countries
  FROM (
    SELECT *, row_number() OVER (PARTITION BY vacancy_id, country ORDER BY "order", id) = 1 AS first
    FROM vacancies_dutystation WHERE vacancy_id = ANY(ids)
  ) stations
  GROUP BY vacancy_id
) st ON st.vacancy_id = v.id
LEFT JOIN (
  -- ``first`` marks the first of each degree, and of each language (its code in any case).
  SELECT vacancy_id,
    array_agg(degree ORDER BY "order", id)
      FILTER (WHERE first AND category = 'education' AND level = 'required' AND degree <> '') AS degrees,
    array_agg(language ORDER BY "order", id)
      FILTER (WHERE first AND category = 'language' AND level = 'required' AND language <> '') AS languages_required,
    array_agg(language ORDER BY "order", id)
      FILTER (WHERE first AND category = 'language' AND level = 'desirable' AND language <> '') AS languages_desirable,
    array_agg(language ORDER BY "order", id)
      FILTER (WHERE first AND category = 'language' AND level = 'asset' AND language <> '') AS languages_asset,
    string_agg(country, vacancies_csv_separator() ORDER BY "order", id)
      FILTER (WHERE category = 'nationality' AND country <> '') AS nationalities,
    string_agg(competency, vacancies_csv_separator() ORDER BY "order", id)
      FILTER (WHERE category = 'competency' AND competency <> '') AS competencies
  FROM (
    SELECT *, row_number() OVER (
      PARTITION BY vacancy_id, category, level, CASE category WHEN 'language' THEN lower(language) ELSE degree END
      ORDER BY "order", id
    ) = 1 AS first
    FROM vacancies_qualification
    WHERE vacancy_id = ANY(ids) AND category IN ('education', 'language', 'competency', 'nationality')
  ) qualifications
  GROUP BY vacancy_id
) q ON q.vacancy_id = v.id
WHERE v.id = ANY(ids)
ON CONFLICT (vacancy_id) DO UPDATE SET
  slug = excluded.slug, status = excluded.status, closes_on = excluded.closes_on,
  station_cities = excluded.station_cities, station_countries = excluded.station_countries,
  station_periods = excluded.station_periods, degrees = excluded.degrees,
  languages_required = excluded.languages_required, languages_desirable = excluded.languages_desirable,
  languages_asset = excluded.languages_asset, reference = excluded.reference, title = excluded.title,
  organization = excluded.organization, office = excluded.office, sector = excluded.sector,
  countries = excluded.countries, duration_months = excluded.duration_months, grade = excluded.grade,
  non_family = excluded.non_family, sponsor_country = excluded.sponsor_country, supervisor = excluded.supervisor,
  min_experience_years = excluded.min_experience_years, posted_on_cell = excluded.posted_on_cell,
  closes_on_cell = excluded.closes_on_cell, alternative_title = excluded.alternative_title,
  duration = excluded.duration, nationalities = excluded.nationalities, age_limit = excluded.age_limit,
  competencies = excluded.competencies
$$;

CREATE OR REPLACE FUNCTION vacancies_refresh_export_rows_of_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM vacancies_refresh_export_rows(ARRAY(SELECT id FROM written_rows));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vacancies_delete_export_rows_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_export_row WHERE vacancy_id IN (SELECT id FROM written_rows);
  RETURN NULL;
END $$;

-- DELETE, not TRUNCATE: Django's flush truncates both tables in one statement, and a TRUNCATE of a
-- table that statement holds open fails.
CREATE OR REPLACE FUNCTION vacancies_empty_export_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_export_row;
  RETURN NULL;
END $$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
CREATE OR REPLACE TRIGGER vacancies_vacancy_export_insert AFTER INSERT ON vacancies_vacancy
  REFERENCING NEW TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_refresh_export_rows_of_written();
CREATE OR REPLACE TRIGGER vacancies_vacancy_export_update AFTER UPDATE ON vacancies_vacancy
  REFERENCING NEW TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_refresh_export_rows_of_written();
CREATE OR REPLACE TRIGGER vacancies_vacancy_export_delete AFTER DELETE ON vacancies_vacancy
  REFERENCING OLD TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_delete_export_rows_of_deleted();
CREATE OR REPLACE TRIGGER vacancies_vacancy_export_truncate AFTER TRUNCATE ON vacancies_vacancy
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_empty_export_rows();
