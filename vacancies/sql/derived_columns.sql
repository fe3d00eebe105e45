-- Columns of vacancies_vacancy that PostgreSQL derives from the vacancy and its related rows.
--
-- Derived on every write, whoever makes it (the admin, loaddata, a bulk COPY, raw SQL), so that
-- search, the filters and their counts read one row per vacancy instead of many:
--   search_vector         the weighted full text of the whole ToR (GIN-indexed);
--   min_experience_years  the highest required minimum of years of experience;
--   required_languages    the required languages' ISO 639-1 codes, sorted and padded: ' en fr ';
--   nationality_codes     the only nationalities eligible (alpha-2, ToR order; empty: open to all);
--   required_degree       the highest required degree ('' when none is stated);
--   in_lieu_degree, in_lieu_years  the lower degree that required education row accepts instead,
--                         and the years it needs on top of the minimum (NULL: not stated);
--   language_requirements the required languages with their levels, ToR order: [["en", "fluent"], ...].
-- A row trigger computes them on the vacancy; statement triggers on the related tables rewrite the
-- vacancies whose duties, qualifications, duty stations or supervision changed, which re-derives them.
-- Installed by vacancies.sql.install() (README, "Changing a derivation").

-- Weights: A the title and duties; B reference, organization, office, sector, duty stations,
-- qualifications, supervisor; C the other sections; D the background and notes in another language.
-- Related rows are joined in ToR order, so that a reload gives the same word positions.
CREATE OR REPLACE FUNCTION vacancies_search_vector(v vacancies_vacancy) RETURNS tsvector
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

CREATE OR REPLACE FUNCTION vacancies_derive_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := vacancies_search_vector(NEW);
  NEW.min_experience_years := (
    SELECT max(q.min_years) FROM vacancies_qualification q
     WHERE q.vacancy_id = NEW.id AND q.category = 'experience' AND q.level = 'required');
  NEW.required_languages := coalesce((
    SELECT ' ' || string_agg(DISTINCT q.language, ' ' ORDER BY q.language) || ' ' FROM vacancies_qualification q
     WHERE q.vacancy_id = NEW.id AND q.category = 'language' AND q.level = 'required' AND q.language <> ''), '');
  NEW.nationality_codes := ARRAY(
    SELECT q.country FROM vacancies_qualification q
     WHERE q.vacancy_id = NEW.id AND q.category = 'nationality' AND q.country <> ''
     GROUP BY q.country ORDER BY min(q."order"), min(q.id));
  -- The highest required degree (vacancies_degrees(): Degree's order, lowest first) decides, with its route in lieu.
  SELECT coalesce(q.degree, ''), coalesce(q.in_lieu_degree, ''), q.in_lieu_years
    INTO NEW.required_degree, NEW.in_lieu_degree, NEW.in_lieu_years
    FROM vacancies_qualification q
   WHERE q.vacancy_id = NEW.id AND q.category = 'education' AND q.level = 'required' AND q.degree <> ''
   ORDER BY array_position(vacancies_degrees(), q.degree::text) DESC, q."order", q.id
   LIMIT 1;
  NEW.required_degree := coalesce(NEW.required_degree, '');
  NEW.in_lieu_degree := coalesce(NEW.in_lieu_degree, '');
  NEW.language_requirements := coalesce((
    SELECT jsonb_agg(jsonb_build_array(q.language, CASE WHEN q.language = '' THEN q.text ELSE q.proficiency END)
                     ORDER BY q."order", q.id)
      FROM vacancies_qualification q
     WHERE q.vacancy_id = NEW.id AND q.category = 'language' AND q.level = 'required'), '[]');
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER vacancies_vacancy_derive_columns BEFORE INSERT OR UPDATE ON vacancies_vacancy
  FOR EACH ROW EXECUTE FUNCTION vacancies_derive_columns();

-- A vacancy rewritten (to the same values) runs vacancies_derive_columns() again.
CREATE OR REPLACE FUNCTION vacancies_rederive_vacancies_of_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE vacancies_vacancy SET search_vector = NULL
   WHERE id IN (SELECT DISTINCT vacancy_id FROM changed_rows);
  RETURN NULL;
END $$;

-- An updated row may also have moved to another vacancy: both are re-derived.
CREATE OR REPLACE FUNCTION vacancies_rederive_vacancies_of_updated_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE vacancies_vacancy SET search_vector = NULL
   WHERE id IN (SELECT vacancy_id FROM changed_rows UNION SELECT vacancy_id FROM previous_rows);
  RETURN NULL;
END $$;

-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event and table.
CREATE OR REPLACE TRIGGER vacancies_duty_rederive_insert AFTER INSERT ON vacancies_duty
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_rows();
CREATE OR REPLACE TRIGGER vacancies_duty_rederive_delete AFTER DELETE ON vacancies_duty
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_rows();
CREATE OR REPLACE TRIGGER vacancies_duty_rederive_update AFTER UPDATE ON vacancies_duty
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_updated_rows();

CREATE OR REPLACE TRIGGER vacancies_qualification_rederive_insert AFTER INSERT ON vacancies_qualification
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_rows();
CREATE OR REPLACE TRIGGER vacancies_qualification_rederive_delete AFTER DELETE ON vacancies_qualification
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_rows();
CREATE OR REPLACE TRIGGER vacancies_qualification_rederive_update AFTER UPDATE ON vacancies_qualification
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_updated_rows();

CREATE OR REPLACE TRIGGER vacancies_dutystation_rederive_insert AFTER INSERT ON vacancies_dutystation
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_rows();
CREATE OR REPLACE TRIGGER vacancies_dutystation_rederive_delete AFTER DELETE ON vacancies_dutystation
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_rows();
CREATE OR REPLACE TRIGGER vacancies_dutystation_rederive_update AFTER UPDATE ON vacancies_dutystation
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_updated_rows();

CREATE OR REPLACE TRIGGER vacancies_supervision_rederive_insert AFTER INSERT ON vacancies_supervision
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_rows();
CREATE OR REPLACE TRIGGER vacancies_supervision_rederive_delete AFTER DELETE ON vacancies_supervision
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_rows();
CREATE OR REPLACE TRIGGER vacancies_supervision_rederive_update AFTER UPDATE ON vacancies_supervision
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_rederive_vacancies_of_updated_rows();
