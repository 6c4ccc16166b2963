"""Mail merge in the browser: the văn thư picks an approved công văn, uploads the sheet of
recipients, sees every bad row before any number is taken, runs it with a live progress bar and
downloads the result sheet — `docgen batch … --one-per-recipient`."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from django.db import close_old_connections
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from docgen.errors import DocgenError
from docgen.web import access, said, uploads
from docgen.web.models import DA_DUYET, VAN_THU, BatchJob, Draft
from docgen.web.office import office
from docgen.web.views.drafts import source_file

#: one batch at a time per server process: the register serialises them anyway
_running = threading.Lock()


def _problems(error: DocgenError) -> list[str]:
    found = getattr(error, "problems", None)
    if found:
        return [p.line() for p in found]
    return [said.line(error)]


@access.allowed(VAN_THU)
def start(request: HttpRequest) -> HttpResponse:
    drafts = Draft.objects.filter(status=DA_DUYET, docx__isnull=True, kind="cong-van")
    context: dict[str, object] = {"drafts": drafts, "jobs": BatchJob.objects.order_by("-pk")[:10]}
    if request.method != "POST":
        return render(request, "web/merge.html", context)
    draft = get_object_or_404(Draft, pk=request.POST.get("du_thao") or 0, status=DA_DUYET)
    try:
        data, suffix = uploads.sheet(request.FILES.get("tep"))
    except uploads.Refused as refused:
        context["problems"] = [str(refused)]
        return render(request, "web/merge.html", context, status=400)
    name = Path(request.FILES["tep"].name or f"nguoi-nhan{suffix}").stem[:150] + suffix
    with tempfile.TemporaryDirectory(prefix="docgen-web-merge-") as work:
        source, _ = source_file(draft, Path(work))
        sheet = Path(work) / name
        sheet.write_bytes(data)
        try:
            plan = office().plan_merge(source, sheet)
        except DocgenError as error:  # every bad row, before any number is taken
            context["problems"] = _problems(error)
            context["chosen"] = draft.pk
            return render(request, "web/merge.html", context, status=400)
    job = BatchJob.objects.create(
        user=request.user, draft=draft, sheet=data, sheet_name=name, total=len(plan.items)
    )
    access.log(request, "tron-thu", f"dự thảo {draft.pk}, {name}, {job.total} người nhận")
    threading.Thread(
        target=_run, args=(job.pk,), name=f"docgen-merge-{job.pk}", daemon=True
    ).start()
    return redirect("tron-thu-lo", pk=job.pk)


def _run(pk: int) -> None:
    """The batch, in a thread of the server process, with a register connection of its own (a
    SQLite connection belongs to its thread); its progress goes to the job's row."""
    from docgen.services.office import Office
    from docgen.web.config import current

    close_old_connections()
    config = current()
    own = Office(config.profile, config.archive, config.database_url)
    try:
        with _running:
            job = BatchJob.objects.get(pk=pk)
            job.status = "chay"
            job.save(update_fields=["status"])
            with tempfile.TemporaryDirectory(prefix="docgen-web-merge-") as work:
                source, _ = source_file(job.draft, Path(work))
                sheet = Path(work) / job.sheet_name
                sheet.write_bytes(bytes(job.sheet))
                manifest = Path(work) / "ket-qua.xlsx"

                def progress(done: int, total: int, label: str) -> None:
                    BatchJob.objects.filter(pk=pk).update(done=done, total=total)

                unexpected: Exception | None = None
                try:
                    plan = own.plan_merge(source, sheet)
                    result = own.run_merge(plan, manifest, progress=progress)
                    job.status = "xong"
                    job.message = (
                        f"Đã cấp {result.issued_now} số ({result.skipped} số đã có từ trước)."
                    )
                except DocgenError as error:
                    job.status, job.message = "loi", said.line(error)
                except Exception as error:  # the page must not wait for ever
                    job.status = "loi"
                    job.message = f"lỗi không mong đợi ({type(error).__name__}); báo quản trị"
                    unexpected = error
                job.manifest = manifest.read_bytes() if manifest.is_file() else None
                job.done = BatchJob.objects.get(pk=pk).done
                job.save(update_fields=["status", "message", "manifest", "done"])
                if unexpected is not None:
                    raise unexpected
    finally:
        own.close()
        close_old_connections()


@access.allowed(VAN_THU)
def job(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "web/merge_job.html", {"job": get_object_or_404(BatchJob, pk=pk)})


@access.allowed(VAN_THU)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar (htmx polls it until the job ends)."""
    return render(request, "web/_merge_progress.html", {"job": get_object_or_404(BatchJob, pk=pk)})


@access.allowed(VAN_THU)
def result(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(BatchJob, pk=pk)
    if found.manifest is None:
        raise Http404
    access.log(request, "tai-ket-qua-tron-thu", str(found.pk))
    response = HttpResponse(
        bytes(found.manifest),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ket-qua-lo-{found.pk}.xlsx"'
    return response
