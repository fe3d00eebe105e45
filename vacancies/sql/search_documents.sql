-- Each vacancy's search vector again, alone in a narrow table (vacancies_search_document, the
-- SearchDocument model), cut by lexeme into 16 parts (vacancies_search_part), and turned into each
-- lexeme's postings (vacancies_search_posting, below), kept by PostgreSQL like the export's cells.
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
-- (search_ranks.sql; tests/test_listing.py holds each rank to ts_rank of the whole vector). A search
-- of plain words needs neither: its lexemes' postings answer it (below).

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

-- Each lexeme's postings: the vacancies whose vectors hold it, and its positions and weights in
-- each, one row a lexeme and block of 128 consecutive vacancy ids. A search of plain words reads
-- its lexemes' rows (vacancies_search in search_ranks.sql, then listing.matches): which vacancies
-- hold all of them, and the positions ts_rank reads of each, in a few milliseconds, where ranking
-- reads each match's whole vector (about 5 kB, out of line): 250 ms for two words at 100,000
-- vacancies (benchmarks/README.md). The list computes the ranks from the positions with ts_rank's
-- arithmetic (vacancies/ranks.py); tests/test_listing.py holds both to the database's @@ and ts_rank.
--
-- Columns, each a block's entries in the order of their ids: ids (int8send of each), counts (int2send
-- of how many positions each has), positions (the positions, comma-separated) and weights (a letter
-- a position).
--
-- A write marks the blocks of the vectors it changed stale (vacancies_search_stale_block, no
-- unique key: an insert never waits), and reads take a stale block's postings from its vectors
-- (vacancies_search). When the writer commits, a deferred trigger rebuilds every stale block it
-- sees, from the vectors (about 40,000 (lexeme, position) pairs a block, tens of milliseconds), and
-- removes the marks it saw: once a transaction, however many statements it ran (an admin save
-- runs dozens). One transaction at a time may rebuild, the one holding the advisory lock below
-- until it commits; one that cannot have it (the generator's loaders commit side by side) does not
-- wait: its marks stay, for the next to rebuild. A mark committed after a rebuilder's snapshot is
-- not seen, so it stays. Nothing waits for a lock here, so nothing can deadlock.
CREATE OR REPLACE FUNCTION vacancies_search_block(vacancy_id bigint) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (vacancy_id >> 7)::integer  -- 128 vacancies a block
$$;

-- Rebuilds every stale block this transaction sees, unless another transaction is rebuilding
-- (then: false). No parallel workers: they would hand the aggregates their rows out of the
-- subquery's order.
CREATE OR REPLACE FUNCTION vacancies_rebuild_search_postings() RETURNS boolean LANGUAGE plpgsql
  SET max_parallel_workers_per_gather = 0 AS $$
DECLARE
  blocks integer[];
  chunk integer[];
  seen bigint[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('vacancies_search_posting')) THEN
    RETURN false;
  END IF;
  SELECT array_agg(id), coalesce(array_agg(DISTINCT block), '{}') INTO seen, blocks
  FROM vacancies_search_stale_block;
  -- 64 blocks (8,192 vacancies) a statement: each statement's sort stays small.
  FOR chunk IN SELECT array_agg(DISTINCT b) FROM unnest(blocks) AS b GROUP BY b / 64 ORDER BY b / 64 LOOP
    DELETE FROM vacancies_search_posting WHERE block = ANY (chunk);
    -- Each aggregate takes its rows in the order the subquery sorted them (one sort of the chunk's
    -- rows), not a sort of its own per group, per column (10,000 sorts a block, most of the time).
    INSERT INTO vacancies_search_posting (lexeme, block, ids, counts, positions, weights)
    SELECT s.lexeme, s.block, string_agg(s.id, ''), string_agg(s.count, ''),
      coalesce(string_agg(s.positions, ','), ''), coalesce(string_agg(s.weights, ''), '')
    FROM (
      SELECT u.lexeme, b.block, int8send(d.vacancy_id) AS id,
        int2send(coalesce(cardinality(u.positions), 0)::smallint) AS count,
        array_to_string(u.positions, ',') AS positions, array_to_string(u.weights, '') AS weights
      FROM unnest(chunk) AS b (block)
      JOIN vacancies_search_document d
        ON d.vacancy_id >= b.block::bigint << 7 AND d.vacancy_id < (b.block::bigint + 1) << 7
      CROSS JOIN LATERAL unnest(d.search_vector) AS u
      ORDER BY u.lexeme, b.block, d.vacancy_id
    ) AS s
    GROUP BY s.lexeme, s.block;
  END LOOP;
  DELETE FROM vacancies_search_stale_block WHERE id = ANY (seen);
  RETURN true;
END $$;

-- At the commit of a transaction that marked a block stale: its first mark rebuilds (the others
-- find theirs gone).
CREATE OR REPLACE FUNCTION vacancies_rebuild_search_postings_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM vacancies_search_stale_block WHERE id = NEW.id) THEN
    PERFORM vacancies_rebuild_search_postings();
  END IF;
  RETURN NULL;
END $$;

-- A constraint trigger (deferred to the commit) cannot be created OR REPLACEd: dropped, then created,
-- once its table is there (migration 0013; the files are installed from migration 0002 on).
DO $$ BEGIN
  IF to_regclass('vacancies_search_stale_block') IS NOT NULL THEN
    DROP TRIGGER IF EXISTS vacancies_search_stale_block_rebuild ON vacancies_search_stale_block;
    CREATE CONSTRAINT TRIGGER vacancies_search_stale_block_rebuild AFTER INSERT ON vacancies_search_stale_block
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION vacancies_rebuild_search_postings_at_commit();
  END IF;
END $$;

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
  INSERT INTO vacancies_search_stale_block (block) SELECT DISTINCT vacancies_search_block(unnest(changed));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION vacancies_delete_search_documents_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_search_part WHERE vacancy_id IN (SELECT id FROM written_rows);
  DELETE FROM vacancies_search_document WHERE vacancy_id IN (SELECT id FROM written_rows);
  INSERT INTO vacancies_search_stale_block (block) SELECT DISTINCT vacancies_search_block(id) FROM written_rows;
  RETURN NULL;
END $$;

-- DELETE, not TRUNCATE: Django's flush truncates both tables in one statement (export_cells.sql).
-- The parts are no model's: flush leaves them to this trigger.
CREATE OR REPLACE FUNCTION vacancies_empty_search_documents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM vacancies_search_document;
  TRUNCATE vacancies_search_part, vacancies_search_posting, vacancies_search_stale_block;
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
