"""Finding a document: one box for a number (`05/BQL-KHTH`, `5/2024`) or words with or without
diacritics, and filters; reading its PDF in the browser. Secret documents only for the roles the
administrator allows; files are found from the catalogue, never from a path in the request."""

from __future__ import annotations

import re
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from docgen.errors import DocgenError
from docgen.model.kinds import Kind
from docgen.model.register import DEN, key_of
from docgen.rules.dates import day_or_none
from docgen.web import access, said
from docgen.web.access import EVERYONE
from docgen.web.office import office

_NUMBER_YEAR = re.compile(r"^\s*0*(\d{1,9})\s*/\s*(\d{4})\s*$")


@access.allowed(*EVERYONE)
def find(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    filters: dict[str, Any] = {}
    for key, name in (("loai", "kind"), ("nguoi_ky", "signer"), ("noi_nhan", "recipient"),
                      ("don_vi", "holder"), ("chieu", "direction")):  # fmt: skip
        if request.GET.get(key):
            filters[name] = request.GET[key].strip()
    for key, name in (("tu", "date_from"), ("den", "date_to")):
        if request.GET.get(key):
            filters[name] = day_or_none(request.GET[key])
    number_year = _NUMBER_YEAR.match(text)  # `5/2024`: number 5 of 2024, whatever the symbol
    if number_year:
        filters.update(number=int(number_year[1]), year=int(number_year[2]))
        text = ""
    rows: list[Any] = []
    asked = bool(text or filters)
    error = ""
    if asked:
        try:
            rows = office().search(text, secret_allowed=access.secret_allowed(request), **filters)
        except DocgenError as found:
            error = said.line(found)
        access.log(request, "tim", text or str(filters))
    return render(request, "web/search.html", {
        "q": request.GET.get("q", ""), "rows": rows, "asked": asked, "error": error,
        "get": request.GET, "kinds": [(k.info.slug, k.info.name) for k in Kind],
    })  # fmt: skip


def _row(request: HttpRequest, doc_id: str) -> Any:
    row = office().document(doc_id)
    if row is not None and row.secrecy and not access.secret_allowed(request):
        access.log(request, "tu-choi-van-ban-mat", doc_id)
        raise Http404  # a secret document is not even said to exist
    if row is None:
        raise Http404
    return row


SIGNATURES = {
    "nguyen-ven": "còn nguyên vẹn (kiểm tra độ tin cậy bằng docgen verify)",
    "khong-ky": "không có chữ ký số",
    "hong": "HỎNG: văn bản đã bị sửa sau khi ký",
}


@access.allowed(*EVERYONE)
def document(request: HttpRequest, doc_id: str) -> HttpResponse:
    row = _row(request, doc_id)
    access.log(request, "xem-van-ban", f"{row.notation} ({doc_id})")
    return render(request, "web/document.html", {
        "row": row, "doc_id": doc_id, "just_issued": "vua-ban-hanh" in request.GET,
        "just_received": "vua-nhan" in request.GET,
        "signature": SIGNATURES.get(row.signature, row.signature or "không có"),
        "answers": _answers(doc_id),
    })  # fmt: skip


def _answers(doc_id: str) -> list[dict[str, Any]]:
    """For an outgoing document (`di/2024/hanh_chinh/5`): the incoming documents it answers,
    each with its handling page's year and số đến."""
    key = key_of(doc_id)
    if key is None or key.stream == DEN:
        return []
    rows = office().processing.answered(key.year, key.stream, key.number)
    return [
        {"year": r.year, "number": r.number, "label": f"{r.number:02d}/{r.year}",
         "source": " ".join(p for p in (r.sender, r.notation) if p)}
        for r in rows
    ]  # fmt: skip


@access.allowed(*EVERYONE)
def page_image(request: HttpRequest, doc_id: str) -> HttpResponse:
    """Page 1 of the document's PDF as an image (a browser without a PDF viewer, a phone)."""
    from docgen.services.office import pdf_page_png

    row = _row(request, doc_id)
    try:
        path = office().document_file(doc_id)
    except DocgenError:
        raise Http404 from None
    png = pdf_page_png(path.read_bytes(), dpi=70)
    if png is None:
        raise Http404
    access.log(request, "xem-anh-van-ban", f"{row.notation} ({doc_id})")
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "no-store"  # a document's page stays in no browser cache
    return response


@access.allowed(*EVERYONE)
def open_file(request: HttpRequest, doc_id: str) -> HttpResponse:
    row = _row(request, doc_id)
    name = request.GET.get("ten", "")
    try:
        path = office().document_file(doc_id, name)
    except DocgenError:
        raise Http404 from None
    download = request.GET.get("tai") == "1"
    access.log(request, "tai-van-ban" if download else "mo-van-ban", f"{row.notation}: {path.name}")
    kinds = {".pdf": "application/pdf", ".json": "application/json",
             ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}  # fmt: skip
    response = FileResponse(
        path.open("rb"), content_type=kinds.get(path.suffix, "application/octet-stream"),
        as_attachment=download or path.suffix != ".pdf", filename=path.name,
    )  # fmt: skip
    return response
