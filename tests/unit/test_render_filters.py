"""The amounts-in-words filters every template can use (docs/amounts-in-words.md)."""

from __future__ import annotations

from docgen.render.docx import make_environment


def test_templates_read_amounts_in_words() -> None:
    env = make_environment()
    text = env.from_string("{{ 1005000000 | tien_bang_chu }}; {{ 2024 | so_thanh_chu }}").render()
    assert text == "Một tỷ không trăm linh năm triệu đồng; hai nghìn không trăm hai mươi bốn"


def test_a_caller_filter_adds_to_the_words_filters() -> None:
    env = make_environment({"hoa": str.upper})
    assert env.from_string("{{ 'a' | hoa }} {{ 5 | so_thanh_chu }}").render() == "A năm"
