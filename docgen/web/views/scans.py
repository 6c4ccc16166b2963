"""Receiving a scan: the uploaded PDF is recognised (OCR) in the background while the page shows
its progress (htmx polls `progress`); when it is done the receive form comes back pre-filled with
what page 1 says — sender, number and symbol, date, type, trích yếu — for the văn thư to check
beside the preview of the ĐẾN stamp, then "Vào sổ" registers it (`docs/records/ocr.md`)."""

from __future__ import annotations

import json
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from docgen.errors import DocgenError
from docgen.web import access, said
from docgen.web.models import VAN_THU
from docgen.web.office import office

#: the receive form's fields a clerk may have typed with the upload, kept over the OCR
TYPED = ("noi_gui", "so_ky_hieu", "ngay", "trich_yeu", "loai", "chuyen")


def _pending() -> Path:
    from docgen.web.views.incoming import PENDING

    return PENDING


def _state_path(token: str) -> Path:
    if not token.isalnum():
        raise Http404
    return _pending() / f"{token}.ocr.json"


def start(path: Path, token: str, typed: dict[str, str]) -> str | None:
    """Queue the OCR of the upload `path` (its `token`); the job's id, None when it is no scan."""
    job = office().submit_scan(path)
    if job is None:
        return None
    _state_path(token).write_text(json.dumps({"job": job, "typed": typed}), "utf-8")
    return job


def _state(token: str) -> dict[str, object]:
    state = _state_path(token)
    if not state.is_file():
        raise Http404
    data = json.loads(state.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@access.allowed(VAN_THU)
def progress(request: HttpRequest, token: str) -> HttpResponse:
    """The OCR progress bar; once the job is done, htmx is sent on to the pre-filled form."""
    job = office().scan_job(str(_state(token)["job"]))
    if job is None:
        raise Http404
    response = render(request, "web/_ocr_progress.html", {"job": job, "token": token})
    if job.finished:
        response["HX-Redirect"] = f"{reverse('nhan-van-ban')}?token={token}"
    return response


def prefilled(request: HttpRequest, context: dict[str, object], token: str) -> HttpResponse:
    """The receive page of the upload `token`: the OCR's progress while it runs, then the form
    filled from page 1 (what the clerk typed with the upload first) and the stamp's preview."""
    from docgen.web.views.incoming import _page_image

    state = _state(token)
    path = _pending() / f"{token}.pdf"
    job = office().scan_job(str(state["job"]))
    if job is None or not path.is_file():
        context["error"] = "Tệp đã tải lên không còn; hãy tải lên lại."
        return render(request, "web/receive.html", context, status=400)
    context["token"] = token
    if not job.finished:
        context["ocr"] = job
        return render(request, "web/receive.html", context)
    typed = state.get("typed", {})
    assert isinstance(typed, dict)
    post = {name: str(typed.get(name, "")) for name in TYPED}
    try:
        read = office().scan_prefill(job.id)
    except DocgenError as error:  # OCR failed: the clerk types the fields
        context["error"] = said.line(error)
        context["post"] = post
        return render(request, "web/receive.html", context)
    found = {
        "noi_gui": read.sender,
        "so_ky_hieu": read.notation,
        "ngay": f"{read.date:%d/%m/%Y}" if read.date is not None else "",
        "trich_yeu": read.subject,
        "loai": read.type_name,
    }
    post |= {name: value for name, value in found.items() if value and not post.get(name)}
    context.update(post=post, ocr_read=True, to=post["chuyen"])
    try:
        context["preview"] = _page_image(path, token, post["chuyen"])
    except DocgenError as error:
        context["error"] = said.line(error)
    return render(request, "web/receive.html", context)
