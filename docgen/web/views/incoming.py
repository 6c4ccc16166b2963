"""Receiving: the văn thư uploads an incoming PDF, sees where the ĐẾN stamp goes on page 1, and
registers it — `docgen receive`: số đến, the stamp, the incoming register, the unit's copy."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from docgen.errors import DocgenError
from docgen.rules.dates import day_or_none
from docgen.services.office import pdf_page_png
from docgen.web import access, said, uploads
from docgen.web.models import VAN_THU
from docgen.web.office import office

#: uploads waiting for the clerk's confirmation, and the stamped page images, by a random token
PENDING = Path(tempfile.gettempdir()) / "docgen-web-incoming"


@access.allowed(VAN_THU)
def receive(request: HttpRequest) -> HttpResponse:
    units = [(u.abbreviation, u.name) for u in office().agency.units if u.abbreviation != "VT"]
    context: dict[str, object] = {"units": units, "post": request.POST}
    if request.method != "POST":
        if request.GET.get("token"):  # a scan's upload, back from its OCR (views.scans)
            from docgen.web.views.scans import prefilled

            return prefilled(request, context, request.GET["token"])
        return render(request, "web/receive.html", context)
    context["to"] = request.POST.get("chuyen", "")
    token = request.POST.get("token", "")
    PENDING.mkdir(parents=True, exist_ok=True)
    if token:  # the clerk confirms the upload seen in the preview
        if not token.isalnum():
            raise Http404
        path = PENDING / f"{token}.pdf"
        if not path.is_file():
            context["error"] = "Tệp đã tải lên không còn; hãy tải lên lại."
            return render(request, "web/receive.html", context, status=400)
    else:
        try:
            data = uploads.pdf(request.FILES.get("tep"))
        except uploads.Refused as refused:
            context["error"] = str(refused)
            return render(request, "web/receive.html", context, status=400)
        token = secrets.token_hex(16)
        path = PENDING / f"{token}.pdf"
        path.write_bytes(data)
        from docgen.web.views.scans import TYPED, start

        try:  # a scan is recognised (OCR) in the background while the page shows its progress
            job = start(path, token, {n: request.POST.get(n, "").strip() for n in TYPED})
        except DocgenError as error:
            context["error"] = said.line(error)
            return render(request, "web/receive.html", context, status=400)
        if job is not None:
            context.update(token=token, ocr=office().scan_job(job))
            return render(request, "web/receive.html", context)
    date = day_or_none(request.POST.get("ngay", ""))
    if date is None:
        context["error"] = "Ghi ngày của văn bản đến, ví dụ 14/04/2024."
        context["token"] = token
        return render(request, "web/receive.html", context, status=400)
    fields = {
        "sender": request.POST.get("noi_gui", "").strip(),
        "notation": request.POST.get("so_ky_hieu", "").strip(),
        "date": date,
        "to": request.POST.get("chuyen", "").strip(),
        "subject": request.POST.get("trich_yeu", "").strip(),
        "type_name": request.POST.get("loai", "").strip(),
    }
    if request.POST.get("xac_nhan") != "1":  # first step: the preview of page 1 and its stamp
        try:
            context.update(token=token, preview=_page_image(path, token, fields["to"]))
        except DocgenError as error:
            context["error"] = said.line(error)
            return render(request, "web/receive.html", context, status=400)
        return render(request, "web/receive.html", context)
    try:
        received = office().receive(path, **fields)
    except DocgenError as error:
        context["error"] = said.line(error)
        context["token"] = token
        return render(request, "web/receive.html", context, status=400)
    path.unlink(missing_ok=True)
    access.log(request, "nhan-van-ban", f"{received.entry.number:04d} {fields['notation']}")
    url = reverse("van-ban", kwargs={"doc_id": received.row.doc_id})
    return redirect(f"{url}?vua-nhan=1")


def _page_image(path: Path, token: str, to: str) -> str:
    """Page 1 with the ĐẾN stamp where it will go (not registered yet)."""
    png = pdf_page_png(office().preview_stamp(path, to=str(to)), dpi=50)
    if png is None:
        return ""
    (PENDING / f"{token}.png").write_bytes(png)
    return str(reverse("nhan-anh", kwargs={"token": token}))


@access.allowed(VAN_THU)
def stamp_image(request: HttpRequest, token: str) -> HttpResponse:
    if not token.replace("-", "").isalnum():
        raise Http404
    path = PENDING / f"{token}.png"
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
