-- Each vacancy's search vector again, alone in a narrow table (vacancies_search_document, the
-- SearchDocument model), and cut by lexeme into 16 parts (vacancies_search_part), kept by
-- PostgreSQL like the export's cells.
--
-- The list asks which vacancies a search matches (vacancies/listing.py) through the vector's GIN
-- index. On vacancies_vacancy that reads the heap page of every match, and a vacancy's row is wide
-- (its texts): a common word at 100,000 vacancies reads 24,000 pages, 100 ms and more. Here a row
-- is its id and the pointer to its vector, 5,900 kB for all of them: the same answer in 7 ms
-- (benchmarks/README.md). The vector is derived once, by vacancies_derive_columns()
-- (derived_columns.sql), and copied here by these statement triggers, whatever writes a vacancy.
--
-- Ranking is another matter: ts_rank reads the whole vector of every match (about 5 kB, stored out
-- of line), 5 us a vacancy, 450 ms for a common word at 100,000. But ts_rank without normalization
-- (the list's) reads nothing of a vector but the entries of the query's own lexemes, their
-- positions and weights; and ts_delete leaves the positions of the lexemes it keeps as they were.
-- So the vector cut down to the lexemes of one part ranks a query whose lexemes are all in that
-- part exactly as the whole vector does, and the parts of several cut down to the query's lexemes
-- and read together as one vector rank any query of words. A part is about 300 bytes, kept in the
-- row: ranking a common word reads one part of each vacancy, a tenth of the time
-- (search_ranks.sql; tests/test_listing.py holds each rank to ts_rank of the whole vector).

CREATE OR REPLACE FUNCTION vacancies_search_part(lexeme text) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  -- md5, not hashtext: the same part for a lexeme on every PostgreSQL version (16 parts: migration 0011).
  SELECT (get_byte(decode(md5(lexeme), 'hex'), 0) % 16)::smallint
$$;

CREATE OR REPLACE FUNCTION vacancies_search_parts(vector tsvector) RETURNS TABLE (part smallint, search_vector tsvector)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH lexemes AS MATERIALIZED (
    SELECT lexeme, vacancies_search_part(lexeme) AS part FROM unnest(tsvector_to_array(vector)) AS lexeme
  )
  SELECT parts.part, ts_delete(vector, ARRAY(SELECT lexeme FROM lexemes WHERE lexemes.part <> parts.part))
  FROM (SELECT DISTINCT lexemes.part FROM lexemes) AS parts
$$;

-- The vectors written, copied where they are new or changed; and the parts of those, cut again.
CREATE OR REPLACE FUNCTION vacancies_copy_search_vectors_of_written() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed bigint[];
BEGIN
  WITH copied AS (
    INSERT INTO vacancies_search_document AS d (vacancy_id, search_vector)
    SELECT id, search_vector FROM written_rows
    ON CONFLICT (vacancy_id) DO UPDATE SET search_vector = excluded.search_vector
    WHERE d.search_vector IS DISTINCT FROM excluded.search_vector
    RETURNING d.vacancy_id
  )
  SELECT array_agg(vacancy_id) INTO changed FROM copied;
  DELETE FROM vacancies_search_part WHERE vacancy_id IN (SELECT unnest(changed));
  INSERT INTO vacancies_search_part (part, vacancy_id, search_vector)
  SELECT p.part, w.id, p.search_vector FROM written_rows w, vacancies_search_parts(w.search_vector) p
  WHERE w.id IN (SELECT unnest(changed));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vacancies_delete_search_documents_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_search_part WHERE vacancy_id IN (SELECT id FROM written_rows);
  DELETE FROM vacancies_search_document WHERE vacancy_id IN (SELECT id FROM written_rows);
  RETURN NULL;
END $$;

-- DELETE, not TRUNCATE: Django's flush truncates both tables in one statement (export_cells.sql).
-- The parts are no model's: flush leaves them to this trigger.
CREATE OR REPLACE FUNCTION vacancies_empty_search_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_search_document;
  TRUNCATE vacancies_search_part;
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
