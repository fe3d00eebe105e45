-- The ranks of a search, read from the parts of the vectors that hold its words where that is exact
-- (search_documents.sql says why it is). Query-time functions: they store nothing.

-- The lexemes of a query of words (joined by &, | and <->, as websearch_to_tsquery joins them),
-- read from its text, where each is quoted; NULL for any other query (a negated word: its matches
-- may hold none of the query's lexemes, which ts_rank ranks by the operator above them).
CREATE OR REPLACE FUNCTION vacancies_query_lexemes(query tsquery) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN regexp_replace(query::text, '''(?:[^'']|'''')*''', '', 'g') ~ '^[\s&|()<>0-9-]*$' THEN
    ARRAY(SELECT replace(replace(m[1], '''''', ''''), '\\', '\')
          FROM regexp_matches(query::text, '''((?:[^'']|'''')*)''', 'g') AS m)
  END
$$;

-- The share of the search vectors that hold every one of these lexemes, as the last ANALYZE of
-- vacancies_search_document estimated it: the product of each one's share among the most common
-- lexemes it counted, 0 for one it did not count (rarer than any it did); NULL when it counted
-- none (never analysed, or no rows), or for no lexemes.
CREATE OR REPLACE FUNCTION vacancies_search_share(lexemes text[]) RETURNS real
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN bool_or(f.share = 0) THEN 0 ELSE exp(sum(ln(nullif(f.share, 0)))) END
  FROM pg_stats s CROSS JOIN LATERAL (
    SELECT coalesce(s.most_common_elem_freqs[array_position(s.most_common_elems::text::text[], lexeme)], 0) AS share
    FROM unnest(lexemes) AS lexeme
  ) AS f
  WHERE s.schemaname = current_schema() AND s.tablename = 'vacancies_search_document' AND s.attname = 'search_vector'
    AND s.most_common_elems IS NOT NULL
$$;

-- (vacancy, ts_rank(weights, its vector, query)) for every vacancy the query matches, or for those
-- of ids that it matches. Which match: the GIN index of the narrow table (the caller keeps the
-- planner from reading every row instead: listing.matches). Their ranks: when every word of the
-- query is in one part, from that part (about 300 bytes a vacancy, in the row): by id for a few
-- matches, by reading the whole part when they are more than scan_share of its rows (how many: as
-- the last ANALYZE estimates it, vacancies_search_share, else counted); else (words
-- in several parts, a negated word) from the whole vectors. Reading several parts together as one
-- vector costs more than the whole vector (benchmarks/README.md): a query of words in two parts
-- still reads the whole vectors.
CREATE OR REPLACE FUNCTION vacancies_search_ranks(query tsquery, weights real[], ids bigint[], scan_share real)
  RETURNS TABLE (vacancy_id bigint, rank real) LANGUAGE plpgsql STABLE AS $$
DECLARE
  parts smallint[] := ARRAY(
    SELECT DISTINCT vacancies_search_part(lexeme) FROM unnest(vacancies_query_lexemes(query)) AS lexeme);
  part_rows real;
  matched real;
  earlier_seqscan text;
BEGIN
  IF cardinality(parts) <> 1 THEN
    IF ids IS NULL THEN
      RETURN QUERY SELECT d.vacancy_id, ts_rank(weights, d.search_vector, query)
        FROM vacancies_search_document d WHERE d.search_vector @@ query;
    ELSE
      RETURN QUERY SELECT d.vacancy_id, ts_rank(weights, d.search_vector, query)
        FROM vacancies_search_document d WHERE d.vacancy_id = ANY (ids) AND d.search_vector @@ query;
    END IF;
    RETURN;
  END IF;
  IF ids IS NULL THEN
    -- The part's rows as last analysed (-1: never, then by id).
    SELECT c.reltuples INTO part_rows FROM pg_class c WHERE c.oid = format('vacancies_search_part_%s', parts[1])::regclass;
    -- How many match: as the last ANALYZE of the vectors estimates it, which takes a catalog's row
    -- where counting the GIN index's matches of a common word takes 12 ms at 100,000 vacancies;
    -- counted when there is no estimate. Either way the ranks are the same, only the way differs.
    matched := vacancies_search_share(vacancies_query_lexemes(query))
      * (SELECT c.reltuples FROM pg_class c WHERE c.oid = 'vacancies_search_document'::regclass);
    IF matched IS NULL OR matched < 0 THEN  -- no statistics (reltuples -1: never analysed)
      ids := ARRAY(SELECT d.vacancy_id FROM vacancies_search_document d WHERE d.search_vector @@ query);
      matched := cardinality(ids);
    END IF;
    IF part_rows >= 0 AND matched > scan_share * part_rows THEN
      -- Every match, and the part matches as the whole vector does: all its words are in it. The
      -- caller turns sequential scans off (for the GIN index's matches); reading the whole part is
      -- one, and the planner's alternative, the part's primary key in order, takes twice as long.
      earlier_seqscan := current_setting('enable_seqscan');
      PERFORM set_config('enable_seqscan', 'on', true);
      RETURN QUERY SELECT p.vacancy_id, ts_rank(weights, p.search_vector, query)
        FROM vacancies_search_part p WHERE p.part = parts[1] AND p.search_vector @@ query;
      PERFORM set_config('enable_seqscan', earlier_seqscan, true);
      RETURN;
    END IF;
    -- By id: the matches, unless counting them above found them already (COALESCE stops at the first).
    ids := coalesce(ids,
      ARRAY(SELECT d.vacancy_id FROM vacancies_search_document d WHERE d.search_vector @@ query));
  END IF;
  RETURN QUERY SELECT p.vacancy_id, ts_rank(weights, p.search_vector, query)
    FROM vacancies_search_part p WHERE p.part = parts[1] AND p.vacancy_id = ANY (ids) AND p.search_vector @@ query;
END $$;

-- The lexemes of a query of plain words, all ANDed ('data' & 'protect', as websearch_to_tsquery
-- writes a search of words), each once; NULL for any other query (OR, a phrase, a negated word, no
-- word at all): those are the database's to match and rank (vacancies_search_ranks).
CREATE OR REPLACE FUNCTION vacancies_search_and_lexemes(query tsquery) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN query::text <> '' AND regexp_replace(query::text, '''(?:[^'']|'''')*''', '', 'g') ~ '^[\s&]*$' THEN
    ARRAY(SELECT DISTINCT lexeme FROM unnest(vacancies_query_lexemes(query)) AS lexeme ORDER BY 1)
  END
$$;

-- What a search matches, in one statement, however it is answered. A query of plain words: its
-- lexemes' postings (search_documents.sql), a row for each block of each (a stale block's as a
-- row for each of its vacancies, read from their vectors; a lexeme without any, one row of NULLs),
-- in no order: the caller puts each lexeme's rows in the order of (block, vacancy_id) and joins
-- them (sorting them here would sort megabytes), finds which vacancies hold every lexeme and
-- ranks them (vacancies/ranks.py). Only the ids unless ranked. Any other query: one row without a
-- word, the ids it matches (of ids) and, when ranked, their ranks (vacancies_search_ranks). Ids as
-- int8send, ranks as float4send, each column one value. A common word's rows are megabytes: the
-- function's result stays in memory (work_mem) rather than in a temporary file.
CREATE OR REPLACE FUNCTION vacancies_search(query tsquery, weights real[], ids bigint[], scan_share real, ranked boolean)
  RETURNS TABLE (word text, block integer, vacancy_id bigint, found_ids bytea, found_counts bytea,
                 found_positions text, found_weights text, found_ranks bytea)
  LANGUAGE plpgsql STABLE SET work_mem = '64MB' AS $$
DECLARE
  lexemes text[] := vacancies_search_and_lexemes(query);
BEGIN
  IF lexemes IS NOT NULL THEN
    RETURN QUERY WITH stale AS MATERIALIZED (SELECT DISTINCT s.block FROM vacancies_search_stale_block s),
    postings AS (
      SELECT p.lexeme, p.block, 0::bigint AS vacancy_id, p.ids, p.counts, p.positions, p.weights
      FROM vacancies_search_posting p WHERE p.lexeme = ANY (lexemes) AND p.block NOT IN (SELECT s.block FROM stale s)
      UNION ALL
      SELECT u.lexeme, s.block, d.vacancy_id, int8send(d.vacancy_id),
        int2send(coalesce(cardinality(u.positions), 0)::smallint), array_to_string(u.positions, ','),
        array_to_string(u.weights, '')
      FROM stale s JOIN vacancies_search_document d
        ON d.vacancy_id >= s.block::bigint << 7 AND d.vacancy_id < (s.block::bigint + 1) << 7
      CROSS JOIN LATERAL unnest(d.search_vector) AS u WHERE u.lexeme = ANY (lexemes)
    )
    SELECT l.lexeme, p.block, p.vacancy_id, p.ids, CASE WHEN ranked THEN p.counts END,
      CASE WHEN ranked THEN p.positions END, CASE WHEN ranked THEN p.weights END, NULL::bytea
    FROM unnest(lexemes) AS l (lexeme) LEFT JOIN postings p ON p.lexeme = l.lexeme;
  ELSIF ranked THEN
    RETURN QUERY SELECT NULL::text, NULL::integer, NULL::bigint,
      coalesce(string_agg(int8send(r.vacancy_id), ''::bytea), ''::bytea), NULL::bytea, NULL::text, NULL::text,
      coalesce(string_agg(float4send(r.rank), ''::bytea), ''::bytea)
      FROM vacancies_search_ranks(query, weights, ids, scan_share) r;
  ELSIF ids IS NULL THEN
    RETURN QUERY SELECT NULL::text, NULL::integer, NULL::bigint,
      coalesce(string_agg(int8send(d.vacancy_id), ''::bytea), ''::bytea), NULL::bytea, NULL::text, NULL::text,
      NULL::bytea
      FROM vacancies_search_document d WHERE d.search_vector @@ query;
  ELSE
    RETURN QUERY SELECT NULL::text, NULL::integer, NULL::bigint,
      coalesce(string_agg(int8send(d.vacancy_id), ''::bytea), ''::bytea), NULL::bytea, NULL::text, NULL::text,
      NULL::bytea
      FROM vacancies_search_document d WHERE d.vacancy_id = ANY (ids) AND d.search_vector @@ query;
  END IF;
END $$;
