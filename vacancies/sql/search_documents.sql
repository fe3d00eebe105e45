-- Each vacancy's search vector again, alone in a narrow table (vacancies_search_document, the
-- SearchDocument model), kept by PostgreSQL like the export's cells.
--
-- The list asks which vacancies a search matches (vacancies/listing.py) through the vector's GIN
-- index. On vacancies_vacancy that reads the heap page of every match, and a vacancy's row is wide
-- (its texts): a common word at 100,000 vacancies reads 24,000 pages, 100 ms and more. Here a row
-- is its id and the pointer to its vector, 5,900 kB for all of them: the same answer in 7 ms
-- (benchmarks/README.md). The vector is derived once, by vacancies_derive_columns()
-- (derived_columns.sql), and copied here by these statement triggers, whatever writes a vacancy.

CREATE OR REPLACE FUNCTION vacancies_copy_search_vectors_of_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO vacancies_search_document AS d (vacancy_id, search_vector)
  SELECT id, search_vector FROM written_rows
  ON CONFLICT (vacancy_id) DO UPDATE SET search_vector = excluded.search_vector;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vacancies_delete_search_documents_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_search_document WHERE vacancy_id IN (SELECT id FROM written_rows);
  RETURN NULL;
END $$;

-- DELETE, not TRUNCATE: Django's flush truncates both tables in one statement (export_cells.sql).
CREATE OR REPLACE FUNCTION vacancies_empty_search_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_search_document;
  RETURN NULL;
END $$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
CREATE OR REPLACE TRIGGER vacancies_vacancy_search_document_insert AFTER INSERT ON vacancies_vacancy
  REFERENCING NEW TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_copy_search_vectors_of_written();
CREATE OR REPLACE TRIGGER vacancies_vacancy_search_document_update AFTER UPDATE ON vacancies_vacancy
  REFERENCING NEW TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_copy_search_vectors_of_written();
CREATE OR REPLACE TRIGGER vacancies_vacancy_search_document_delete AFTER DELETE ON vacancies_vacancy
  REFERENCING OLD TABLE AS written_rows
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_delete_search_documents_of_deleted();
CREATE OR REPLACE TRIGGER vacancies_vacancy_search_document_truncate AFTER TRUNCATE ON vacancies_vacancy
  FOR EACH STATEMENT EXECUTE FUNCTION vacancies_empty_search_documents();
