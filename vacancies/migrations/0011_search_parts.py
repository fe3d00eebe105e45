"""The search vectors cut by lexeme into 16 parts (``vacancies/sql/search_documents.sql``), one partition a part.

No model: only the database writes the table (its triggers) and reads it
(``vacancies_search_ranks``). Each part is a partition, so that ranking reads
the rows of one part together. It is filled when ``migrate`` installs the SQL
files (``vacancies.sql.install``).
"""

from django.db import migrations

PARTS = 16  # as vacancies_search_part() in search_documents.sql

CREATE = [
    "CREATE TABLE vacancies_search_part (part smallint NOT NULL, vacancy_id bigint NOT NULL,"
    " search_vector tsvector NOT NULL, PRIMARY KEY (part, vacancy_id)) PARTITION BY LIST (part)",
    *(
        f"CREATE TABLE vacancies_search_part_{n} PARTITION OF vacancies_search_part FOR VALUES IN ({n})"
        for n in range(PARTS)
    ),
]


class Migration(migrations.Migration):
    dependencies = [("vacancies", "0010_search_documents")]

    operations = [migrations.RunSQL(CREATE, "DROP TABLE vacancies_search_part")]
