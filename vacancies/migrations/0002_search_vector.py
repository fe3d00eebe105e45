import django.contrib.postgres.search
from django.db import migrations

# PostgreSQL keeps each vacancy's weighted search vector current by itself, so
# every write path (admin, loaddata, bulk inserts, raw SQL) is covered: a row
# trigger on the vacancy computes it from the vacancy and its related rows, and
# statement-level triggers on the related tables touch the vacancies they change.
# Weights: A title and duties; B reference, organization, office, sector, duty
# stations, qualifications, supervisor; C the other sections; D the background
# and notes in another language.
FORWARD_SQL = """
CREATE FUNCTION vacancies_compute_search_vector(v vacancies_vacancy) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector('english', concat_ws(' ', v.title, v.alternative_title,
      (SELECT string_agg(d.text, ' ') FROM vacancies_duty d WHERE d.vacancy_id = v.id))), 'A')
    || setweight(to_tsvector('english', concat_ws(' ', v.reference, v.organization, v.office, v.sector,
      (SELECT string_agg(concat_ws(' ', s.city, s.country, s.period), ' ')
         FROM vacancies_dutystation s WHERE s.vacancy_id = v.id),
      (SELECT string_agg(concat_ws(' ', q.competency, q.text), ' ')
         FROM vacancies_qualification q WHERE q.vacancy_id = v.id),
      (SELECT sv.supervisor_title FROM vacancies_supervision sv WHERE sv.vacancy_id = v.id))), 'B')
    || setweight(to_tsvector('english', concat_ws(' ', v.duties_intro, v.general_notes, v.grade_text,
      v.salary_and_benefits, v.duration_text, v.extension_terms, v.diversity_statement, v.learning_elements,
      v.how_to_apply,
      (SELECT concat_ws(' ', sv.content, sv.evaluation) FROM vacancies_supervision sv WHERE sv.vacancy_id = v.id)
    )), 'C')
    || setweight(to_tsvector('english', concat_ws(' ', v.background, v.other_language_notes_title,
      v.other_language_notes)), 'D')
$$;

CREATE FUNCTION vacancies_vacancy_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := vacancies_compute_search_vector(NEW);
  RETURN NEW;
END $$;

CREATE TRIGGER vacancies_vacancy_search BEFORE INSERT OR UPDATE ON vacancies_vacancy
  FOR EACH ROW EXECUTE FUNCTION vacancies_vacancy_search_trigger();

CREATE FUNCTION vacancies_touch_changed_vacancies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE vacancies_vacancy SET search_vector = NULL
   WHERE id IN (SELECT DISTINCT vacancy_id FROM changed_rows);
  RETURN NULL;
END $$;

CREATE FUNCTION vacancies_touch_updated_vacancies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE vacancies_vacancy SET search_vector = NULL
   WHERE id IN (SELECT vacancy_id FROM changed_rows UNION SELECT vacancy_id FROM previous_rows);
  RETURN NULL;
END $$;
"""

CHILD_TABLES = ["vacancies_duty", "vacancies_qualification", "vacancies_dutystation", "vacancies_supervision"]

# PostgreSQL allows transition tables only on single-event triggers: one trigger per event.
for table in CHILD_TABLES:
    FORWARD_SQL += f"""
CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table}
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_touch_changed_vacancies();
CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table}
  REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_touch_changed_vacancies();
CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table}
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_touch_updated_vacancies();
"""

FORWARD_SQL += """
UPDATE vacancies_vacancy SET search_vector = NULL;
CREATE INDEX vacancy_search_vector_gin ON vacancies_vacancy USING gin (search_vector);
"""

BACKWARD_SQL = (
    "DROP INDEX IF EXISTS vacancy_search_vector_gin;\n"
    + "".join(
        f"DROP TRIGGER IF EXISTS {table}_search_{event} ON {table};\n"
        for table in CHILD_TABLES
        for event in ("insert", "delete", "update")
    )
    + "DROP TRIGGER IF EXISTS vacancies_vacancy_search ON vacancies_vacancy;\n"
    + "DROP FUNCTION IF EXISTS vacancies_touch_updated_vacancies();\n"
    + "DROP FUNCTION IF EXISTS vacancies_touch_changed_vacancies();\n"
    + "DROP FUNCTION IF EXISTS vacancies_vacancy_search_trigger();\n"
    + "DROP FUNCTION IF EXISTS vacancies_compute_search_vector(vacancies_vacancy);\n"
)


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("vacancies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="vacancy",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(FORWARD_SQL), on_postgresql(BACKWARD_SQL)),
    ]
