"""The registers: sổ văn bản đi and sổ văn bản đến as tables (filters, pages), printed in the
Phụ lục IV form, and the văn thư's register actions (reserve, cancel, annotate)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from docgen.errors import DocgenError
from docgen.model.document import Secrecy
from docgen.model.kinds import Kind
from docgen.model.register import DEN, HANH_CHINH, AnnotationKind, catalogue_id
from docgen.services.office import Annotation, EntryKey
from docgen.web import access, said
from docgen.web.models import LANH_DAO, QUAN_TRI, VAN_THU
from docgen.web.office import office

PAGE = 50
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("nam", "") or office().today().year)
    except ValueError:
        return office().today().year


def _page(request: HttpRequest, year: int, stream: str | None) -> tuple[Any, int, dict[int, str]]:
    """(the page of rows asked for, how many rows in all, type names of the incoming rows).

    With nothing typed in the filter box, only the page's rows are read (`book_keys` numbers
    them, `book_page` folds those): a year's register is thousands of rows, folding them all
    took ~100 ms a page view. With words typed, every row of the year is matched against them."""
    words = request.GET.get("q", "").strip().casefold()
    secret = access.secret_allowed(request)
    number = request.GET.get("trang", 1)
    if not words:
        keys = office().book_keys(year, stream, secret_allowed=secret)
        shown = Paginator(keys, PAGE).get_page(number)
        book = office().book_page(year, stream, list(shown.object_list))
        return Page(list(book.rows), shown.number, shown.paginator), len(keys), book.type_names
    book = office().book(year, stream)
    rows = [
        r for r in book.rows
        if (secret or r.secrecy is None)
        and words in f"{r.number_symbol} {r.subject} {r.signer}".casefold()
    ]  # fmt: skip
    return Paginator(rows, PAGE).get_page(number), len(rows), book.type_names


@access.allowed(VAN_THU, LANH_DAO, QUAN_TRI)
def outgoing(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    page, count, _ = _page(request, year, None)
    access.log(request, "xem-so-di", str(year))
    return render(request, "web/register.html", {
        "year": year, "page": page, "count": count, "q": request.GET.get("q", ""),
        "kinds": [(k.info.slug, k.info.name) for k in Kind], "incoming": False,
    })  # fmt: skip


def _incoming_row(entry: Any) -> dict[str, Any]:
    """An incoming row as the table shows it: its handling (state, who, the reply's link)."""
    h = entry.handling
    reply = h.reply if h is not None else None
    return {
        "e": entry,
        "notation": entry.recipients[0] if entry.recipients else "",
        "stage": h.stage.label if h is not None else "Chờ trình",
        "closed": h is not None and h.closed,
        "receivers": h.receivers if h is not None else ", ".join(entry.holders),
        "due": h.due if h is not None and not h.closed else None,
        "reply": reply.number_symbol if reply is not None else "",
        "reply_id": catalogue_id(reply.key) if reply is not None else "",
    }


@access.allowed(VAN_THU, LANH_DAO, QUAN_TRI)
def incoming(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    page, count, names = _page(request, year, DEN)
    access.log(request, "xem-so-den", str(year))
    return render(request, "web/register.html", {
        "year": year, "page": page, "count": count, "q": request.GET.get("q", ""),
        "names": names, "incoming": True, "rows": [_incoming_row(e) for e in page],
    })  # fmt: skip


@access.allowed(VAN_THU, LANH_DAO, QUAN_TRI)
def export(request: HttpRequest) -> HttpResponse:
    """The register printed in the decree's form (Phụ lục IV) as XLSX, DOCX or PDF."""
    year = _year(request)
    fmt = request.GET.get("dinh-dang", "xlsx")
    stream = DEN if request.GET.get("so") == "den" else HANH_CHINH
    if fmt not in CONTENT_TYPES:
        fmt = "xlsx"
    try:
        printed = office().print_book(year, stream, fmt)
    except DocgenError as error:
        return render(request, "web/error.html", {"title": "Chưa in được sổ",
                      "message": said.line(error)}, status=400)  # fmt: skip
    access.log(request, "in-so", printed.name)
    response = HttpResponse(printed.data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{printed.name}"'
    return response


def _done(request: HttpRequest, message: str, *, ok: bool = True) -> HttpResponse:
    from django.contrib import messages

    (messages.success if ok else messages.error)(request, message)
    return redirect("so-di")


@access.allowed(VAN_THU)
@require_POST
def reserve(request: HttpRequest) -> HttpResponse:
    symbol = request.POST.get("ky_hieu", "").strip()
    slug = request.POST.get("loai", "")
    try:
        kind = Kind.from_slug(slug) if slug else None
        secrecy = Secrecy[request.POST["do_mat"]] if request.POST.get("do_mat") else None
        entry = office().reserve(
            request.POST.get("so_he", HANH_CHINH) or HANH_CHINH, symbol, kind=kind,
            subject=request.POST.get("trich_yeu", ""), note=request.POST.get("ghi_chu", ""),
            secrecy=secrecy,
        )  # fmt: skip
    except (DocgenError, KeyError) as error:
        text = error.message if isinstance(error, DocgenError) else "loại văn bản không có"
        return _done(request, f"Chưa giữ được số: {text}", ok=False)
    access.log(request, "giu-so", entry.number_symbol)
    return _done(request, f"Đã giữ số {entry.number_symbol} (sổ {entry.stream}, năm {entry.year}).")


def _key(request: HttpRequest) -> EntryKey:
    return EntryKey(
        int(request.POST.get("nam") or office().today().year),
        request.POST.get("so_he", HANH_CHINH) or HANH_CHINH,
        int(request.POST.get("so", "0") or 0),
    )


@access.allowed(VAN_THU)
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    try:
        key = _key(request)
        entry = office().cancel(key, request.POST.get("ly_do", ""))
    except (DocgenError, ValueError) as error:
        text = error.message if isinstance(error, DocgenError) else "số không hợp lệ"
        return _done(request, f"Chưa hủy được số: {text}", ok=False)
    access.log(request, "huy-so", f"{entry.number_symbol}: {entry.cancel_reason}")
    return _done(request, f"Đã hủy số {entry.number_symbol}: {entry.cancel_reason}")


@access.allowed(VAN_THU)
@require_POST
def annotate(request: HttpRequest) -> HttpResponse:
    try:
        target = _key(request)
        by_number = request.POST.get("boi_so", "").strip()
        by = EntryKey(target.year, target.stream, int(by_number)) if by_number else None
        kind = AnnotationKind(request.POST.get("loai_dinh_chinh", ""))
        office().annotate(
            Annotation(target=target, kind=kind, by=by, note=request.POST.get("ghi_chu", ""),
                       date=office().today())
        )  # fmt: skip
    except (DocgenError, ValueError) as error:
        text = error.message if isinstance(error, DocgenError) else "thông tin không hợp lệ"
        return _done(request, f"Chưa ghi được: {text}", ok=False)
    access.log(request, "dinh-chinh", f"{target.number:02d} ({kind.value})")
    return _done(request, f"Đã ghi {kind.label.lower()} cho số {target.number:02d}.")
