"""The deadline a directive's content states in words."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tdnv_rules.readers.deadline import content_deadline


def test_seed_246_content_date():
    """246/UBND-CN: "… trước ngày 25/02/2024" gives 25/02/2024."""
    content = ("Giao lập phương án đầu tư …; báo cáo Chủ tịch UBND tỉnh kết quả thực hiện "
               "trước ngày 25/02/2024")
    assert date(2024, 2, 25) == content_deadline(content)


def test_forms_without_diacritics_and_other_words():
    """'chậm nhất ngày', no diacritics, dots as separators are read; the latest date wins."""
    assert (date(2024, 4, 15), date(2024, 5, 2)) == (
        content_deadline("bao cao cham nhat ngay 15.4.2024"),
        content_deadline("trước ngày 1/5/2024 báo cáo sơ bộ; hoàn thành trước 2/5/2024"),
    )


def test_dates_that_are_not_deadlines():
    """A date that is not introduced as a deadline, or an impossible one, gives nothing."""
    assert (None, None, None) == (
        content_deadline("Thực hiện Công văn số 12/UBND-NN ngày 05/01/2024"),
        content_deadline("báo cáo trước ngày 31/02/2024"),
        content_deadline(None),
    )


@given(st.text(max_size=200))
def test_never_raises(text):
    """Any text gives a date or None."""
    assert content_deadline(text) is None or isinstance(content_deadline(text), date)
