"""調達方法ナビ: the rules (a pure function), the method table's guide quotes, and the 'not legal advice' notice."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from tests.test_guide_fidelity import LINE_REF, quotes_guide
from tests.worksheets.formats.pdftext import pages_text, squash
from worksheets import procurement as P
from worksheets.document import Document
from worksheets.formats import pdf_format
from worksheets.sheets.procurement_nav import EXIT_CHOICES, ProcurementNav

EXIT_1, EXIT_2, EXIT_3 = EXIT_CHOICES[1:4]
TABLE = json.loads((ROOT / "data" / "procurement_methods.json").read_text(encoding="utf-8"))


def fit(answers: P.Answers, method_id: str) -> P.Fit:
    return next(x.fit for x in P.assess(answers) if x.method["id"] == method_id)


def test_every_method_the_issue_names_is_in_the_table_once() -> None:
    ids = [m["id"] for m in TABLE["methods"]]
    assert ids == ["price", "overall", "proposal", "small", "new_product", "dmp", "joint", "pfs", "agreement"]
    names = " ".join(m["name"] for m in TABLE["methods"])
    for word in (
        "価格競争",
        "総合評価",
        "企画競争",
        "随意契約",
        "トライアル発注認定制度",
        "DMP",
        "共同調達",
        "PFS",
        "SIB",
        "連携協定",
    ):
        assert word in names


@pytest.mark.parametrize("method", TABLE["methods"], ids=[m["id"] for m in TABLE["methods"]])
def test_each_method_quotes_the_guide_and_cites_a_section_not_a_line(method: dict) -> None:
    assert method["quotes"]
    for quote in method["quotes"]:
        assert quotes_guide(quote), quote
    assert method["section"].startswith("第")
    for key in ("section", "when", "duration", "fairness"):
        assert not LINE_REF.search(method[key])
    assert method["duration"]
    assert "機会" in method["fairness"]
    assert "選定" in method["fairness"]


def test_fairness_points_are_the_guides_words() -> None:
    assert quotes_guide(TABLE["fairness"]["opportunity"])
    assert quotes_guide(TABLE["fairness"]["selection"])
    assert "公平性の考え方" in TABLE["fairness"]["section"]


def test_proposal_competition_carries_the_guides_two_to_three_months() -> None:
    proposal = P.method_by_name("企画競争（コンペ方式・プロポーザル方式）")
    assert proposal is not None
    assert proposal["duration"] == "公示から事業者決定まで2～3か月"
    assert proposal["duration_months"] == 3
    assert "公示から事業者決定まで2～3か月を要します" in proposal["quotes"]


def test_random_contract_lists_requirement_four_and_the_trial_system() -> None:
    method = P.method_by_name("4号随契（④新商品・新役務）／トライアル発注認定制度")
    assert method is not None
    assert method["quotes"][0] == "④ 新商品として生産される物品を買い入れる場合又は新役務の提供を受ける場合"
    assert any("4.7%" in q for q in method["quotes"])


def test_no_answers_means_no_candidate_and_nothing_ruled_out_but_the_agreement() -> None:
    result = P.assess(P.Answers())
    assert [x.fit for x in result if x.fit is P.Fit.CANDIDATE] == []
    assert [x.method["id"] for x in result if x.fit is P.Fit.UNLIKELY] == ["agreement"]
    assert all(x.reason for x in result)


def test_hard_to_define_specification_recommends_proposal_competition() -> None:
    hard = P.Answers(exit=EXIT_1, spec="定義が難しい")
    assert fit(hard, "proposal") is P.Fit.CANDIDATE
    assert "推奨" in next(x.reason for x in P.assess(hard) if x.method["id"] == "proposal")
    assert fit(hard, "price") is P.Fit.DEPENDS
    clear = P.Answers(exit=EXIT_1, spec="定義できる")
    assert fit(clear, "price") is P.Fit.CANDIDATE
    assert fit(clear, "proposal") is P.Fit.DEPENDS


def test_candidates_come_first() -> None:
    result = P.assess(P.Answers(exit=EXIT_1, spec="定義が難しい", novelty="新商品・新役務にあたる"))
    fits = [x.fit for x in result]
    assert fits == sorted(fits, key=P.FIT_ORDER.__getitem__)
    assert P.candidates(P.Answers(exit=EXIT_1, spec="定義が難しい", novelty="新商品・新役務にあたる")) == [
        "総合評価入札",
        "企画競争（コンペ方式・プロポーザル方式）",
        "4号随契（④新商品・新役務）／トライアル発注認定制度",
    ]


@pytest.mark.parametrize(
    ("answers", "method_id", "expected"),
    [
        (P.Answers(novelty="新商品・新役務にあたる"), "new_product", P.Fit.CANDIDATE),
        (P.Answers(novelty="あたらない"), "new_product", P.Fit.UNLIKELY),
        (P.Answers(amount="少額（自治体の規則の少額基準以下）"), "small", P.Fit.CANDIDATE),
        (P.Answers(amount="少額を超える"), "small", P.Fit.UNLIKELY),
        (P.Answers(shared="他の自治体も抱えている"), "joint", P.Fit.CANDIDATE),
        (P.Answers(shared="この自治体だけ"), "joint", P.Fit.UNLIKELY),
        (P.Answers(saas="はい"), "dmp", P.Fit.CANDIDATE),
        (P.Answers(saas="いいえ"), "dmp", P.Fit.UNLIKELY),
        (P.Answers(exit=EXIT_1), "pfs", P.Fit.DEPENDS),
    ],
)
def test_each_answer_moves_its_method(answers: P.Answers, method_id: str, expected: P.Fit) -> None:
    assert fit(answers, method_id) is expected


def test_exit_two_with_low_exclusivity_needs_no_call_for_proposals() -> None:
    low = P.Answers(
        exit=EXIT_2, exclusivity="低い（他の企業とも同様に連携できる）", amount="支出なし（予算を使わない）"
    )
    assert P.candidates(low) == ["連携協定（出口②）"]
    reason = next(x.reason for x in P.assess(low) if x.method["id"] == "agreement")
    assert "公募" in reason
    # no public money: the procurement methods do not apply
    assert all(x.fit is P.Fit.UNLIKELY for x in P.assess(low) if x.method["id"] != "agreement")
    high = P.Answers(exit=EXIT_2, exclusivity="高い（土地・建物などを特定の企業に長期提供する等）")
    assert fit(high, "agreement") is P.Fit.DEPENDS
    assert fit(P.Answers(exit=EXIT_1), "agreement") is P.Fit.UNLIKELY


def test_exit_three_reads_procurement_as_the_later_step() -> None:
    reasons = [x.reason for x in P.assess(P.Answers(exit=EXIT_3, spec="定義が難しい")) if x.method["id"] == "proposal"]
    assert "実証の後" in reasons[0]


def test_the_sheet_feeds_its_answers_and_the_duration() -> None:
    sheet = ProcurementNav(
        exit=EXIT_1, spec_definable="定義が難しい", chosen="企画競争（コンペ方式・プロポーザル方式）"
    )
    assert sheet.answers() == P.Answers(exit=EXIT_1, spec="定義が難しい")
    assert sheet.months() == 3  # the guide's 2～3か月, as whole months
    assert sheet.model_copy(update={"duration_months": 5}).months() == 5
    assert ProcurementNav(chosen="共同調達").months() is None  # the guide gives no duration


def test_pdf_says_it_is_an_aid_not_legal_advice_and_prints_the_methods() -> None:
    sheet = ProcurementNav(exit=EXIT_1, spec_definable="定義が難しい")
    text = squash("".join(pages_text(pdf_format.export(Document("procurement_nav", sheet)))))
    assert squash("法的な助言ではありません") in text
    assert squash(P.disclaimer()) in text
    for method in TABLE["methods"]:
        assert squash(method["name"]) in text
    assert squash("候補：仕様書を明確に定義することが難しいため") in text
    assert squash("公示から事業者決定まで2～3か月") in text


def test_the_nine_requirements_of_a_random_contract_are_the_guides_and_print() -> None:
    items = P.requirements()["items"]
    assert [i[0] for i in items] == list("①②③④⑤⑥⑦⑧⑨")
    for item in items:
        assert quotes_guide(item), item
    text = squash("".join(pages_text(pdf_format.export(Document("procurement_nav", ProcurementNav())))))
    for item in items:
        assert squash(item) in text
