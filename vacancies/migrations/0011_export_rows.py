"""Each vacancy's CSV cells, kept by PostgreSQL in a narrow table of their own.

The export read every chunk's duty stations and qualifications and aggregated
them per vacancy (about 190 ms for 2,000 vacancies on the two-core benchmark
machine): it was the export's limit. Like the search vector, the cells are now
derived by the database on every write, whoever makes it: a statement trigger
on the vacancies refreshes the rows of the vacancies a statement wrote, and the
related tables' triggers (migration 0002) touch their vacancies. The export
then reads one short row per vacancy (``vacancies.export.ROWS_SQL``).

Each text cell is stored as it goes into the file: neutralised (a leading
``= + - @``, tab or carriage return gets a single quote, as ``export.neutralise``)
and quoted as the ``csv`` module quotes (RFC 4180). What depends on the request
or the day stays raw and is finished by the export's query: the URL, the status
(closed by its date) and the cells that name countries, languages and degrees,
whose names come from the application (pycountry, ``Degree``) with each export.
Those are stored as arrays of codes, in ToR order, each once.

PostgreSQL only; SQLite's export formats every cell in Python. The table has no
foreign key, so that Django's flush (a TRUNCATE of its own tables) still works:
the triggers delete and truncate its rows with the vacancies'.
"""

from importlib import import_module

from django.db import migrations

# Runs SQL on PostgreSQL only, as migration 0002 does.
on_postgresql = import_module("vacancies.migrations.0002_search_vector").on_postgresql

FORWARD_SQL = r"""
CREATE FUNCTION vacancies_csv_quoted(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value ~ '[",\r\n]' THEN '"' || replace(value, '"', '""') || '"' ELSE coalesce(value, '') END
$$;

CREATE FUNCTION vacancies_csv_text(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT vacancies_csv_quoted(CASE WHEN left(value, 1) IN ('=', '+', '-', '@', E'\t', E'\r')
                                   THEN '''' || value ELSE value END)
$$;

CREATE TABLE vacancies_export_row (
  vacancy_id bigint PRIMARY KEY,
  -- raw, for the cells the export finishes
  slug text NOT NULL,
  status text NOT NULL,
  closes_on date,
  station_cities text[] NOT NULL,
  station_countries text[] NOT NULL,
  station_periods text[] NOT NULL,
  degrees text[] NOT NULL,
  languages_required text[] NOT NULL,
  languages_desirable text[] NOT NULL,
  languages_asset text[] NOT NULL,
  -- the finished cells, as written in the file
  reference text NOT NULL,
  title text NOT NULL,
  organization text NOT NULL,
  office text NOT NULL,
  sector text NOT NULL,
  countries text NOT NULL,
  duration_months text NOT NULL,
  grade text NOT NULL,
  non_family text NOT NULL,
  sponsor_country text NOT NULL,
  supervisor text NOT NULL,
  min_experience_years text NOT NULL,
  posted_on_cell text NOT NULL,
  closes_on_cell text NOT NULL,
  alternative_title text NOT NULL,
  duration text NOT NULL,
  nationalities text NOT NULL,
  age_limit text NOT NULL,
  competencies text NOT NULL
);

CREATE FUNCTION vacancies_refresh_export_rows(ids bigint[]) RETURNS void LANGUAGE sql AS $$
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
  vacancies_csv_text(array_to_string((ARRAY['P1', 'P2', 'P3'])[
    array_position(ARRAY['P1', 'P2', 'P3'], nullif(v.grade_min, '')) : array_position(ARRAY['P1', 'P2', 'P3'], v.grade_max)
  ], '; ')),
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
    string_agg(country, '; ' ORDER BY "order", id) FILTER (WHERE first) AS distinct_countries
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
    string_agg(country, '; ' ORDER BY "order", id)
      FILTER (WHERE category = 'nationality' AND country <> '') AS nationalities,
    string_agg(competency, '; ' ORDER BY "order", id)
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

CREATE FUNCTION vacancies_export_rows_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM vacancies_refresh_export_rows(ARRAY(SELECT id FROM written_rows));
  RETURN NULL;
END $$;

CREATE FUNCTION vacancies_export_rows_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_export_row WHERE vacancy_id IN (SELECT id FROM written_rows);
  RETURN NULL;
END $$;

CREATE FUNCTION vacancies_export_rows_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE vacancies_export_row;
  RETURN NULL;
END $$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
CREATE TRIGGER vacancies_vacancy_export_insert AFTER INSERT ON vacancies_vacancy
  REFERENCING NEW TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_export_rows_written();
CREATE TRIGGER vacancies_vacancy_export_update AFTER UPDATE ON vacancies_vacancy
  REFERENCING NEW TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_export_rows_written();
CREATE TRIGGER vacancies_vacancy_export_delete AFTER DELETE ON vacancies_vacancy
  REFERENCING OLD TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_export_rows_deleted();
CREATE TRIGGER vacancies_vacancy_export_truncate AFTER TRUNCATE ON vacancies_vacancy
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_export_rows_truncated();

SELECT vacancies_refresh_export_rows(ARRAY(SELECT id FROM vacancies_vacancy));
"""

BACKWARD_SQL = """
DROP TRIGGER IF EXISTS vacancies_vacancy_export_insert ON vacancies_vacancy;
DROP TRIGGER IF EXISTS vacancies_vacancy_export_update ON vacancies_vacancy;
DROP TRIGGER IF EXISTS vacancies_vacancy_export_delete ON vacancies_vacancy;
DROP TRIGGER IF EXISTS vacancies_vacancy_export_truncate ON vacancies_vacancy;
DROP FUNCTION IF EXISTS vacancies_export_rows_truncated();
DROP FUNCTION IF EXISTS vacancies_export_rows_deleted();
DROP FUNCTION IF EXISTS vacancies_export_rows_written();
DROP FUNCTION IF EXISTS vacancies_refresh_export_rows(bigint[]);
DROP TABLE IF EXISTS vacancies_export_row;
DROP FUNCTION IF EXISTS vacancies_csv_text(text);
DROP FUNCTION IF EXISTS vacancies_csv_quoted(text);
"""


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0010_data_version_bulk_load")]

    operations = [migrations.RunPython(on_postgresql(FORWARD_SQL), on_postgresql(BACKWARD_SQL))]
