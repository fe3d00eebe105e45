"""The schema in one migration: the eleven migrations before it, squashed (0001_initial ... 0011_export_rows).

A database made by those migrations takes this one as applied and goes on
with 0002, which installs the SQL files of vacancies/sql/ in place of the
functions and triggers they had made. The "HR staff" group is made here too.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


GROUP = "HR staff"
GROUP_MODELS = ["vacancy", "supervision", "dutystation", "duty", "qualification"]
GROUP_ACTIONS = ["view", "add", "change", "delete"]


def create_hr_staff_group(apps, schema_editor):
    """View, add, change and delete on the vacancy's models, nothing else (least privilege)."""
    from django.contrib.auth.management import create_permissions

    # On a fresh database the permissions are only created after all migrations (post_migrate):
    # create this app's now. The stub app config has no models module, which create_permissions
    # would take as "no models".
    app_config = apps.get_app_config("vacancies")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in GROUP_MODELS for action in GROUP_ACTIONS]
    permissions = Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="vacancies", codename__in=codenames
    )
    if permissions.count() != len(codenames):
        raise RuntimeError("The vacancy models' permissions could not be created.")
    group, _ = Group.objects.using(schema_editor.connection.alias).get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_hr_staff_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("vacancies", "0001_initial"),
        ("vacancies", "0002_search_vector"),
        ("vacancies", "0003_constraint_messages"),
        ("vacancies", "0004_hr_staff_group"),
        ("vacancies", "0005_data_version"),
        ("vacancies", "0006_list_indexes"),
        ("vacancies", "0007_derived_filter_columns"),
        ("vacancies", "0008_search_vector_in_tor_order"),
        ("vacancies", "0009_qualification_vacancy_index"),
        ("vacancies", "0010_data_version_bulk_load"),
        ("vacancies", "0011_export_rows"),
    ]

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='ExportRow',
            fields=[
                ('vacancy_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('slug', models.TextField()),
                ('status', models.TextField()),
                ('closes_on', models.DateField(null=True)),
                ('station_cities', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
                ('station_countries', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
                ('station_periods', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
                ('degrees', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
                ('languages_required', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
                ('languages_desirable', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
                ('languages_asset', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), size=None)),
                ('reference', models.TextField()),
                ('title', models.TextField()),
                ('organization', models.TextField()),
                ('office', models.TextField()),
                ('sector', models.TextField()),
                ('countries', models.TextField()),
                ('duration_months', models.TextField()),
                ('grade', models.TextField()),
                ('non_family', models.TextField()),
                ('sponsor_country', models.TextField()),
                ('supervisor', models.TextField()),
                ('min_experience_years', models.TextField()),
                ('posted_on_cell', models.TextField()),
                ('closes_on_cell', models.TextField()),
                ('alternative_title', models.TextField()),
                ('duration', models.TextField()),
                ('nationalities', models.TextField()),
                ('age_limit', models.TextField()),
                ('competencies', models.TextField()),
            ],
            options={
                'db_table': 'vacancies_export_row',
            },
        ),
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.BigIntegerField(default=0)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='dataversion_single_row')],
            },
        ),
        migrations.CreateModel(
            name='Vacancy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(blank=True, help_text="The ToR's own reference code; blank when the ToR has none.", max_length=40)),
                ('slug', models.SlugField(max_length=120, unique=True)),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('closed', 'Closed')], default='draft', max_length=10)),
                ('posted_on', models.DateField(blank=True, null=True)),
                ('closes_on', models.DateField(blank=True, help_text='Blank when the ToR states no closing date.', null=True)),
                ('title', models.CharField(max_length=300)),
                ('alternative_title', models.CharField(blank=True, max_length=300)),
                ('sector', models.CharField(max_length=200, verbose_name='sector of assignment')),
                ('organization', models.CharField(help_text='The UN entity, short form used for filtering (UNODC, OHCHR, DPO).', max_length=100)),
                ('office', models.CharField(blank=True, help_text="The ToR's Organization/Office line, in full.", max_length=500, verbose_name='organization/office')),
                ('non_family', models.CharField(choices=[('yes', 'Yes'), ('no', 'No'), ('not_stated', 'Not stated')], default='not_stated', max_length=10, verbose_name='non-family duty station')),
                ('duration_months', models.PositiveSmallIntegerField(blank=True, help_text='Blank when the ToR states none.', null=True, validators=[django.core.validators.MinValueValidator(1)])),
                ('duration_text', models.CharField(blank=True, help_text='The duration as the ToR words it.', max_length=300)),
                ('extension_terms', models.TextField(blank=True)),
                ('grade_min', models.CharField(blank=True, choices=[('P1', 'P1'), ('P2', 'P2'), ('P3', 'P3')], max_length=2)),
                ('grade_max', models.CharField(blank=True, choices=[('P1', 'P1'), ('P2', 'P2'), ('P3', 'P3')], help_text='Same as the lowest grade when only one is open.', max_length=2)),
                ('grade_text', models.CharField(blank=True, help_text='The grade as the ToR words it.', max_length=200)),
                ('salary_and_benefits', models.TextField(blank=True)),
                ('sponsor_country', models.CharField(blank=True, help_text='ISO 3166-1 alpha-2 code of the sponsoring donor country; blank when not stated.', max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}\\Z', 'Enter an ISO 3166-1 alpha-2 country code in capitals, such as US or AT.')])),
                ('general_notes', models.TextField(blank=True, help_text='Other notes of the general information section.')),
                ('duties_intro', models.TextField(blank=True, help_text='The paragraphs before the list of duties.')),
                ('diversity_statement', models.TextField(blank=True, verbose_name='workforce diversity')),
                ('learning_elements', models.TextField(blank=True)),
                ('background', models.TextField(blank=True, verbose_name='background information')),
                ('age_limit', models.PositiveSmallIntegerField(blank=True, help_text='Oldest age at which a candidate may apply; blank when there is none.', null=True)),
                ('how_to_apply', models.TextField(blank=True, verbose_name='how to apply and eligibility')),
                ('other_language_notes_title', models.CharField(blank=True, max_length=200)),
                ('other_language_notes', models.TextField(blank=True, help_text='Notes the ToR gives in a language other than English.')),
                ('other_language_notes_language', models.CharField(blank=True, help_text='ISO 639-1 code, e.g. de.', max_length=2, validators=[django.core.validators.RegexValidator('^[a-z]{2}\\Z', 'Enter an ISO 639-1 language code in lower case, such as en or fr.')])),
                ('source_text', models.TextField(blank=True, help_text='The original ToR text, kept for provenance.')),
                ('min_experience_years', models.PositiveSmallIntegerField(blank=True, editable=False, help_text='The highest of the required minimum years of experience.', null=True)),
                ('required_languages', models.CharField(blank=True, default='', editable=False, help_text='ISO 639-1 codes of the required languages, sorted, space-separated and padded: " en fr ".', max_length=200)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name_plural': 'vacancies',
                'ordering': ['-posted_on', 'title'],
                'indexes': [models.Index(django.db.models.functions.text.Upper('organization'), name='vacancy_organization_idx'), models.Index(django.db.models.functions.text.Upper('sector'), name='vacancy_sector_idx'), models.Index(fields=['sponsor_country'], name='vacancy_sponsor_idx'), models.Index(fields=['grade_min', 'grade_max'], name='vacancy_grade_idx'), models.Index(models.OrderBy(models.F('posted_on'), descending=True, nulls_last=True), django.db.models.functions.text.Lower('title'), models.F('id'), condition=models.Q(('status', 'published')), include=('closes_on', 'title'), name='vacancy_newest_idx'), models.Index(models.OrderBy(models.F('closes_on'), nulls_last=True), django.db.models.functions.text.Lower('title'), models.F('id'), condition=models.Q(('status', 'published')), include=('title',), name='vacancy_closing_idx'), models.Index(django.db.models.functions.text.Lower('title'), models.F('id'), condition=models.Q(('status', 'published')), include=('closes_on', 'title'), name='vacancy_title_idx'), models.Index(condition=models.Q(('status', 'published')), fields=['sponsor_country'], include=('id', 'organization', 'sector', 'grade_min', 'grade_max', 'required_languages', 'min_experience_years', 'closes_on'), name='vacancy_facets_idx'), django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='vacancy_search_vector_gin')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('reference', ''), _negated=True), fields=('reference',), name='vacancy_reference_unique_when_present', violation_error_message='Another vacancy already has this reference.'), models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'published', 'closed'])), name='vacancy_status_valid'), models.CheckConstraint(condition=models.Q(('non_family__in', ['yes', 'no', 'not_stated'])), name='vacancy_non_family_valid'), models.CheckConstraint(condition=models.Q(('grade_min__in', ['', 'P1', 'P2', 'P3']), ('grade_max__in', ['', 'P1', 'P2', 'P3'])), name='vacancy_grade_valid'), models.CheckConstraint(condition=models.Q(models.Q(('grade_min', ''), ('grade_max', '')), models.Q(models.Q(('grade_min', ''), _negated=True), models.Q(('grade_max', ''), _negated=True), ('grade_min__lte', models.F('grade_max'))), _connector='OR'), name='vacancy_grade_range_valid', violation_error_message='Give both the lowest and the highest grade, the lowest first, or neither.'), models.CheckConstraint(condition=models.Q(('duration_months__isnull', True), ('duration_months__gte', 1), _connector='OR'), name='vacancy_duration_positive', violation_error_message='The duration must be at least one month.'), models.CheckConstraint(condition=models.Q(('closes_on__isnull', True), ('posted_on__isnull', True), ('closes_on__gte', models.F('posted_on')), _connector='OR'), name='vacancy_closes_after_posted', violation_error_message='The closing date cannot be before the posting date.')],
            },
        ),
        migrations.CreateModel(
            name='Supervision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('supervisor_title', models.CharField(blank=True, max_length=300)),
                ('content', models.TextField(blank=True, verbose_name='content and methodology of supervision')),
                ('evaluation', models.TextField(blank=True)),
                ('vacancy', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='supervision', to='vacancies.vacancy')),
            ],
        ),
        migrations.CreateModel(
            name='Qualification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('category', models.CharField(choices=[('education', 'Education'), ('experience', 'Work experience'), ('language', 'Languages'), ('skill', 'Other skills'), ('competency', 'UN competencies'), ('nationality', 'Nationality'), ('other', 'Other requirements')], max_length=20)),
                ('level', models.CharField(choices=[('required', 'Required'), ('desirable', 'Desirable'), ('asset', 'An asset')], default='required', max_length=20)),
                ('text', models.TextField()),
                ('min_years', models.PositiveSmallIntegerField(blank=True, help_text='Work experience only.', null=True, verbose_name='minimum years of experience')),
                ('degree', models.CharField(blank=True, choices=[('bachelor', "Bachelor's degree"), ('master', "Master's degree"), ('doctorate', 'Doctorate')], help_text='Education only.', max_length=20)),
                ('language', models.CharField(blank=True, help_text='ISO 639-1 code; languages only.', max_length=2, validators=[django.core.validators.RegexValidator('^[a-z]{2}\\Z', 'Enter an ISO 639-1 language code in lower case, such as en or fr.')])),
                ('proficiency', models.CharField(blank=True, help_text='Languages only, e.g. "fluent", "working knowledge", "B2".', max_length=50)),
                ('competency', models.CharField(blank=True, max_length=100, verbose_name='competency name')),
                ('country', models.CharField(blank=True, help_text='Nationality only: ISO 3166-1 alpha-2.', max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}\\Z', 'Enter an ISO 3166-1 alpha-2 country code in capitals, such as US or AT.')])),
                ('vacancy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='qualifications', to='vacancies.vacancy')),
            ],
            options={
                'ordering': ['vacancy', 'order', 'id'],
                'indexes': [models.Index(fields=['category', 'level', 'language'], name='qualification_lang_idx'), models.Index(fields=['vacancy', 'category', 'level'], name='qualification_vacancy_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('category__in', ['education', 'experience', 'language', 'skill', 'competency', 'nationality', 'other'])), name='qualification_category_valid'), models.CheckConstraint(condition=models.Q(('level__in', ['required', 'desirable', 'asset'])), name='qualification_level_valid'), models.CheckConstraint(condition=models.Q(('degree__in', ['', 'bachelor', 'master', 'doctorate'])), name='qualification_degree_valid')],
            },
        ),
        migrations.CreateModel(
            name='DutyStation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('city', models.CharField(max_length=100)),
                ('country', models.CharField(help_text='ISO 3166-1 alpha-2, e.g. US.', max_length=2, validators=[django.core.validators.RegexValidator('^[A-Z]{2}\\Z', 'Enter an ISO 3166-1 alpha-2 country code in capitals, such as US or AT.')])),
                ('period', models.CharField(blank=True, help_text='When the JPO serves here, e.g. "1st year".', max_length=100)),
                ('vacancy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='duty_stations', to='vacancies.vacancy')),
            ],
            options={
                'ordering': ['vacancy', 'order', 'id'],
                'indexes': [models.Index(fields=['country', 'vacancy'], name='dutystation_country_idx')],
            },
        ),
        migrations.CreateModel(
            name='Duty',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('kind', models.CharField(choices=[('responsibility', 'Responsibility'), ('result', 'Expected result')], default='responsibility', max_length=20)),
                ('text', models.TextField()),
                ('group', models.ForeignKey(blank=True, help_text='The numbered group or heading duty this item belongs to.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='items', to='vacancies.duty')),
                ('vacancy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='duties', to='vacancies.vacancy')),
            ],
            options={
                'verbose_name_plural': 'duties',
                'ordering': ['vacancy', 'order', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('kind__in', ['responsibility', 'result'])), name='duty_kind_valid')],
            },
        ),
        migrations.RunPython(create_hr_staff_group, delete_hr_staff_group),
    ]
