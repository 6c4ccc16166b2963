"""Drafts: a chuyên viên writes one in the form of its type (or uploads a Word draft) and sees page 1
and the format findings as they type; submits it; it goes the agency's way (`[approval]`: the unit
head checks it, the văn thư may check its format, a lãnh đạo approves it), returned with a comment
at any step; the văn thư issues the version approved — the same `docgen issue` the command line
runs. Every change goes through `docgen.web.approval` (the rules, and one winner of two)."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from docgen.errors import DocgenError, InputError
from docgen.inputs.word import WordOptions
from docgen.model.kinds import Kind
from docgen.model.register import catalogue_id
from docgen.rules import approval as rules
from docgen.services.office import Preview
from docgen.web import access, approval, forms, said, uploads
from docgen.web.models import (
    CHUYEN_VIEN,
    DA_BAN_HANH,
    DA_DUYET,
    LANH_DAO,
    TRINH_KY,
    VAN_THU,
    Draft,
    DraftEvent,
)
from docgen.web.office import office

PREVIEWS = Path(tempfile.gettempdir()) / "docgen-web-previews"


def _kind(slug: str) -> Kind:
    try:
        return Kind.from_slug(slug)
    except KeyError:
        raise Http404("loại văn bản không có") from None


def may_see(request: HttpRequest, draft: Draft) -> bool:
    """Whether the person may see `draft`: its unit's chuyên viên (its head among them), a lãnh
    đạo or the văn thư once it is submitted; a secret draft only its author, the unit's head
    and the roles allowed secret documents."""
    role = access.role_of(request)
    found = access.member(request)
    heads = found is not None and bool(found.unit_head) and found.unit == draft.unit
    if (
        draft.secret
        and draft.author_id != request.user.pk
        and not heads
        and not access.secret_allowed(request)
    ):
        return False
    if role == CHUYEN_VIEN:
        return bool(draft.unit == access.unit_of(request))
    return role in (LANH_DAO, VAN_THU) and draft.status in (TRINH_KY, DA_DUYET, DA_BAN_HANH)


def _visible(request: HttpRequest, draft: Draft) -> None:
    if not may_see(request, draft):
        if draft.secret:
            access.log(request, "tu-choi-du-thao-mat", str(draft.pk))
        raise PermissionDenied("không xem được bản dự thảo này")


def _keep(request: HttpRequest, draft: Draft, data: dict[str, Any]) -> None:
    """Store what was typed: the data, its trích yếu, whether it is secret."""
    draft.data = data
    draft.subject = str(data.get("trich_yeu", ""))[:500]
    draft.secret = bool(data.get("do_mat"))
    draft.save(update_fields=["data", "subject", "secret", "updated"])


def _event(draft: Draft, request: HttpRequest, action: str, comment: str = "") -> None:
    DraftEvent.objects.create(draft=draft, user=request.user, action=action, comment=comment)


@access.allowed(CHUYEN_VIEN, LANH_DAO, VAN_THU)
def listing(request: HttpRequest) -> HttpResponse:
    role = access.role_of(request)
    if role == CHUYEN_VIEN:
        drafts = Draft.objects.filter(unit=access.unit_of(request))
    elif role == LANH_DAO:
        drafts = Draft.objects.filter(status__in=(TRINH_KY, DA_DUYET, DA_BAN_HANH))
    else:
        drafts = Draft.objects.filter(status__in=(TRINH_KY, DA_DUYET, DA_BAN_HANH))
    status = request.GET.get("trang-thai", "")
    if status:
        drafts = drafts.filter(status=status)
    shown = [d for d in drafts[:500] if may_see(request, d)][:200]
    mine = [d for d in approval.waiting_for(request) if may_see(request, d)]
    for draft in (*shown, *mine):
        draft.waiting = approval.waiting_label(draft)
    context = {"drafts": shown, "status": status, "mine": mine}
    return render(request, "web/drafts.html", context)


@access.allowed(CHUYEN_VIEN)
def new(request: HttpRequest) -> HttpResponse:
    slug = request.GET.get("loai", "") or request.POST.get("loai", "")
    if not slug:
        return render(request, "web/draft_new.html", {"kinds": forms.kinds()})
    kind = _kind(slug)
    draft = Draft.objects.create(
        author=request.user, unit=access.unit_of(request), kind=kind.info.slug,
        data={"loai": kind.info.slug},
    )  # fmt: skip
    _event(draft, request, "tao")
    return redirect("du-thao-sua", pk=draft.pk)


@access.allowed(CHUYEN_VIEN)
def upload(request: HttpRequest) -> HttpResponse:
    """A Word draft (.docx) written in Word, read and checked as `docgen check` reads it."""
    if request.method != "POST":
        return render(request, "web/draft_upload.html", {})
    try:
        data = uploads.docx(request.FILES.get("tep"))
    except uploads.Refused as refused:
        return render(request, "web/draft_upload.html", {"error": str(refused)}, status=400)
    name = Path(request.FILES["tep"].name or "du-thao.docx").name[:200]
    try:
        checked = office().preview_word(data, png=False)
    except InputError as error:
        return render(request, "web/draft_upload.html", {"error": error.message}, status=400)
    draft = Draft.objects.create(
        author=request.user, unit=access.unit_of(request), kind="", docx=data, docx_name=name,
        subject=name,
    )  # fmt: skip
    del checked
    _event(draft, request, "tai-len", name)
    access.log(request, "tai-len-du-thao", name)
    return redirect("du-thao-sua", pk=draft.pk)


def _form_context(request: HttpRequest, draft: Draft, post: dict[str, Any]) -> dict[str, Any]:
    kind = _kind(draft.kind) if draft.kind else None
    agency = office().agency
    fields = forms.fields_for(kind, agency) if kind else []
    return {
        "draft": draft,
        "kind": kind,
        "fields": fields,
        "post": post,
        "events": draft.events.select_related("user"),
        "waiting": approval.waiting_label(draft),
        # an approved draft is edited from its own button (it goes back through approval)
        "can_edit": draft.editable and approval.can(request, draft, rules.EDIT),
        "can_reopen": draft.status == DA_DUYET and approval.can(request, draft, rules.EDIT),
        "can_submit": approval.can(request, draft, rules.SUBMIT),
        "can_recall": approval.can(request, draft, rules.RECALL),
        "can_approve": approval.can(request, draft, rules.PASS),
        "last_step": _last_step(draft),
        "can_issue": approval.can(request, draft, rules.ISSUE),
    }


def _last_step(draft: Draft) -> bool:
    state = approval.state_of(draft)
    return state.waiting_at is None or state.step == len(state.steps) - 1


def _refused(request: HttpRequest, draft: Draft, message: str, status: int = 403) -> HttpResponse:
    """The draft's page with `message` (a rule refused, or another person acted first)."""
    context = _form_context(request, draft, forms.post_of(draft.data) if not draft.is_word else {})
    sentence = message[0].upper() + message[1:] + "."
    context["message"] = f"Không được phép: {message}." if status == 403 else sentence
    context["preview"] = {}
    return render(request, "web/draft.html", context, status=status)


def _revision(request: HttpRequest) -> int | None:
    raw = request.POST.get("revision", "")
    return int(raw) if raw.isdigit() else None


def _apply(
    request: HttpRequest, draft: Draft, action: str, *, comment: str = "", **changes: Any
) -> HttpResponse | None:
    """Apply `action`; None when done, else the page saying why not (409: someone was first)."""
    outcome = approval.act(
        request, draft, action, revision=_revision(request), comment=comment, **changes
    )
    if outcome.stale:
        return _refused(request, draft, outcome.stale, status=409)
    if outcome.refused:
        return _refused(request, draft, outcome.refused)
    return None


def _posted(request: HttpRequest, draft: Draft) -> dict[str, Any]:
    kind = _kind(draft.kind)
    post = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    lists = {"luu": request.POST.getlist("luu")}
    return forms.data_of(post, kind, unit=draft.unit, today=office().today(), lists=lists)


@access.allowed(CHUYEN_VIEN, LANH_DAO, VAN_THU)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(Draft, pk=pk)
    _visible(request, draft)
    if request.method == "POST":
        if access.role_of(request) != CHUYEN_VIEN or (draft.is_word and draft.status == DA_DUYET):
            raise PermissionDenied("bản dự thảo này không sửa được nữa")
        if not draft.editable and draft.status != DA_DUYET:
            raise PermissionDenied("bản dự thảo này không sửa được nữa")
        data = _posted(request, draft)
        refused = _apply(
            request, draft, rules.EDIT, data=data,
            subject=str(data.get("trich_yeu", ""))[:500], secret=bool(data.get("do_mat")),
        )  # fmt: skip
        return refused or redirect("du-thao-sua", pk=draft.pk)
    post = forms.post_of(draft.data) if not draft.is_word else {}
    context = _form_context(request, draft, post)
    context["preview"] = _preview_context(draft, draft.data)
    return render(request, "web/draft.html", context)


def _preview(draft: Draft, data: dict[str, Any]) -> Preview:
    if draft.is_word:
        return office().preview_word(bytes(draft.docx))
    return office().preview(data)


def _preview_context(draft: Draft, data: dict[str, Any]) -> dict[str, Any]:
    """Page 1 and the findings of the draft as it stands, or the input error to fix first."""
    try:
        shown = _preview(draft, data)
    except InputError as error:
        hint = said.for_the_page(error.hint)
        return {"error": error.message, "hint": hint, "box": forms.box_of(error.field)}
    except DocgenError as error:
        return {"error": error.message, "hint": said.for_the_page(error.hint)}
    digest = ""
    if shown.png is not None:
        digest = hashlib.sha256(shown.png).hexdigest()[:32]
        PREVIEWS.mkdir(parents=True, exist_ok=True)
        (PREVIEWS / f"{draft.pk}-{digest}.png").write_bytes(shown.png)
    from docgen.rules.check.labels import label

    findings = [
        {"severity": f.severity.label, "level": f.severity.value, "label": label(f.rule),
         "place": f.place, "found": f.found, "fix": f.fix}
        for f in shown.report.findings
    ]  # fmt: skip
    return {"digest": digest, "findings": findings, "errors": len(shown.report.errors)}


@access.allowed(CHUYEN_VIEN, LANH_DAO, VAN_THU)
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview panel for the form as typed (htmx); the draft keeps what was typed."""
    draft = get_object_or_404(Draft, pk=pk)
    _visible(request, draft)
    data = draft.data
    if not draft.is_word and draft.editable and access.role_of(request) == CHUYEN_VIEN:
        data = _posted(request, draft)
        _keep(request, draft, data)
    context = {"draft": draft, "preview": _preview_context(draft, data)}
    return render(request, "web/_preview.html", context)


@access.allowed(CHUYEN_VIEN, LANH_DAO, VAN_THU)
def image(request: HttpRequest, pk: int, digest: str) -> HttpResponse:
    draft = get_object_or_404(Draft, pk=pk)
    _visible(request, draft)
    if not digest.isalnum():
        raise Http404
    path = PREVIEWS / f"{draft.pk}-{digest}.png"
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")


def _docx_of(draft: Draft) -> bytes:
    if draft.is_word:
        return bytes(draft.docx)
    return office().preview(draft.data, png=False).docx


@access.allowed(CHUYEN_VIEN, LANH_DAO, VAN_THU)
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    draft = get_object_or_404(Draft, pk=pk)
    _visible(request, draft)
    try:
        docx = _docx_of(draft)
        data = docx if fmt == "docx" else office().pdf_of(docx) if fmt == "pdf" else None
    except DocgenError as error:
        return render(request, "web/error.html", {"title": "Chưa tải được",
                      "message": said.line(error)}, status=400)  # fmt: skip
    if data is None:
        raise Http404
    access.log(request, f"tai-du-thao-{fmt}", str(draft.pk))
    kinds = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}  # fmt: skip
    response = HttpResponse(data, content_type=kinds[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="du-thao-{draft.pk}.{fmt}"'
    return response


@access.allowed(CHUYEN_VIEN)
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(Draft, pk=pk)
    _visible(request, draft)
    if not draft.editable:
        raise PermissionDenied("bản dự thảo đã trình")
    shown = _preview_context(draft, draft.data)
    if shown.get("error") or shown.get("errors"):
        context = _form_context(
            request, draft, forms.post_of(draft.data) if not draft.is_word else {}
        )
        context["preview"] = shown
        context["message"] = (
            "Chưa trình được: văn bản còn lỗi thể thức. Sửa các lỗi bên phải rồi trình lại."
        )
        return render(request, "web/draft.html", context, status=400)
    refused = _apply(request, draft, rules.SUBMIT, comment=request.POST.get("ghi_chu", ""))
    return refused or redirect("du-thao")


@access.allowed(CHUYEN_VIEN, VAN_THU, LANH_DAO)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The person of the step the draft waits at passes it on: the unit head's check, the văn
    thư's format check, the lãnh đạo's approval (the last step)."""
    draft = get_object_or_404(Draft, pk=pk)
    _visible(request, draft)
    refused = _apply(request, draft, rules.PASS, comment=request.POST.get("ghi_chu", ""))
    if refused is not None:
        return refused
    if draft.status == DA_DUYET:
        access.log(request, "duyet-du-thao", str(draft.pk))
    return redirect("du-thao")


@access.allowed(CHUYEN_VIEN, VAN_THU, LANH_DAO)
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_object_or_404(Draft, pk=pk)
    _visible(request, draft)
    comment = request.POST.get("ghi_chu", "").strip()
    if not comment and approval.can(request, draft, rules.RETURN):
        return _refused(request, draft, "ghi lý do trả lại để chuyên viên biết cần sửa gì", 400)
    refused = _apply(request, draft, rules.RETURN, comment=comment)
    return refused or redirect("du-thao")


@access.allowed(CHUYEN_VIEN)
@require_POST
def recall(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit takes a submitted (or approved) draft back to change it."""
    draft = get_object_or_404(Draft, pk=pk)
    _visible(request, draft)
    refused = _apply(request, draft, rules.RECALL, comment=request.POST.get("ghi_chu", ""))
    return refused or redirect("du-thao-sua", pk=draft.pk)


def source_file(draft: Draft, folder: Path) -> tuple[Path, WordOptions | None]:
    """The draft as the file `docgen issue` reads: its Word file, or its YAML input. The bytes
    depend on the draft alone, so the register refuses issuing the same draft twice."""
    if draft.is_word:
        path = folder / f"du-thao-{draft.pk}.docx"
        path.write_bytes(bytes(draft.docx))
        return path, WordOptions()
    path = folder / f"du-thao-{draft.pk}.yaml"
    text = yaml.safe_dump(draft.data, allow_unicode=True, sort_keys=True)
    path.write_text(text, "utf-8")
    return path, None


@access.allowed(VAN_THU)
@require_POST
def issue_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Number, date, sign, seal and file the approved draft: one click, the same issue as
    `docgen issue`; the number shows at once."""
    with transaction.atomic():
        draft = get_object_or_404(Draft.objects.select_for_update(), pk=pk)
        if draft.status != DA_DUYET:
            raise PermissionDenied("bản dự thảo chưa được duyệt hoặc đã ban hành")
    decision = rules.decide(
        approval.state_of(draft), rules.ISSUE, approval.actor_of(request),
        office().agency.approval,
    )  # fmt: skip
    if not decision.ok:  # e.g. the content is not the one approved
        return _refused(request, draft, decision.refused, 400)
    with tempfile.TemporaryDirectory(prefix="docgen-web-issue-") as work:
        source, word = source_file(draft, Path(work))
        try:
            result = office().issue_file(source, word=word)
        except DocgenError as error:
            access.log(request, "ban-hanh-that-bai", f"{draft.pk}: {error.message}")
            context = _form_context(request, draft, {})
            context["message"] = f"Chưa ban hành: {said.line(error)}"
            context["preview"] = {}
            return render(request, "web/draft.html", context, status=400)
    entry = result.entry
    doc_id = catalogue_id(entry.key)
    outcome = approval.act(
        request, draft, rules.ISSUE, comment=entry.number_symbol,
        number_symbol=entry.number_symbol, doc_id=doc_id,
    )  # fmt: skip
    if outcome.refused:  # issued all the same (the register has it): say so, keep the number
        access.log(request, "ban-hanh-ghi-du-thao-loi", f"{draft.pk}: {outcome.refused}")
        Draft.objects.filter(pk=draft.pk).update(
            status=DA_BAN_HANH, number_symbol=entry.number_symbol, doc_id=doc_id
        )
        draft.refresh_from_db()
    access.log(request, "ban-hanh", f"{entry.number_symbol} (dự thảo {draft.pk})")
    url = reverse("van-ban", kwargs={"doc_id": draft.doc_id})
    return redirect(f"{url}?vua-ban-hanh=1")
