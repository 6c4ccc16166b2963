"""Sending an issued document to other agencies (liên thông) from its page: the văn thư picks
the receivers from the agency directory and docgen writes the edXML package into the outbox and
records the dispatch, exactly as `docgen send` (`Office.exchange`)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from docgen.errors import DocgenError
from docgen.rules.dates import day_or_none
from docgen.web import access, said
from docgen.web.models import VAN_THU
from docgen.web.office import office


@access.allowed(VAN_THU)
def send(request: HttpRequest, doc_id: str) -> HttpResponse:
    row = office().document(doc_id)
    if row is None or row.direction != "di" or (row.secrecy and not access.secret_allowed(request)):
        raise Http404  # only issued documents leave; a secret one is not even said to exist
    desk = office().exchange
    context: dict[str, object] = {
        "row": row, "doc_id": doc_id, "organs": desk.directory(), "legs": desk.legs(doc_id),
        "not_ready": desk.not_ready(), "chosen": request.POST.getlist("noi_nhan"),
        "post": request.POST,
    }  # fmt: skip
    if request.method != "POST":
        return render(request, "web/exchange_send.html", context)
    due_text = request.POST.get("han_tra_loi", "").strip()
    due = day_or_none(due_text) if due_text else None
    if due_text and due is None:
        context["error"] = "Ghi hạn trả lời dạng 20/05/2024, hoặc để trống."
        return render(request, "web/exchange_send.html", context, status=400)
    try:
        sent = desk.send(doc_id, request.POST.getlist("noi_nhan"), due_date=due)
    except DocgenError as error:
        context["error"] = said.line(error)
        return render(request, "web/exchange_send.html", context, status=400)
    access.log(request, "gui-lien-thong", f"{row.notation}: {sent.package.name}")
    from django.contrib import messages

    names = ", ".join(o.name or o.code for o in sent.header.receivers)
    messages.success(request, f"Đã lập gói tin liên thông văn bản {row.notation} gửi {names}.")
    return redirect(reverse("van-ban", args=[doc_id]))
