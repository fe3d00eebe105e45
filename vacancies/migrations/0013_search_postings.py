"""Each lexeme's postings, a row a lexeme and block of vacancies, and the blocks marked stale (``search_documents.sql``).

No model, like the parts (0011): the database's triggers write the table and the list reads it
(``listing.matches``). Its columns are stored out of line without compression (``EXTERNAL``): a
common word's rows are read whole by every search of it, and decompressing them would cost more
than the disk they save. It is filled when ``migrate`` installs the SQL files.
"""

from django.db import migrations

CREATE = [
    "CREATE TABLE vacancies_search_posting (lexeme text NOT NULL, block integer NOT NULL, ids bytea NOT NULL,"
    " counts bytea NOT NULL, positions text NOT NULL, weights text NOT NULL, PRIMARY KEY (lexeme, block))",
    "CREATE INDEX vacancies_search_posting_block ON vacancies_search_posting (block)",
    # The blocks written by a transaction that could not rebuild them (search_documents.sql): no unique key.
    "CREATE TABLE vacancies_search_stale_block (id bigint GENERATED ALWAYS AS IDENTITY, block integer NOT NULL)",
    *(
        f"ALTER TABLE vacancies_search_posting ALTER COLUMN {column} SET STORAGE EXTERNAL"
        for column in ("ids", "counts", "positions", "weights")
    ),
]


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0012_search_parts_by_vacancy")]

    operations = [migrations.RunSQL(CREATE, "DROP TABLE vacancies_search_posting, vacancies_search_stale_block")]
