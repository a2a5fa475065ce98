"""issue 13 #14: the change notice shows the differing part, highlighted and escaped."""

from __future__ import annotations

from tests.app.helpers import key, open_page, url_params

PREFIX = "市内の働く世代の生活習慣病リスクを下げるため、健康アプリの利用者を増やす。まずは職域で始め、目標は利用者"


def _notice_lines(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m.value) for m in at.markdown if str(m.value).startswith("- **")]


def test_notice_highlights_200_to_300_even_far_into_the_text() -> None:
    canvas = open_page("lean_canvas")
    canvas.text_area(key=key("lean_canvas", "problem")).input(PREFIX + "200人").run()
    params = url_params(canvas)
    paper = open_page("discussion_paper", {"ws": params["ws"]})
    paper.button(key="carry.new.discussion_paper.canvas_to_paper").click().run()
    paper_params = url_params(paper)

    canvas = open_page("lean_canvas", params)
    canvas.text_area(key=key("lean_canvas", "problem")).input(PREFIX + "300人 [x](http://evil.example)").run()

    paper = open_page("discussion_paper", paper_params)
    lines = _notice_lines(paper)
    assert len(lines) == 1, lines
    line = lines[0]
    assert ":red-background[~~2~~]" in line
    assert ":green-background[**3**" in line
    assert "目標は利用者" in line  # context right before the change
    assert "http://" not in line  # user text stays inert
    assert "\\[x\\]\\(http\\:" in line
