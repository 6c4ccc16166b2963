"""Files (hồ sơ) in the browser (docs/records/hoso.md, `docgen hoso`): a unit's person sees the
files of the unit, the documents not in a file yet with the files suggested for each, puts them
in (confirming a suggestion or typing a number), closes a file and prints its cover and contents
list. The văn thư sees and does this for every unit; leaders read. A chuyên viên opens only the
files of their own unit. Everything goes through `Office.records` (the services)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from docgen.errors import DocgenError, InputError
from docgen.model.records import HoSo
from docgen.rules.dates import parse_day
from docgen.web import access, said
from docgen.web.models import CHUYEN_VIEN, LANH_DAO, VAN_THU
from docgen.web.office import office

READERS = (CHUYEN_VIEN, VAN_THU, LANH_DAO)
FILERS = (CHUYEN_VIEN, VAN_THU)
FORMS = {
    "bia-ho-so.pdf": "application/pdf",
    "muc-luc-van-ban.pdf": "application/pdf",
    "bia-ho-so.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "muc-luc-van-ban.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _unit(request: HttpRequest) -> str | None:
    """The unit whose files the person works on: a chuyên viên's own; None (every unit) else."""
    return access.unit_of(request) if access.role_of(request) == CHUYEN_VIEN else None


def _year(request: HttpRequest) -> int:
    text = request.GET.get("nam") or request.POST.get("nam") or ""
    return int(text) if text.isdigit() and len(text) == 4 else office().today().year


def _file(request: HttpRequest, notation: str) -> HoSo:
    """The file, for a person allowed to see it (a chuyên viên: their unit's only)."""
    try:
        hoso = office().records.file(notation)
    except DocgenError:
        raise Http404 from None
    unit = _unit(request)
    if unit is not None and hoso.unit != unit:
        raise PermissionDenied("hồ sơ của đơn vị khác")
    return hoso


@access.allowed(*READERS)
def listing(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    files = office().records.files(year=year, unit=_unit(request))
    due = {d.hoso.notation: d for d in office().records.transfer_due()}
    return render(request, "web/hoso_list.html", {
        "year": year, "files": files, "unit": _unit(request),
        "rows": [(f, due.get(f.notation)) for f in files],
        "can_file": access.role_of(request) in FILERS,
    })  # fmt: skip


@access.allowed(*FILERS)
def unfiled(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    found = office().records.unfiled(
        year, unit=_unit(request), secret_allowed=access.secret_allowed(request)
    )
    return render(
        request, "web/hoso_unfiled.html", {"year": year, "items": found, "unit": _unit(request)}
    )


def _detail(request: HttpRequest, hoso: HoSo, **extra: Any) -> dict[str, Any]:
    role = access.role_of(request)
    can_file = role in FILERS and not hoso.closed
    return {
        "hoso": hoso,
        "view": office().records.view(hoso.notation),
        "can_file": can_file,
        "targets": _targets(request, hoso) if can_file else [],
        "today": office().today(),
        "forms": [(n, _label(n)) for n in sorted(hoso.forms) if n in FORMS],
        **extra,
    }


def _targets(request: HttpRequest, hoso: HoSo) -> list[HoSo]:
    """The open files of the same year a document of `hoso` may be moved to (a chuyên viên:
    their unit's)."""
    found = office().records.files(year=hoso.year, unit=_unit(request))
    return [f for f in found if not f.closed and f.notation != hoso.notation]


def _label(name: str) -> str:
    what = "Bìa hồ sơ" if name.startswith("bia") else "Mục lục văn bản"
    return f"{what} ({name.rsplit('.', 1)[-1].upper()})"


@access.allowed(*READERS)
def detail(request: HttpRequest, notation: str) -> HttpResponse:
    hoso = _file(request, notation)
    return render(request, "web/hoso.html", _detail(request, hoso))


@access.allowed(*FILERS)
@require_POST
def add(request: HttpRequest, notation: str) -> HttpResponse:
    hoso = _file(request, notation)
    document = request.POST.get("van_ban", "").strip()
    back = request.POST.get("ve", "")
    try:
        if not document:
            raise InputError("chưa ghi văn bản", hint="ghi số, ký hiệu (05/BQL-KHTH) hoặc số đến")
        done = office().records.assign(
            document, hoso.notation, reference=request.POST.get("tham_chieu") == "1"
        )
    except DocgenError as error:
        context = _detail(request, hoso, error=said.line(error), typed=document)
        return render(request, "web/hoso.html", context, status=400)
    access.log(request, "dua-vao-ho-so", f"{done.row.notation} → {hoso.notation}")
    from django.contrib import messages

    messages.success(request, f"Đã đưa văn bản {done.row.notation} vào hồ sơ {hoso.notation}.")
    if back == "chua-lap":
        return redirect(f"/ho-so/chua-lap/?nam={hoso.year}")
    return redirect("ho-so-xem", notation=hoso.notation)


@access.allowed(*FILERS)
@require_POST
def take_out(request: HttpRequest, notation: str) -> HttpResponse:
    """Take a document out of the file, or move it to another open file, with the reason."""
    hoso = _file(request, notation)
    document = request.POST.get("van_ban", "").strip()
    target = request.POST.get("sang", "").strip() or None
    try:
        if target is not None:
            _file(request, target)  # a chuyên viên moves only into their unit's files
        done = office().records.remove(
            document, hoso.notation, reason=request.POST.get("ly_do", ""), to=target,
            by=str(request.user.username),
        )  # fmt: skip
    except Http404:
        context = _detail(request, hoso, remove_error=f"không có hồ sơ {target}")
        return render(request, "web/hoso.html", context, status=400)
    except DocgenError as error:
        context = _detail(request, hoso, remove_error=said.line(error))
        return render(request, "web/hoso.html", context, status=400)
    where = f" → {done.target.notation}" if done.target else ""
    access.log(request, "go-khoi-ho-so", f"{done.row.notation}: {hoso.notation}{where}")
    from django.contrib import messages

    moved = f" và đưa vào hồ sơ {done.target.notation}" if done.target else ""
    messages.success(
        request,
        f"Đã gỡ văn bản {done.row.notation} khỏi hồ sơ {hoso.notation}{moved} "
        f"(nhật ký {done.action.id}).",
    )
    return redirect("ho-so-xem", notation=hoso.notation)


@access.allowed(*FILERS)
@require_POST
def close(request: HttpRequest, notation: str) -> HttpResponse:
    hoso = _file(request, notation)
    try:
        end = parse_day(request.POST.get("ngay", ""))
    except ValueError:
        context = _detail(request, hoso, close_error="Ghi ngày kết thúc, ví dụ 31/12/2025.")
        return render(request, "web/hoso.html", context, status=400)
    try:
        done = office().records.close(hoso.notation, end=end, note=request.POST.get("ghi_chu", ""))
    except DocgenError as error:
        context = _detail(request, hoso, close_error=said.line(error))
        return render(request, "web/hoso.html", context, status=400)
    access.log(request, "ket-thuc-ho-so", hoso.notation)
    from django.contrib import messages

    messages.success(
        request,
        f"Đã kết thúc hồ sơ {hoso.notation}: {done.hoso.documents} văn bản, {done.hoso.pages} trang.",
    )
    return redirect("ho-so-xem", notation=hoso.notation)


@access.allowed(*READERS)
def form(request: HttpRequest, notation: str, name: str) -> HttpResponse:
    hoso = _file(request, notation)
    if name not in FORMS:
        raise Http404
    try:
        path = office().records.form(hoso.notation, name)
    except DocgenError:
        raise Http404 from None
    access.log(request, "in-ho-so", f"{hoso.notation}: {name}")
    return FileResponse(
        path.open("rb"), content_type=FORMS[name], as_attachment=not name.endswith(".pdf"),
        filename=f"{hoso.notation}-{name}",
    )  # fmt: skip
