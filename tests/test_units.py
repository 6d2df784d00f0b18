"""The unit registry: file validation, the bundled Thanh Hóa registry, name resolution."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tdnv_rules.resources import rules_dir
from tdnv_rules.text import fold, normalize
from tdnv_rules.units import Registry, RegistryError, Unit, looks_like_person, unit_key

SEED = Path("/work/shared/seed/000_b9a1d01e8554143c.txt")
REGISTRY = Registry.default()
MAY_2024 = date(2024, 5, 31)
ROW = re.compile(r"^(\d+)\t([^\t\d][^\t]*)\t\d")

TONES = "\u0300\u0301\u0303\u0309\u0323"


def _seed_table_names() -> list[str]:
    """The unit column of the May-2024 table in the seed (rows 1–46)."""
    names = [m.group(2) for line in SEED.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line))]
    return names[:46]


def _old_tone_placement(text: str) -> str:
    """Move the tone of open oa/oe/uy syllables onto the second vowel (hóa → hoá)."""

    def move(match: re.Match[str]) -> str:
        word = unicodedata.normalize("NFD", match.group(0))
        tones = [ch for ch in word if ch in TONES]
        bare = "".join(ch for ch in word if ch not in TONES)
        if len(tones) != 1 or unicodedata.normalize("NFC", bare).lower()[-2:] not in ("oa", "oe", "uy"):
            return match.group(0)
        return unicodedata.normalize("NFC", bare + tones[0])

    return re.sub(r"[^\W\d_]+", move, text)


def _day_of(unit: Unit) -> date:
    """A day on which ``unit`` exists."""
    return unit.valid_from or MAY_2024


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ONE_UNIT = """
units:
  - id: sgtvt
    name: Sở Giao thông Vận tải
    kind: department
    aliases: [SGTVT]
    valid_from: null
    valid_to: null
    successors: []
"""


# --- the bundled registry ---------------------------------------------------------------------


def test_default_registry_lives_in_rules_dir():
    """Registry.default() reads rules/units/thanh-hoa.yaml."""
    assert str(rules_dir() / "units" / "thanh-hoa.yaml") == REGISTRY.source


def test_rules_dir_holds_the_units_folder():
    """rules_dir() points at the folder with the unit registry."""
    assert (rules_dir() / "units" / "thanh-hoa.yaml").is_file()


@pytest.mark.skipif(not SEED.exists(), reason="seed document not available")
def test_registry_starts_with_the_seed_table_in_its_order():
    """The first 46 units are the May-2024 table's rows, in order, with its names (Hoằng Hóa fixed)."""
    expected = [
        "UBND huyện Hoằng Hóa" if name == "UBND huyện Hoàng Hoá" else name for name in _seed_table_names()
    ]
    assert expected == [unit.name for unit in list(REGISTRY)[:46]]


@pytest.mark.skipif(not SEED.exists(), reason="seed document not available")
def test_every_seed_table_name_resolves_to_its_row():
    """Each table spelling, typo included, resolves to the unit of its row."""
    units = list(REGISTRY)[:46]
    resolved = [REGISTRY.resolve(name, MAY_2024) for name in _seed_table_names()]
    assert [unit.id for unit in units] == [r.unit.id if r else None for r in resolved]


def test_registry_as_of_may_2024_is_the_46_table_rows():
    """On a day of 2024 the registry holds exactly the 46 report rows."""
    assert [unit.id for unit in list(REGISTRY)[:46]] == [unit.id for unit in REGISTRY.as_of(MAY_2024)]


def test_registry_kinds_of_the_table_rows():
    """2 boards, 16 departments, the inspectorate and 27 district-level units."""
    kinds = [unit.kind for unit in list(REGISTRY)[:46]]
    assert (2, 16, 1, 27) == tuple(kinds.count(k) for k in ("board", "department", "inspectorate", "district"))


def test_ids_are_ascii_slugs():
    """Every id is a short ascii slug."""
    assert [] == [u.id for u in REGISTRY if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", u.id) or len(u.id) > 20]


def test_districts_end_before_july_2025():
    """District-level units end on 2025-06-30."""
    assert {date(2025, 6, 30)} == {unit.valid_to for unit in REGISTRY if unit.kind == "district"}


@pytest.mark.parametrize(
    ("old", "new"),
    [("sgtvt", "sxd-2025"), ("sxd", "sxd-2025"), ("skhdt", "stc-2025"), ("stc", "stc-2025"), ("snnptnt", "snnmt"), ("stnmt", "snnmt")],
)
def test_2025_mergers(old, new):
    """Merged departments end 2025-02-28 and are succeeded by the unit formed 2025-03-01."""
    assert (date(2025, 2, 28), (new,), date(2025, 3, 1)) == (
        REGISTRY[old].valid_to,
        REGISTRY[old].successors,
        REGISTRY[new].valid_from,
    )
    assert (REGISTRY[new],) == REGISTRY.successors_at(old, date(2025, 4, 1))


def test_get_and_contains():
    """get() returns a unit or None; `in` tests ids."""
    assert ("Sở Y tế", None, True, False) == (
        REGISTRY.get("syt").name,
        REGISTRY.get("nope"),
        "syt" in REGISTRY,
        "nope" in REGISTRY,
    )


# --- resolution ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "UBND huyện Hoằng Hoá",
        "UBND huyện Hoằng Hóa",
        "Ủy ban nhân dân huyện Hoằng Hoá",
        "Uỷ ban nhân dân huyện Hoằng Hóa",
        unicodedata.normalize("NFD", "UBND huyện Hoằng Hoá"),
        "UBND huyện Hoàng Hoá",
        "ubnd HUYỆN hoằng hóa",
        "huyện Hoằng Hóa",
        "UBND Hoằng Hóa",
    ],
)
def test_spellings_of_hoang_hoa_resolve_to_one_unit(name):
    """Tone placement, NFD, case and UBND/Ủy ban nhân dân do not matter."""
    assert "ubnd-hoang-hoa" == REGISTRY.resolve(name).unit.id


@pytest.mark.parametrize(
    ("name", "unit_id", "method"),
    [
        ("Sở Giao thông Vận tải", "sgtvt", "exact"),
        ("SGTVT", "sgtvt", "alias"),
        ("Sở GTVT", "sgtvt", "alias"),
        ("STNMT", "stnmt", "alias"),
        ("Sở TN&MT", "stnmt", "alias"),
        ("Sở TN và MT", "stnmt", "alias"),
        ("Sở Tài nguyên Môi trường", "stnmt", "exact"),
        ("Sở NN&PTNT", "snnptnt", "alias"),
        ("Sở Nông nghiệp và PTNT", "snnptnt", "exact"),
        ("Sở KH&ĐT", "skhdt", "alias"),
        ("Sở Lao động - Thương binh và Xã hội", "sldtbxh", "exact"),
        ("Sở Văn hóa, Thể thao và Du lịch", "svhttdl", "exact"),
        ("Sở Y tế tỉnh Thanh Hóa", "syt", "exact"),
        ("TP Thanh Hóa", "ubnd-thanh-hoa", "alias"),
        ("UBND TP. Thanh Hoá", "ubnd-thanh-hoa", "exact"),
        ("Thành phố Sầm Sơn", "ubnd-sam-son", "alias"),
        ("UBND TX Nghi Sơn", "ubnd-nghi-son", "exact"),
        ("UBND thị xã Bỉm Sơn", "ubnd-bim-son", "exact"),
        ("Thanh tra tỉnh Thanh Hóa", "thanh-tra-tinh", "exact"),
        ("UBND huyện Quảng Xươg", "ubnd-quang-xuong", "fuzzy"),
        ("Sở Kế hoạch Đầu tư", "skhdt", "exact"),
        ("Sở Tài nguyên và Môi trườg", "stnmt", "fuzzy"),
    ],
)
def test_resolve_examples(name, unit_id, method):
    """Names, abbreviations and small typos resolve with the expected method."""
    found = REGISTRY.resolve(name, MAY_2024)
    assert (unit_id, method) == (found.unit.id, found.method)


def test_exact_and_alias_score_100():
    """Exact and alias matches carry score 100; fuzzy ones less."""
    assert (100.0, 100.0, True) == (
        REGISTRY.resolve("Sở Y tế").score,
        REGISTRY.resolve("SYT").score,
        90 <= REGISTRY.resolve("UBND huyện Quảng Xươg").score < 100,
    )


@pytest.mark.parametrize(
    ("name", "unit_id"),
    [
        ("UBND huyện Như Thanh", "ubnd-nhu-thanh"),
        ("UBND huyện Như Xuân", "ubnd-nhu-xuan"),
        ("UBND huyen Nhu Thanh", "ubnd-nhu-thanh"),
        ("UBND huyện Như Thnh", "ubnd-nhu-thanh"),
        ("UBND huyện Như Xuan", "ubnd-nhu-xuan"),
        ("UBND huyện Thọ Xuân", "ubnd-tho-xuan"),
        ("UBND huyện Thường Xuân", "ubnd-thuong-xuan"),
        ("UBND huyện Quan Sơn", "ubnd-quan-son"),
        ("UBND huyện Quan Hóa", "ubnd-quan-hoa"),
    ],
)
def test_near_names_are_not_confused(name, unit_id):
    """Districts whose names differ by one word resolve to themselves, typo or not."""
    assert unit_id == REGISTRY.resolve(name).unit.id


@pytest.mark.parametrize(
    "name",
    [
        "Phan Tố Nga",
        "Hoàng Thị Hương Sen",
        "Lê Sỹ Nghiêm",
        "Văn Thư Hoằng Hóa",
        "Xã Nông Cống",
        "UBND tỉnh",
        "UBND tỉnh Thanh Hóa",
        "Văn phòng UBND tỉnh",
        "UBND huyện Tĩnh Gia",
        "",
        "   ",
        "Sở",
    ],
)
def test_names_that_are_not_units_do_not_resolve(name):
    """Persons, clerk accounts, the province and communes resolve to nothing."""
    assert REGISTRY.resolve(name) is None


def test_resolve_respects_validity():
    """A merged department no longer resolves after the merger; the new one takes its name."""
    assert (None, "sxd-2025", "sxd", "snnmt") == (
        REGISTRY.resolve("Sở GTVT", date(2025, 4, 1)),
        REGISTRY.resolve("Sở Xây dựng", date(2025, 4, 1)).unit.id,
        REGISTRY.resolve("Sở Xây dựng", MAY_2024).unit.id,
        REGISTRY.resolve("Sở NN&MT", date(2025, 4, 1)).unit.id,
    )


def test_resolve_accepts_a_datetime():
    """A datetime is taken by its calendar day."""
    assert "sxd-2025" == REGISTRY.resolve("Sở Xây dựng", datetime(2025, 3, 1, 8, 30)).unit.id


def test_districts_do_not_resolve_after_july_2025():
    """On 2025-07-01 the district level is gone."""
    assert REGISTRY.resolve("UBND huyện Nông Cống", date(2025, 7, 1)) is None


def test_without_a_date_the_first_listed_unit_wins():
    """A name shared across periods goes to the report-table unit when no day is given."""
    assert "stc" == REGISTRY.resolve("Sở Tài chính").unit.id


def test_threshold_parameter():
    """A higher threshold refuses a fuzzy match that the default accepts."""
    assert (True, None) == (
        REGISTRY.resolve("UBND huyện Quảng Xươg") is not None,
        REGISTRY.resolve("UBND huyện Quảng Xươg", threshold=99),
    )


def test_suggest_offers_the_unit_of_a_clerk_account():
    """suggest() names the closest unit where resolve() refuses; never for a person."""
    assert ("ubnd-hoang-hoa", None, None) == (
        REGISTRY.suggest("Văn Thư Hoằng Hóa").unit.id,
        REGISTRY.suggest("Phan Tố Nga"),
        REGISTRY.suggest("UBND tỉnh"),
    )


def test_resolution_is_cached():
    """Resolving the same name twice gives the identical object."""
    assert REGISTRY.resolve("UBND huyện Quảng Xươg") is REGISTRY.resolve("UBND huyện Quảng Xươg")


@given(
    index=st.integers(min_value=0, max_value=len(REGISTRY) - 1),
    casing=st.lists(st.booleans(), min_size=80, max_size=80),
    old_tones=st.booleans(),
    nfd=st.booleans(),
    spaces=st.sampled_from([" ", "  ", " \t"]),
)
def test_any_spelling_of_a_registry_name_resolves_to_its_unit(index, casing, old_tones, nfd, spaces):
    """Random case, NFD, old tone placement and extra spaces still resolve to the unit."""
    unit = list(REGISTRY)[index]
    name = _old_tone_placement(unit.name) if old_tones else unit.name
    name = "".join(ch.upper() if flip else ch.lower() for ch, flip in zip(name, casing))
    name = name.replace(" ", spaces)
    if nfd:
        name = unicodedata.normalize("NFD", name)
    found = REGISTRY.resolve(name, _day_of(unit))
    assert unit.id == found.unit.id


@given(st.text(max_size=40))
def test_resolve_never_raises(text):
    """Any text resolves to a unit or None."""
    found = REGISTRY.resolve(text)
    assert found is None or found.unit.id in REGISTRY


# --- keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("UBND huyện Nga Sơn", "uy ban nhan dan huyen nga son"),
        ("TP Thanh Hóa", "thanh pho thanh hoa"),
        ("UBND TX Bỉm Sơn", "uy ban nhan dan thi xa bim son"),
        ("Sở Y tế tỉnh Thanh Hóa", "so y te"),
        ("Ban Dân tộc tỉnh", "ban dan toc"),
        ("UBND thành phố Thanh Hoá", "uy ban nhan dan thanh pho thanh hoa"),
    ],
)
def test_unit_key(name, key):
    """Keys are folded with abbreviations expanded and the province dropped."""
    assert key == unit_key(name)


# --- persons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Phan Tố Nga", True),
        ("Hoàng Thị Hương Sen", True),
        ("Lê Sỹ Nghiêm", True),
        ("Trịnh Huy Triều", True),
        ("Nguyễn Văn Phong", True),
        ("Đoàn Văn Hùng", True),
        ("Triệu Thị Lan", True),
        ("NGUYỄN VĂN AN", True),
        ("Phan To Nga", True),
        ("Văn Thư Hoằng Hóa", False),
        ("Sở Y tế", False),
        ("UBND huyện Hà Trung", False),
        ("Thanh tra tỉnh", False),
        ("Hoàng Văn Phòng huyện", False),
        ("Lê", False),
        ("Nguyễn Thị Hồng Nhung Anh Thư", False),
        ("phan tố nga", False),
        ("Sở GTVT", False),
        ("", False),
    ],
)
def test_looks_like_person(name, person):
    """2–5 capitalised words opening with a family name, no unit word."""
    assert person == looks_like_person(name)


# --- validation ---------------------------------------------------------------------------------


def test_load_a_valid_file(tmp_path):
    """A minimal file loads and resolves."""
    registry = Registry.load(_write(tmp_path, ONE_UNIT))
    assert ["sgtvt"] == [unit.id for unit in registry]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: department", "kind: ministry", "units[0] (id 'sgtvt'): kind"),
        ("successors: []", "successors: [sxd]", "units[0] (id 'sgtvt'): successor 'sxd' is not a unit"),
        ("successors: []", "successors: []\n    colour: red", "units[0] (id 'sgtvt'): colour"),
        ("id: sgtvt", "id: Sở GTVT", "units[0] (id 'Sở GTVT'): id"),
        ("name: Sở Giao thông Vận tải", "name: ''", "units[0] (id 'sgtvt'): name"),
        ("successors: []", "successors: [sgtvt]", "a unit cannot succeed itself"),
        (
            "valid_from: null\n    valid_to: null",
            "valid_from: 2021-01-01\n    valid_to: 2020-01-01",
            "units[0] (id 'sgtvt'): valid_from 2021-01-01 is after valid_to 2020-01-01",
        ),
    ],
)
def test_invalid_entries_name_file_and_entry(tmp_path, old, new, message):
    """Each defect is reported with the file, the entry's index and its id."""
    assert old in ONE_UNIT
    path = _write(tmp_path, ONE_UNIT.replace(old, new))
    with pytest.raises(RegistryError) as error:
        Registry.load(path)
    assert (True, True) == (str(path) in str(error.value), message in str(error.value))


def test_duplicate_ids_are_rejected(tmp_path):
    """Two entries with one id make an error naming the second."""
    text = ONE_UNIT + ONE_UNIT.split("units:\n", 1)[1].replace("aliases: [SGTVT]", "aliases: []").replace(
        "Sở Giao thông Vận tải", "Sở Khác"
    )
    path = _write(tmp_path, text)
    with pytest.raises(RegistryError, match=r"units\[1\] \(id 'sgtvt'\): duplicate id"):
        Registry.load(path)


def test_shared_spelling_of_coexisting_units_is_rejected(tmp_path):
    """Two units that exist together may not share a name or alias."""
    second = ONE_UNIT.split("units:\n", 1)[1].replace("id: sgtvt", "id: other").replace(
        "name: Sở Giao thông Vận tải", "name: Sở Khác"
    )
    path = _write(tmp_path, ONE_UNIT + second)
    with pytest.raises(RegistryError, match=r"units\[1\] \(id 'other'\) and units\[0\] \(id 'sgtvt'\) share"):
        Registry.load(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("units: [", "not valid YAML"),
        ("- a\n- b\n", "expected a mapping"),
        ("unit: []\n", "units"),
        ("units: []\nextra: 1\n", "extra"),
    ],
)
def test_malformed_files(tmp_path, text, message):
    """Broken YAML or a wrong top level is a RegistryError naming the file."""
    path = _write(tmp_path, text)
    with pytest.raises(RegistryError) as error:
        Registry.load(path)
    assert (True, True) == (str(path) in str(error.value), message in str(error.value))


def test_missing_file(tmp_path):
    """A missing file is a RegistryError, not an OSError."""
    with pytest.raises(RegistryError, match="cannot read registry"):
        Registry.load(tmp_path / "absent.yaml")


def test_bundled_file_is_plain_yaml_with_units_first():
    """The bundled file has only the 'units' key at the top."""
    data = yaml.safe_load((rules_dir() / "units" / "thanh-hoa.yaml").read_text(encoding="utf-8"))
    assert ["units"] == list(data)


def test_names_are_kept_as_the_table_writes_them():
    """Registry names are not rewritten: the table's 'Thanh Hoá' stays, but keys agree."""
    unit = REGISTRY["ubnd-thanh-hoa"]
    assert ("UBND thành phố Thanh Hoá", fold(normalize(unit.name))) == (unit.name, fold(unit.name))
