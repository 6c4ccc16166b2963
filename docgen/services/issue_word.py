"""Issue a draft the specialist wrote in Word: `docgen issue du-thao.docx`.

The draft is read (`inputs.word`: type, unit, trích yếu, Kính gửi, signer, Nơi nhận, Lưu, marks,
appendices), refused when Word still holds tracked changes or comments, then issued exactly as a
YAML draft is (`services.issue.issue_prepared`): the next number, and in its unit of work the
number and date written into the specialist's own file (`render.word_fill`), the format check of
that file as issued, PDF, seal and signature, register row, filing and search index. Only the
number, the day/month/year (and, for a batch, the Kính gửi line) change in the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from docgen.archive.register import RegisterStore
from docgen.errors import InputError
from docgen.inputs.word import (
    WordAppendix,
    WordDraft,
    WordOptions,
    read_word_appendix,
    read_word_draft,
)
from docgen.model.agency import Agency
from docgen.model.document import Appendix, Document
from docgen.model.register import NumberingPolicy
from docgen.render.context import symbol_of
from docgen.render.inspect import read_docx
from docgen.render.word_fill import DateValues, Fill, fill_draft, pending_revisions
from docgen.rules.blocks import kinh_gui
from docgen.rules.check.locate import locate
from docgen.rules.dates import format_day, format_month
from docgen.rules.numbering import format_number
from docgen.services.issue import (
    AppendixFiles,
    Converter,
    IssueResult,
    Probe,
    issue_prepared,
    refuse_unnumbered,
)
from docgen.services.issue_appendix import appendix_stem
from docgen.services.keys import Secrets, from_environment


def read_bytes(source: Path) -> bytes:
    """The bytes of the Word draft `source`; InputError when it is not there."""
    try:
        return source.read_bytes()
    except FileNotFoundError:
        raise InputError(
            "không tìm thấy tệp", source=str(source), hint="kiểm tra tên và đường dẫn tệp"
        ) from None
    except IsADirectoryError:
        raise InputError(
            "đây là thư mục, không phải tệp Word", source=str(source), hint="ghi tên tệp .docx"
        ) from None


def refuse_revisions(data: bytes, *, source: str) -> None:
    """InputError when the .docx `data` still holds tracked changes or comments."""
    pending = pending_revisions(data, source=source)
    if pending:
        found = []
        if pending.changes:
            found.append(f"{pending.changes} thay đổi đang theo dõi (Track Changes)")
        if pending.comments:
            found.append(f"{pending.comments} chú thích (Comment)")
        raise InputError(
            f"bản dự thảo còn {' và '.join(found)}, chưa cấp số",
            source=source,
            hint="mở bằng Word, chọn Xem lại (Review) → Chấp nhận (Accept) hoặc Từ chối (Reject) "
            "tất cả thay đổi, xóa hết chú thích (Delete All Comments), lưu rồi chạy lại",
        )


def read_draft(
    data: bytes, agency: Agency, options: WordOptions, *, source: str, today: dt.date
) -> WordDraft:
    """The Word draft in `data`, read; InputError for a file that is not a readable .docx, one
    that still holds tracked changes or comments, or one whose components cannot be read."""
    view = read_docx(data, source)
    refuse_revisions(data, source=source)
    draft = read_word_draft(locate(view), agency, options, source=source, today=today)
    register_symbol = symbol_of(draft.document, agency)
    if draft.symbol and draft.symbol != register_symbol:
        raise InputError(
            f"ký hiệu trong dòng Số là /{draft.symbol} nhưng sổ đăng ký ghi /{register_symbol}"
            + (" (văn bản mật có ký hiệu riêng)" if draft.document.secrecy else ""),
            source=source,
            field="Số",
            hint=f"sửa dòng Số trong Word thành `Số:      /{register_symbol}` rồi chạy lại",
        )
    return draft


def date_values(document: Document) -> DateValues:
    day, month = document.date.day, document.date.month
    assert day is not None and month is not None
    return DateValues(format_day(day), format_month(month), str(document.date.year))


def read_appendices(paths: tuple[Path, ...]) -> list[tuple[WordAppendix, bytes]]:
    """Each `--phu-luc` file read and checked to be a phụ lục, in the order given."""
    found = []
    for path in paths:
        data = read_bytes(path)
        read_docx(data, str(path))  # a readable .docx, or one clear line
        refuse_revisions(data, source=str(path))
        appendix = read_word_appendix(locate(read_docx(data, str(path))), source=str(path))
        found.append((appendix, data))
    return found


def appendix_maker(
    appendices: list[tuple[WordAppendix, bytes]], agency: Agency, *, source: str
) -> AppendixFiles:
    """The separate phụ lục files of the issued document: the specialist's files, their
    `(Kèm theo … số … ngày …)` line filled on paper; an electronic document leaves it blank
    (PL1 III.1.c), the agency's signature on each file carries the number instead."""

    def make(document: Document, stem: str) -> list[tuple[str, bytes]]:
        assert document.number is not None
        made = []
        for appendix, data in appendices:
            if agency.signing is None:
                fill = Fill(
                    number=format_number(document.number),
                    date=date_values(document),
                    so=None,
                    date_line=None,
                    references=(appendix.reference,),
                )
                data = fill_draft(data, fill, source=source)
            made.append((appendix_stem(stem, appendix.roman), data))
        return made

    return make


def word_renderer(
    data: bytes, draft: WordDraft, agency: Agency, *, source: str
) -> Callable[[Document], bytes]:
    """Make the issued DOCX of a numbered, dated document read from `draft`: the draft's bytes
    with the number and the date written in; and when the document's Kính gửi is another
    recipient than the draft's (one document per recipient of a batch), that line too."""

    def render(document: Document) -> bytes:
        assert document.number is not None
        line = ""
        if document.recipients != draft.document.recipients:
            block = kinh_gui(
                list(document.recipients), single_period=agency.style.kinh_gui_single_period
            )
            assert block.inline is not None, "a batch of a Word draft has one recipient each"
            line = block.inline
        fill = Fill(
            number=format_number(document.number),
            date=date_values(document),
            so=draft.so,
            date_line=draft.date,
            references=draft.references,
            kinh_gui=draft.kinh_gui,
            kinh_gui_line=line,
        )
        return fill_draft(data, fill, source=source)

    return render


def refuse_numbered_draft(draft: WordDraft, source: Path) -> None:
    number = draft.document.number
    if number is not None:
        raise InputError(
            f"bản Word đã có số {number:02d}/{draft.symbol}, không cấp số lần nữa",
            source=str(source),
            field="Số",
            hint="nếu là bản dự thảo, xóa số trước dấu / ở dòng Số rồi chạy lại; văn bản đã "
            "ban hành ở nơi khác thì lưu bằng `docgen file`",
        )


def issue_word(
    source: Path,
    profile: Path,
    agency: Agency,
    options: WordOptions,
    *,
    archive: Path,
    store: RegisterStore,
    templates: Path,
    policy: NumberingPolicy,
    convert: Converter | None,
    probe: Probe,
    today: dt.date,
    reserved: int | None = None,
    secrets: Secrets = from_environment,
) -> IssueResult:
    """Issue the Word draft `source` (see the module docstring), into the number `reserved`
    when given; nothing is taken or written when it is refused."""
    raw = read_bytes(source)
    draft = read_draft(raw, agency, options, source=str(source), today=today)
    refuse_unnumbered(draft.document, agency, source)
    refuse_numbered_draft(draft, source)
    separate = read_appendices(options.appendices)
    document = draft.document
    if separate:
        titles = tuple(Appendix(a.title, ()) for a, _ in separate)
        document = replace(document, appendices=titles, appendices_separate=True)
    return issue_prepared(
        document, agency, word_renderer(raw, draft, agency, source=str(source)),
        raw=raw + b"".join(data for _, data in separate), source=source, profile=profile,
        archive=archive, store=store, templates=templates, policy=policy, convert=convert,
        probe=probe, today=today,
        appendix_files=appendix_maker(separate, agency, source=str(source)), reserved=reserved,
        secrets=secrets,
    )  # fmt: skip
