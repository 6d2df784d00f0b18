"""Tests of readers.classify: the kind of a result document."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdnv_rules.readers.classify import (
    KINDS,
    Classification,
    LexiconError,
    classify_result,
    compile_phrases,
    load_lexicon,
)

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "rules" / "lexicon"
CLASSIFY_SET = ROOT / "fixtures" / "classify" / "subjects.jsonl"

SEED_246_EXTENSION = (
    "xin gia hạn thời gian thực hiện nhiệm vụ được UBND tỉnh giao tại Công văn số "
    "246/UBND-CN ngày 05/01/2024."
)
SEED_246_REPORT = (
    "V/v phương án đầu tư Dự án đường giao thông nối thành phố Thanh Hóa với huyện Ngọc Lặc "
    "và các huyện phía Tây của tỉnh"
)
SEED_3126_OPINION = (
    "Giao lấy ý kiến các ngành về giao khu vực biển cho Công ty TNHH một thành viên Tân Thành 8 "
    "để xây dựng bến cảng chuyên dùng phục vụ kho dầu mồi LPG và kho nhựa đường lỏng tại Khu "
    "kinh tế Nghi Sơn."
)
SEED_509_EXTENSION = (
    "V/v đề nghị xin gia hạn thời gian thực hiện Công văn số 509/UBND-TD của UBND tỉnh Thanh Hóa."
)


def test_seed_246_extension_request():
    """246's first result asks for more time."""
    found = classify_result(doc_type="Công văn", symbol="849/SGTVT-KHTC", subject=SEED_246_EXTENSION)
    assert ("extension_request", "xin gia hạn") == (found.kind, found.evidence[0])


def test_seed_246_substantive_answer_is_final():
    """246's second result, a Công văn on the investment plan, is the final report."""
    found = classify_result(doc_type="Công văn", symbol="1497/SGTVT-KHTC", subject=SEED_246_REPORT)
    assert "final_report" == found.kind


def test_seed_3126_opinion_request():
    """3126's result gathers the agencies' opinions."""
    found = classify_result(doc_type="Công văn", symbol="2536/ STNMT - BHD", subject=SEED_3126_OPINION)
    assert ("opinion_request", ("lấy ý kiến", "Công văn")) == (found.kind, found.evidence)


def test_seed_509_extension_request():
    """509's first result (written in capitals as the type) asks for an extension."""
    found = classify_result(doc_type="CÔNG VĂN", symbol="556/UBND-TNMT", subject=SEED_509_EXTENSION)
    assert "extension_request" == found.kind


@pytest.mark.parametrize(
    "subject",
    [
        "V/v gia hạn sử dụng đất cho Công ty TNHH Hải Thịnh",
        "Gia hạn ký quỹ phục hồi môi trường mỏ đá Hà Tân",
        "Đề nghị gia hạn giấy phép khai thác khoáng sản mỏ đất san lấp",
        "Gia hạn thuê đất đối với Công ty Cổ phần Xi măng Công Thanh",
    ],
)
def test_substantive_gia_han_is_not_an_extension_request(subject):
    """"gia hạn" as the subject matter of the task cancels the extension cue."""
    assert "extension_request" != classify_result(subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "Báo cáo kết quả lấy ý kiến các ngành về dự thảo Quyết định",
        "Sở đã lấy ý kiến các ngành, báo cáo UBND tỉnh phương án giao khu vực biển",
        "Tổng hợp ý kiến các sở, ngành và báo cáo UBND tỉnh",
    ],
)
def test_reported_opinions_are_not_an_opinion_request(subject):
    """Opinions already gathered and reported cancel the opinion cue."""
    assert "opinion_request" != classify_result(subject=subject).kind


def test_extension_inside_a_substantive_topic_still_counts():
    """Only the cancelled span is removed: a request about a land-use task is still a request."""
    found = classify_result(subject="Xin gia hạn thời gian báo cáo về việc gia hạn sử dụng đất")
    assert "extension_request" == found.kind


def test_type_codes_decide_without_cues():
    """BC and TTr are reports, GM an invitation; request cues still win over BC."""
    assert ["final_report", "final_report", "other", "extension_request"] == [
        classify_result(symbol="65/BC - STNMT", subject="Công nhận kết quả trúng đấu giá").kind,
        classify_result(symbol="56/TTr-SXD", subject="Phê duyệt điều chỉnh quy hoạch").kind,
        classify_result(symbol="12/GM-STNMT", subject="Họp bàn giao khu vực biển").kind,
        classify_result(symbol="70/BC-STNMT", subject="Đề nghị gia hạn thời gian báo cáo").kind,
    ]


def test_progress_cue_beats_report_type():
    """A BC that reports progress is a progress report."""
    found = classify_result(symbol="5/BC-STNMT", subject="Báo cáo tiến độ thẩm định hồ sơ")
    assert ("progress_report", ("báo cáo tiến độ", "BC")) == (found.kind, found.evidence)


def test_text_is_weaker_evidence_used_when_the_subject_is_silent():
    """A copied subject with an extension letter attached reads as an extension request."""
    text = "V/v xin gia hạn thời gian báo cáo kết quả thực hiện Công văn số 4882/UBND-KTTC"
    found = classify_result(doc_type="Công văn", subject="Tân Thành 8 để xây dựng bến cảng", text=text)
    assert ("extension_request", 0.6) == (found.kind, found.confidence)


def test_classification_is_frozen_and_bounded():
    """The result is immutable, its kind known and its confidence within 0–1."""
    found = classify_result(subject="Báo cáo kết quả rà soát")
    with pytest.raises(AttributeError):
        found.kind = "other"  # type: ignore[misc]
    assert (True, True) == (found.kind in KINDS, 0.0 <= found.confidence <= 1.0)


def test_bad_input_is_a_clear_error():
    """A subject that is not text is refused with a message naming the argument."""
    with pytest.raises(TypeError, match="subject must be a string"):
        classify_result(subject=42)  # type: ignore[arg-type]


def _old_tones(text: str) -> str:
    for new, old in (("óa", "oá"), ("òa", "oà"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"),
                     ("ủy", "uỷ"), ("úy", "uý"), ("ùy", "uỳ"), ("ũy", "uỹ"), ("ụy", "uỵ")):
        text = text.replace(new, old)
    return text


VARIANTS = [
    lambda s: s,
    str.upper,
    str.lower,
    lambda s: unicodedata.normalize("NFD", s),
    _old_tones,
    lambda s: "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)),
]


@settings(max_examples=60, deadline=None)
@given(
    subject=st.sampled_from(
        [SEED_246_EXTENSION, SEED_246_REPORT, SEED_3126_OPINION, SEED_509_EXTENSION,
         "Báo cáo tiến độ giải phóng mặt bằng dự án đường vành đai phía Tây",
         "V/v gia hạn thuê đất cho Công ty Cổ phần Đầu tư Hạ tầng Nghi Sơn",
         "Giấy mời họp về hồ sơ thu hồi đất, giao đất",
         "Báo cáo kết quả lấy ý kiến các ngành về dự thảo Quyết định"]
    ),
    variant=st.sampled_from(VARIANTS),
    doc_type=st.sampled_from([None, "Công văn", "Báo cáo"]),
)
def test_case_nfd_and_tone_variants_classify_the_same(subject, variant, doc_type):
    """Any case, NFD, old tone placement or missing diacritics gives the same kind."""
    assert classify_result(doc_type=doc_type, subject=subject).kind == classify_result(
        doc_type=doc_type, subject=variant(subject)
    ).kind


@given(st.text(max_size=200))
def test_any_text_classifies_without_crashing(subject):
    """Arbitrary subjects always get a known kind."""
    assert classify_result(subject=subject).kind in KINDS


def _copy_lexicon(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(LEXICON, target)
    return target


def test_lexicon_rejects_unknown_fields(tmp_path):
    """An unknown key in a lexicon file is an error naming the file and the key."""
    folder = _copy_lexicon(tmp_path)
    path = folder / "final-report.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "weights: [1]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"final-report\.yaml: weights: Extra inputs"):
        load_lexicon(folder)


def test_lexicon_rejects_a_wrong_kind(tmp_path):
    """A file holding another kind than its name says is refused."""
    folder = _copy_lexicon(tmp_path)
    path = folder / "non-report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: other", "kind: final_report"),
                    encoding="utf-8")
    with pytest.raises(LexiconError, match=r"non-report\.yaml: kind: 'final_report'"):
        load_lexicon(folder)


def test_lexicon_rejects_empty_phrases_and_missing_files(tmp_path):
    """A phrase that folds to nothing, and a missing file, are named errors."""
    folder = _copy_lexicon(tmp_path)
    path = folder / "opinion-request.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - lấy ý kiến\n", "  - '…'\n", 1),
                    encoding="utf-8")
    with pytest.raises(LexiconError, match=r"opinion-request\.yaml: phrases"):
        load_lexicon(folder)
    (folder / "opinion-request.yaml").unlink()
    with pytest.raises(LexiconError, match="cannot read lexicon file"):
        load_lexicon(folder)


def test_shipped_lexicon_loads_with_every_kind():
    """The shipped lexicon has one file per kind."""
    assert set(KINDS) == set(load_lexicon(LEXICON).files)


def test_classification_type():
    """classify_result returns a Classification."""
    assert Classification is type(classify_result(subject="Báo cáo"))


HELDOUT_SET = ROOT / "fixtures" / "heldout" / "classify.jsonl"


def _measure(path: Path) -> tuple[float, int]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    found = [classify_result(doc_type=r.get("doc_type"), symbol=r.get("symbol"),
                             subject=r.get("subject"), text=r.get("text")) for r in rows]
    correct = sum(f.kind == r["label"] for f, r in zip(found, rows))
    requests_as_final = sum(
        f.kind == "final_report" and r["label"] in ("extension_request", "opinion_request")
        for f, r in zip(found, rows)
    )
    return correct / len(rows), requests_as_final


@pytest.mark.parametrize(
    "path", [CLASSIFY_SET, HELDOUT_SET, ROOT / "fixtures" / "heldout2" / "classify.jsonl"],
    ids=["development", "heldout", "heldout2"],
)
def test_labelled_set_meets_targets(path):
    """Accuracy ≥ 97% and no extension or opinion request taken for a final report, on each
    set tuned on (heldout3, the unbiased measure, is reported by scripts/accuracy.py)."""
    accuracy, requests_as_final = _measure(path)
    assert (True, 0) == (accuracy >= 0.97, requests_as_final)


# --- phrasing families ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "V/v xin được dời thời hạn trình Đề án sắp xếp đơn vị hành chính cấp xã",
        "Kính đề nghị UBND tỉnh cho phép giãn thời gian hoàn thành rà soát hồ sơ địa chính",
        "V/v đề nghị thay đổi thời điểm báo cáo kết quả kiểm tra chuyên ngành",
        "V/v xin hoãn thời hạn nộp báo cáo đánh giá hiện trạng môi trường",
        "V/v đề nghị cho lùi ngày báo cáo kết quả thanh tra",
        "V/v xin thêm thời hạn tham mưu phương án xử lý nhà, đất dôi dư",
    ],
)
def test_request_to_move_a_time_limit_is_an_extension(subject):
    """A request word, then a change of the unit's own time limit, asks for more time."""
    assert "extension_request" == classify_result(doc_type="Công văn", subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "V/v xin phép được báo cáo muộn kết quả kiểm tra an toàn hồ đập",
        "V/v đề nghị UBND tỉnh xem xét cho UBND huyện được trình chậm phương án bồi thường",
        "V/v xin được báo cáo vào ngày 20/10/2024 kết quả rà soát hộ nghèo",
        "V/v đề nghị cho phép hoàn thành báo cáo chậm so với thời hạn được giao",
    ],
)
def test_request_to_report_late_is_an_extension(subject):
    """Asking to deliver late, or on a later day, asks for more time."""
    assert "extension_request" == classify_result(doc_type="Công văn", subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "V/v đề xuất thời điểm trình kế hoạch sử dụng đất năm 2025",
        "V/v chưa đủ cơ sở báo cáo kết quả xác minh nội dung phản ánh của công dân",
        "V/v chưa thể hoàn thành báo cáo quyết toán theo thời hạn được giao",
    ],
)
def test_not_ready_or_new_reporting_time_is_an_extension(subject):
    """Not being ready to report, or proposing when to report, asks for more time."""
    assert "extension_request" == classify_result(doc_type="Công văn", subject=subject).kind


def test_weak_request_overrules_only_the_default():
    """An ask and a time word alone make a Công văn a request, but not a BC report."""
    subject = "V/v xin được điều chỉnh lịch báo cáo kết quả rà soát"
    weak = classify_result(doc_type="Công văn", subject=subject)
    assert ("extension_request", 0.6, "final_report") == (
        weak.kind,
        weak.confidence,
        classify_result(symbol="9/BC-STC", subject=subject).kind,
    )


@pytest.mark.parametrize(
    "subject",
    [
        "V/v đề xuất điều chỉnh thời gian tổ chức Lễ hội Lam Kinh năm 2025",
        "V/v xin điều chỉnh thời gian thực hiện dự án Khu dân cư Bắc Sơn",
        "V/v đề nghị xử lý trách nhiệm các chủ đầu tư chậm báo cáo quyết toán",
        "V/v giải trình nguyên nhân chậm giải ngân vốn đầu tư công",
        "V/v báo cáo kết quả, đã được Chủ tịch UBND tỉnh cho phép lùi thời hạn",
        "V/v đề xuất giải pháp rút ngắn thời gian giải quyết thủ tục hành chính",
        "V/v đề nghị hỗ trợ kinh phí cho các hộ dân trong thời gian chờ tái định cư",
    ],
)
def test_time_as_the_matter_is_not_an_extension(subject):
    """A time limit that is the matter, another's lateness, or a granted change is not a request."""
    assert "extension_request" != classify_result(doc_type="Công văn", subject=subject).kind


def test_gia_han_of_an_inspection_decision_is_other():
    """The unit's own decision extending an inspection is neither a request nor a report."""
    found = classify_result(doc_type="Quyết định", subject="Quyết định gia hạn thời hạn thanh tra "
                            "tại Công ty TNHH Xây lắp Trường Sơn")
    assert "other" == found.kind


@pytest.mark.parametrize(
    "subject",
    [
        "V/v đề nghị Sở Tư pháp, Sở Tài chính và Công an tỉnh cho ý kiến đối với dự thảo Quy chế",
        "V/v đề nghị UBND các xã, thị trấn có ý kiến về phương án đặt tên đường",
        "V/v trưng cầu ý kiến các hội nghề nghiệp về dự thảo Đề án",
        "V/v tham khảo ý kiến của Bộ Xây dựng về quy chuẩn áp dụng",
        "V/v tham van y kien cac so, nganh ve ho so de xuat du an",
    ],
)
def test_asking_other_bodies_for_opinions_is_an_opinion_request(subject):
    """Addressees asked for their opinion, or a consultation in so many words."""
    assert "opinion_request" == classify_result(doc_type="Công văn", subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "V/v đề nghị UBND tỉnh xem xét, cho ý kiến về phương án bồi thường",
        "V/v xin ý kiến chỉ đạo của Chủ tịch UBND tỉnh về xử lý tài sản công",
        "V/v tham gia ý kiến đối với dự thảo Nghị quyết của HĐND tỉnh",
        "V/v báo cáo kết quả sau khi tham vấn ý kiến các sở, ngành",
    ],
)
def test_opinions_given_or_asked_of_the_ubnd_are_not_an_opinion_request(subject):
    """Asking the UBND tỉnh, giving one's own opinion, or reporting opinions is the answer."""
    assert "final_report" == classify_result(doc_type="Công văn", subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "Báo cáo tình hình thu ngân sách nhà nước đến hết tháng 8/2024",
        "Báo cáo kết quả giải ngân vốn đầu tư công quý II năm 2024",
        "Báo cáo tình hình mưa lũ tính đến 16 giờ ngày 12/10/2024",
        "Báo cáo số liệu ước thực hiện kế hoạch năm 2024",
        "Báo cáo nguyên nhân ban đầu vụ sạt lở taluy đường tỉnh 520",
    ],
)
def test_cut_offs_periods_and_provisional_figures_are_progress(subject):
    """Figures to a cut-off, a part of the year, or provisional findings are interim."""
    assert "progress_report" == classify_result(symbol="9/BC-SXD", subject=subject).kind


def test_a_whole_year_result_stays_final():
    """A whole year's result names no cut-off or part of the year."""
    found = classify_result(symbol="9/BC-SNV", subject="Báo cáo kết quả thực hiện nhiệm vụ năm 2024")
    assert "final_report" == found.kind


@pytest.mark.parametrize(
    "subject",
    [
        "V/v hướng dẫn các đơn vị trực thuộc thực hiện chế độ báo cáo thống kê",
        "V/v yêu cầu các phòng chuyên môn rà soát hồ sơ tồn đọng",
        "V/v phân công công chức theo dõi nhiệm vụ UBND tỉnh giao",
        "V/v triển khai phần mềm quản lý văn bản tại các đơn vị trực thuộc",
    ],
)
def test_internal_assignments_are_other(subject):
    """What a unit tells its own staff or subordinate bodies is neither report nor request."""
    assert "other" == classify_result(doc_type="Công văn", subject=subject).kind


def test_a_report_on_instructions_given_stays_final():
    """A report cue before the instruction cue keeps the report."""
    found = classify_result(doc_type="Công văn", subject="V/v báo cáo kết quả hướng dẫn UBND các "
                            "huyện thu thập thông tin giá đất")
    assert "final_report" == found.kind


def test_family_evidence_names_the_members_found():
    """A phrase with word families reports the members it matched."""
    found = classify_result(doc_type="Công văn", subject="V/v xin được dời thời hạn trình Đề án")
    assert "xin … dời thời hạn" == found.evidence[0]


def test_lexicon_rejects_an_unknown_family(tmp_path):
    """A phrase naming a family the file does not define is an error naming file and field."""
    folder = _copy_lexicon(tmp_path)
    path = folder / "progress-report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - <period>\n", "  - <periods>\n"),
                    encoding="utf-8")
    with pytest.raises(LexiconError, match=r"progress-report\.yaml: phrases.*<periods>"):
        load_lexicon(folder)


def test_compiled_families_match_any_member():
    """compile_phrases expands a family to each of its members, longest first."""
    pattern = compile_phrases(["<ask> … <time>"], {"ask": ["xin", "đề nghị"],
                                                     "time": ["thời hạn", "hạn"]})
    assert ("đề nghị … thời hạn", "xin … hạn") == pattern.hits(
        "de nghi cho thoi han bao cao xin them han"
    )


# --- round 3 families (sibling phrasings written for these tests) -----------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "V/v xin phép báo cáo sau về kết quả rà soát đất công",
        "Đề nghị cho Sở được nộp báo cáo sau ngày 30/11/2024",
        "Kính đề nghị UBND tỉnh cho phép Sở trả lời sau khi có ý kiến của Bộ Tài chính",
    ],
)
def test_asking_to_answer_later_is_an_extension(subject):
    """A request to report, submit or answer later asks for more time."""
    assert "extension_request" == classify_result(doc_type="Công văn", subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "Kính đề nghị Chủ tịch UBND tỉnh gia hạn trình đề án đến hết quý II/2025",
        "Đề nghị UBND tỉnh chấp thuận cho gia hạn sang tháng 3/2025 để hoàn thiện hồ sơ",
        "Xin khất thời gian báo cáo kết quả kiểm kê đất đai",
        "V/v đề nghị cho hoãn lại thời điểm báo cáo tổng kết Đề án",
        "V/v chậm báo cáo, kính đề nghị UBND tỉnh cho lùi đến ngày 20/12/2024",
    ],
)
def test_extension_of_the_units_own_deliverable_is_an_extension(subject):
    """Gia hạn of the unit's deliverable, "khất", and putting off to a later day ask for time."""
    assert "extension_request" == classify_result(doc_type="Công văn", subject=subject).kind


@pytest.mark.parametrize(
    ("subject", "doc_type", "kind"),
    [
        ("V/v xử lý đối với các trường hợp dôi dư sau sắp xếp", "Công văn", "final_report"),
        ("Đề nghị hoàn trả kinh phí đã tạm ứng cho dự án", "Công văn", "final_report"),
        (
            "V/v xin ý kiến chỉ đạo về phương án xử lý nhà đất dôi dư",
            "Công văn",
            "final_report",
        ),
        (
            "Tờ trình đề nghị gia hạn quyền khai thác khoáng sản cho Công ty TNHH Hà Thanh",
            "Tờ trình",
            "final_report",
        ),
    ],
)
def test_words_that_fold_like_putting_off_are_not_an_extension(subject, doc_type, kind):
    """"đối", "dôi", "hoàn" fold like "dời", "hoãn"; a right's extension is the matter."""
    assert kind == classify_result(doc_type=doc_type, subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "Xin tham gia ý kiến",
        "V/v phối hợp thẩm định hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới",
        "Gửi hồ sơ dự án để các sở, ngành cho ý kiến",
        "Đề nghị phản biện dự thảo Đề án phát triển du lịch cộng đồng",
    ],
)
def test_asking_comments_on_a_draft_is_an_opinion_request(subject):
    """"xin"/"phối hợp"/"phản biện" and a draft sent out for comment gather opinions."""
    assert "opinion_request" == classify_result(doc_type="Công văn", subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "Báo cáo tình hình thực hiện bữa ăn học đường học kỳ 1 năm học 2024-2025",
        "Báo cáo kết quả đợt 1 rà soát hộ cận nghèo",
        "Báo cáo số liệu tạm thời thiệt hại do bão số 3",
        "Báo cáo công tác khắc phục ban đầu sự cố sạt lở bờ sông Chu",
        "Cập nhật kết quả giải ngân vốn đầu tư công",
        "Báo cáo kết quả rà soát đến ngày 30/9/2024, Sở sẽ tiếp tục báo cáo khi có số liệu",
        "Báo cáo tháng 10/2024 về công tác kiểm kê rừng",
    ],
)
def test_terms_stages_updates_and_first_responses_are_progress(subject):
    """A first term, an early batch, provisional figures, an update or a cut-off is progress."""
    assert "progress_report" == classify_result(doc_type="Báo cáo", subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "Báo cáo kết quả giám sát tiến độ các công trình giao thông trọng điểm",
        "Báo cáo kết quả thực hiện tiến độ xây dựng trường học: đã hoàn thành toàn bộ hạng mục",
        "Báo cáo kết quả thực hiện chương trình sữa học đường năm học 2023-2024",
        "Báo cáo thiệt hại do mưa lũ ngày 12 tháng 9 năm 2024",
    ],
)
def test_schedule_as_topic_whole_year_and_dates_stay_final(subject):
    """A checked or finished schedule, a whole school year, a date: the final report."""
    assert "final_report" == classify_result(doc_type="Báo cáo", subject=subject).kind


@pytest.mark.parametrize(
    "subject",
    [
        "V/v đẩy mạnh tuyên truyền phòng chống cháy rừng mùa khô",
        "Hướng dẫn UBND các xã về việc đề nghị gia hạn thời gian nộp báo cáo",
        "Giao Trung tâm Quy hoạch rà soát hiện trạng sử dụng đất",
        "Đề nghị các phòng chuyên môn hoàn thiện hồ sơ trước ngày 15/10",
        "V/v chấn chỉnh việc chậm báo cáo của các đơn vị trực thuộc",
    ],
)
def test_the_units_own_instructions_are_other(subject):
    """An instruction to the unit's own staff is other, even when it mentions an extension."""
    assert "other" == classify_result(doc_type="Công văn", subject=subject).kind


def test_an_opening_instruction_never_overrules_a_report_type():
    """A BC-typed report that starts like an instruction stays a report."""
    found = classify_result(
        doc_type="Báo cáo", symbol="12/BC-SNV", subject="Tăng cường quản lý hoạt động tôn giáo"
    )
    assert "final_report" == found.kind


def test_prevention_is_not_an_office():
    """"phòng, chống" is prevention, not "Phòng" (an office) asked to act."""
    found = classify_result(
        doc_type="Công văn", subject="V/v đề nghị phòng, chống dịch bệnh gia súc trên địa bàn"
    )
    assert "other" != found.kind
