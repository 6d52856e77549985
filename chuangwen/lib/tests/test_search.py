import time

import pytest
from django.db import connection, transaction
from django.db.migrations.writer import MigrationWriter

from chuangwen.lib import search
from chuangwen.lib.search import CreateSearchIndex
from chuangwen.testing import make_unit
from chuangwen.units.models import Unit, UnitKind

NAME = "test_items"


def _apply(operation, forwards=True):
    # Not entered as a context manager: SQLite's editor refuses to enter inside the test's
    # transaction (it wants to switch foreign keys off); the operation only needs execute().
    editor = connection.schema_editor(atomic=False)
    if forwards:
        operation.database_forwards("lib", editor, None, None)
    else:
        operation.database_backwards("lib", editor, None, None)


@pytest.fixture
def make_index(db):
    created = []

    def make(name=NAME):
        _apply(CreateSearchIndex(name))
        created.append(name)
        return name

    yield make
    for name in created:
        _apply(CreateSearchIndex(name), forwards=False)


@pytest.fixture
def items(make_index):
    make_index()
    search.index_many(
        NAME,
        [
            (1, "解放大道人行道上有占道经营"),
            (2, "中山路 垃圾桶满溢，无人清运"),
            (3, "解放大道公交站台小广告"),
            (4, "100% 完成率 a_b 项"),
            (5, 'say "hello" world'),
            (6, "ＡＢＣ　全角文字"),
        ],
    )
    return NAME


def ids(query, name=NAME):
    sql, params = search.matching_ids(name, query).as_sql(None, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql[1:-1], params)  # strip the subquery's parentheses
        return sorted(row[0] for row in cursor.fetchall())


def test_it_normalizes_width_space_and_ascii_case():
    assert search.normalize("  ＡＢＣ\u3000占道\n\t经营 Xy\x00z ") == "abc 占道 经营 xy z"
    assert search.normalize("ÄÖ 中文") == "ÄÖ 中文"  # only ASCII is lowercased
    assert search.normalize(None) == ""
    assert search.split_terms(" 占道  占道 经营 ") == ["占道", "经营"]


@pytest.mark.parametrize("query", ["占道经营", "人行道上有", "占道", "经", "解放大道人行道上有占道经营"])
def test_it_finds_chinese_substrings_of_any_length(items, query):
    assert ids(query) == [1]


def test_it_requires_every_term(items):
    assert ids("解放大道") == [1, 3]
    assert ids("解放大道 小广告") == [3]
    assert ids("解放 广告") == [3]  # two short terms
    assert ids("解放大道 经") == [1]  # long and short
    assert ids("解放大道 清运") == []


def test_it_has_no_false_positives(items):
    assert ids("占道清运") == []
    assert ids("道经 营") == [1]
    assert ids("大道经营") == []
    assert ids("停") == []


def test_it_matches_ascii_case_and_width_insensitively(items):
    assert ids("abc") == [6]
    assert ids("ＡＢＣ 全角") == [6]
    assert ids("HELLO") == [5]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("%", [4]),
        ("_", [4]),
        ("a_b", [4]),
        ("100%", [4]),
        ("%%%", []),
        ("___", []),
        ("a%b", []),
        ('"', [5]),
        ('"hello"', [5]),
        ('hello"', [5]),
        ('"hello" OR 占道', []),
        ("\\", []),
        ("*", []),
        ("NEAR(占道", []),
        ("hel*", []),
        ("'; DROP TABLE x; --", []),
    ],
)
def test_it_takes_quotes_and_wildcards_literally(items, query, expected):
    assert ids(query) == expected


def test_an_empty_query_selects_everything_indexed(items):
    assert ids("") == ids("  \u3000 ") == [1, 2, 3, 4, 5, 6]


def test_it_replaces_old_text_on_reindex(items):
    search.index(NAME, 1, "中山路井盖破损")
    assert ids("占道") == []
    assert ids("井盖") == [1]
    search.index_many(NAME, [(1, "井盖已修复"), (1, "占道已整改")])  # last one wins
    assert ids("井盖") == []
    assert ids("占道已整改") == [1]


def test_it_removes(items):
    search.remove(NAME, 1)
    search.remove(NAME, 999)  # not indexed: no error
    assert ids("解放大道") == [3]
    search.clear(NAME)
    assert ids("") == []


def test_indexes_are_separate(items, make_index):
    make_index("test_other")
    search.index("test_other", 1, "门前三包")
    assert ids("门前", name="test_other") == [1]
    assert ids("门前") == []
    assert ids("占道", name="test_other") == []


def test_it_refuses_bad_index_names():
    for name in ["", "Problems", "x;drop", "1abc", "a" * 41, None]:
        with pytest.raises(ValueError):
            search.matching_ids(name, "x")
    with pytest.raises(ValueError):
        CreateSearchIndex("bad-name")


def test_index_many_is_fast_for_ten_thousand_rows(make_index, capsys):
    make_index()
    streets = ["解放大道", "中山路", "建设大道", "江汉路", "沿江大道"]
    issues = ["占道经营", "垃圾满溢", "乱贴小广告", "井盖破损", "非机动车乱停放"]
    texts = {i: f"{streets[i % 5]}{i}号门前{issues[i // 5 % 5]}，编号{i:05d}" for i in range(1, 10_001)}
    start = time.perf_counter()
    with transaction.atomic():
        assert search.index_many(NAME, iter(texts.items())) == 10_000
    indexed = time.perf_counter() - start
    timings = []
    for query in ["解放大道 占道经营", "占道 江", "编号09999", "99号", "门"]:
        start = time.perf_counter()
        found = ids(query)
        timings.append(f"{query!r} {(time.perf_counter() - start) * 1000:.1f}ms")
        assert found == [i for i, text in texts.items() if all(t in text for t in query.split())]
    assert len(ids("解放大道 占道经营")) == 400
    with capsys.disabled():
        print(f"\n[{connection.vendor}] index_many 10,000 rows: {indexed:.3f}s; searches: {', '.join(timings)}")


def test_it_filters_a_queryset_in_one_query(make_index, django_assert_num_queries):
    name = make_index("test_units")
    city = make_unit(UnitKind.CITY, "示范市")
    units = [make_unit(UnitKind.DEPARTMENT, n, parent=city) for n in ["市城市管理局", "市交通运输局", "市市场监管局"]]
    search.index_many(name, [(u.pk, u.name) for u in [city, *units]])
    with django_assert_num_queries(1):
        found = list(Unit.objects.filter(pk__in=search.matching_ids(name, "管理局")).order_by("pk"))
    assert found == [units[0]]
    with django_assert_num_queries(1):
        names = set(
            search.filter_queryset(Unit.objects.filter(parent=city), name, "市 局").values_list("name", flat=True)
        )
    assert names == {"市城市管理局", "市交通运输局", "市市场监管局"}
    with django_assert_num_queries(1):
        assert search.filter_queryset(Unit.objects.all(), name, "监管 交通").count() == 0
    with django_assert_num_queries(1):  # empty query: no filter, not even on being indexed
        assert search.filter_queryset(Unit.objects.all(), name, " ").count() == 4
    make_unit(UnitKind.DEPARTMENT, "未索引局", parent=city)
    assert search.filter_queryset(Unit.objects.all(), name, "").count() == 5


def test_the_operation_is_reversible_and_serializable(db):
    operation = CreateSearchIndex("test_op")
    _apply(operation)
    search.index("test_op", 7, "门前三包")
    assert ids("三包", name="test_op") == [7]
    _apply(operation, forwards=False)
    with connection.cursor() as cursor:
        assert "search_test_op" not in connection.introspection.table_names(cursor)
    assert operation.describe() == "Create search index search_test_op"
    assert operation.migration_name_fragment == "search_test_op"
    code, imports = MigrationWriter.serialize(operation)
    assert code.strip().startswith("chuangwen.lib.search.CreateSearchIndex(")
    assert "'test_op'" in code or '"test_op"' in code
    assert "import chuangwen.lib.search" in imports


def test_the_operation_collects_sql_for_sqlmigrate(db):
    editor = connection.schema_editor(collect_sql=True, atomic=False)
    CreateSearchIndex("test_sql").database_forwards("lib", editor, None, None)
    sql = " ".join(editor.collected_sql)
    assert "search_test_sql" in sql
    assert ("trigram" in sql) if connection.vendor == "sqlite" else ("gin_trgm_ops" in sql)
    with connection.cursor() as cursor:
        assert "search_test_sql" not in connection.introspection.table_names(cursor)
