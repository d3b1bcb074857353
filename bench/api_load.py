"""Loading the read-API benchmark's database (bench_api.py): 1,000,000 organisations, 1,000
bodies, 3,000,000 memberships (one body with 20,000 current members) and 200,000 events, made
in SQL with ``generate_series``. The data is SYNTHETIC: names recombined from a few word lists
with a running number."""

from __future__ import annotations

import time

ORGANIZATIONS = 1_000_000
BODIES = 1_000
MEMBERSHIPS = 3_000_000
BIG_BODY_MEMBERS = 20_000
EVENTS = 200_000

REGIONS = "北京 天津 河北 山西 辽宁 吉林 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 陕西 甘肃 青海 宁夏 新疆 福州 厦门 泉州 苏州 无锡 宁波 温州 青岛 烟台 长沙 株洲 成都".split()  # noqa: E501, SIM905
FIELDS = "智能装备 现代物流 新能源汽车 轨道交通 电子信息 数字经济 现代农业 健康养老 文化旅游 航空航天 生物医药 化工新材料 海洋工程 纺织服装 食品加工 建筑工程 电力能源 港口航运 冶金钢铁 集成电路 软件服务 跨境电商 医疗器械 船舶制造 光伏储能".split()  # noqa: E501, SIM905
KINDS = [
    ("职业技术学院", "vocational_college"),
    ("职业学院", "vocational_college"),
    ("技师学院", "secondary_school"),
    ("中等职业学校", "secondary_school"),
    ("大学", "university"),
    ("科技有限公司", "enterprise"),
    ("集团有限公司", "enterprise"),
    ("股份有限公司", "enterprise"),
    ("制造有限公司", "enterprise"),
    ("行业协会", "association"),
    ("研究院", "research_institute"),
    ("产业园管理委员会", "industrial_park"),
]
BODY_KINDS = ["职业教育集团", "产教融合共同体", "市域产教联合体", "产教联盟"]
EVENT_KINDS = [
    ("成立大会", "founding_conference"),
    ("年会", "annual_meeting"),
    ("理事会会议", "council_meeting"),
    ("高峰论坛", "forum"),
    ("研讨会", "seminar"),
]


def _sql_array(words: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + w.replace("'", "''") + "'" for w in words) + "]"


# --- loading ------------------------------------------------------------------------------------


def _fill_missing(cursor, table: str, given: dict[str, str]) -> dict[str, str]:
    """``given`` plus a neutral value for every other NOT NULL column without a default, so the
    loader keeps working when a column is added to a model."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL",
        [table],
    )
    values = dict(given)
    neutral = {
        "boolean": "false",
        "integer": "0",
        "smallint": "0",
        "bigint": "0",
        "jsonb": "'{}'::jsonb",
        "date": "current_date",
        "timestamp with time zone": "now()",
    }
    for column, data_type in cursor.fetchall():
        if column not in values:
            values[column] = neutral.get(data_type, "''")
    return values


def _insert(cursor, table: str, given: dict[str, str], source: str) -> None:
    values = _fill_missing(cursor, table, given)
    columns = ", ".join(f'"{c}"' for c in values)
    cursor.execute(
        f'INSERT INTO "{table}" ({columns}) SELECT {", ".join(values.values())} {source}'
    )


def counts() -> dict[str, int]:
    from chanjiao.events.models import Event
    from chanjiao.registry.models import Body, Membership, Organization

    return {
        "organizations": Organization.objects.count(),
        "bodies": Body.objects.count(),
        "memberships": Membership.objects.count(),
        "events": Event.objects.count(),
    }


EXPECTED = {
    "organizations": ORGANIZATIONS,
    "bodies": BODIES,
    "memberships": MEMBERSHIPS,
    "events": EVENTS,
}


def sync_public_flags() -> None:
    """Set the stored ``Event.is_public`` the way the app's signals keep it (rows inserted in SQL
    pass no signal): without it every event is private and the lists time empty pages."""
    from chanjiao.events.models import Event
    from chanjiao.events.visibility import public_expression

    Event.objects.update(is_public=public_expression(Event, Event.bodies.through))


def load() -> None:
    """Empty the tables this benchmark fills and generate every row in SQL."""
    from django.db import connection

    started = time.monotonic()
    regions, fields = _sql_array(REGIONS), _sql_array(FIELDS)
    kinds = _sql_array([k for k, _ in KINDS])
    kind_codes = _sql_array([c for _, c in KINDS])
    with connection.cursor() as c:
        c.execute(
            "TRUNCATE registry_organization, registry_body, registry_membership, "
            "events_event, events_event_bodies, events_eventorganization RESTART IDENTITY CASCADE"
        )
        # Region, field and kind change at different rates, so that every combination exists
        # and a search for one of them finds a realistic share of the rows.
        n_r, n_f, n_k = len(REGIONS), len(FIELDS), len(KINDS)
        _insert(
            c,
            "registry_organization",
            {
                "id": "i",
                "name": f"({regions})[1 + i % {n_r}] || ({fields})[1 + (i / {n_r}) % {n_f}] || "
                f"({kinds})[1 + (i / {n_r * n_f}) % {n_k}] || '（' || i || '）'",
                "short_name": f"({regions})[1 + i % {n_r}] || ({fields})[1 + (i / {n_r}) % {n_f}]"
                " || i",
                "kind": f"({kind_codes})[1 + (i / {n_r * n_f}) % {n_k}]",
                "region": f"({regions})[1 + i % {n_r}]",
                "credit_code": "NULL",
                "aliases": "CASE WHEN i % 10 = 0 THEN '别名' || i ELSE '' END",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {ORGANIZATIONS}) AS i",
        )
        print(f"  organisations: {time.monotonic() - started:.0f} s", flush=True)
        body_kinds = _sql_array(BODY_KINDS)
        _insert(
            c,
            "registry_body",
            {
                "id": "i",
                "name": f"({regions})[1 + i % {n_r}] || ({fields})[1 + (i / {n_r}) % {n_f}] || "
                f"({body_kinds})[1 + i % 4] || '（' || i || '）'",
                "kind": "'vocational_education_group'",
                "level": "'provincial'",
                "status": "'active'",
                "is_published": "true",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {BODIES}) AS i",
        )
        # Body 1 has BIG_BODY_MEMBERS members, the others share the rest. Within a body the
        # organisations are distinct (see the arithmetic in the README); one in ten is former.
        rest = BODIES - 1
        _insert(
            c,
            "registry_membership",
            {
                "id": "k + 1",
                "body_id": f"CASE WHEN k < {BIG_BODY_MEMBERS} THEN 1 "
                f"ELSE 2 + (k - {BIG_BODY_MEMBERS}) % {rest} END",
                "organization_id": f"k % {ORGANIZATIONS} + 1",
                "role": "CASE WHEN k % 97 = 5 THEN 'vice_chair' WHEN k % 31 = 3 THEN "
                "'executive_member' ELSE 'member' END",
                "since": "date '2020-01-01' + (k % 1000)",
                "until": "CASE WHEN k % 10 = 9 THEN date '2024-01-01' + (k % 300) END",
                "contact": "''",
                "notes": "''",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(0, {MEMBERSHIPS - 1}) AS k",
        )
        print(f"  memberships: {time.monotonic() - started:.0f} s", flush=True)
        event_kinds = _sql_array([k for k, _ in EVENT_KINDS])
        event_codes = _sql_array([c for _, c in EVENT_KINDS])
        _insert(
            c,
            "events_event",
            {
                "id": "i",
                "name": f"({regions})[1 + i % {n_r}] || ({fields})[1 + (i / {n_r}) % {n_f}] || "
                f"({event_kinds})[1 + i % 5] || '（' || i || '）'",
                "kind": f"({event_codes})[1 + i % 5]",
                "theme": "''",
                "starts_on": "date '2015-01-01' + (i % 3650)",
                "ends_on": "date '2015-01-01' + (i % 3650) + 1",
                "venue": "''",
                "city": f"({regions})[1 + i % {n_r}]",
                "attendance_approx": "false",
                "description": "''",
                "source_url": "''",
                "is_published": "true",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {EVENTS}) AS i",
        )
        _insert(
            c,
            "events_event_bodies",
            {"id": "i", "event_id": "i", "body_id": f"1 + i % {BODIES}"},
            f"FROM generate_series(1, {EVENTS}) AS i",
        )
        _insert(
            c,
            "events_eventorganization",
            {
                "id": "2 * i + r",
                "event_id": "i",
                "organization_id": f"(i * 7 + r * 500000) % {ORGANIZATIONS} + 1",
                "role": "CASE WHEN r = 0 THEN 'organizer' ELSE 'host' END",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {EVENTS}) AS i, generate_series(0, 1) AS r",
        )
        sync_public_flags()
        print(f"  events: {time.monotonic() - started:.0f} s", flush=True)
        for table in (
            "registry_organization",
            "registry_body",
            "registry_membership",
            "events_event",
            "events_event_bodies",
            "events_eventorganization",
        ):
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    print(f"loaded in {time.monotonic() - started:.0f} s")
