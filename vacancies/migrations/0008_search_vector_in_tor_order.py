"""The search vector joins duties, duty stations and qualifications in the ToR's order.

Without an order, a reload (loaddata, pg_restore) could join them differently
and shift word positions, and with them phrase matches and ranking.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION vacancies_compute_search_vector(v vacancies_vacancy) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector('english', concat_ws(' ', v.title, v.alternative_title,
      (SELECT string_agg(d.text, ' ' ORDER BY d."order", d.id) FROM vacancies_duty d WHERE d.vacancy_id = v.id))), 'A')
    || setweight(to_tsvector('english', concat_ws(' ', v.reference, v.organization, v.office, v.sector,
      (SELECT string_agg(concat_ws(' ', s.city, s.country, s.period), ' ' ORDER BY s."order", s.id)
         FROM vacancies_dutystation s WHERE s.vacancy_id = v.id),
      (SELECT string_agg(concat_ws(' ', q.competency, q.text), ' ' ORDER BY q."order", q.id)
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
"""


def in_tor_order(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute("UPDATE vacancies_vacancy SET search_vector = NULL")


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0007_derived_filter_columns")]

    operations = [migrations.RunPython(in_tor_order, migrations.RunPython.noop)]
