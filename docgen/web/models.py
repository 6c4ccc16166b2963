"""The application's own tables (beside the register's, in the same database): who works here and in
which role, the drafts on their way to being issued, mail-merge jobs, and the access log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

#: roles of an office (Nghị định 30: who drafts, who signs, who issues and files)
CHUYEN_VIEN = "chuyen_vien"
VAN_THU = "van_thu"
LANH_DAO = "lanh_dao"
QUAN_TRI = "quan_tri"
ROLES = [
    (CHUYEN_VIEN, "Chuyên viên"),
    (VAN_THU, "Văn thư"),
    (LANH_DAO, "Lãnh đạo"),
    (QUAN_TRI, "Quản trị"),
]
#: roles that see secret documents unless the administrator says otherwise: the records clerk who
#: registers them (Điều 15.2) and the leaders who sign them
SECRET_BY_DEFAULT = {VAN_THU, LANH_DAO}


class Member(models.Model):
    """A person of the office: their role and unit; a leader may be one of the profile's signers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member"
    )
    role = models.CharField("vai trò", max_length=20, choices=ROLES)
    unit = models.CharField("đơn vị", max_length=30, blank=True)
    signer_key = models.CharField("mã người ký (hồ sơ cơ quan)", max_length=60, blank=True)
    #: the head of `unit` (trưởng phòng …): checks the unit's drafts before they go to the signer
    #: (Điều 11–12) and assigns the incoming documents the unit leads to its people (Điều 24)
    unit_head = models.BooleanField("trưởng đơn vị", default=False)
    #: moves on at each logout: sessions (signed cookies) of an older epoch are refused
    session_epoch = models.IntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} ({self.get_role_display()})"


class RoleAccess(models.Model):
    """Whether a role sees secret documents (the administrator decides)."""

    role = models.CharField("vai trò", max_length=20, choices=ROLES, unique=True)
    secret_allowed = models.BooleanField("xem văn bản mật", default=False)

    class Meta:
        verbose_name = "quyền xem văn bản mật"
        verbose_name_plural = "quyền xem văn bản mật"

    def __str__(self) -> str:
        return str(self.get_role_display())


NHAP = "nhap"
TRINH_KY = "trinh_ky"
DA_DUYET = "da_duyet"
TRA_LAI = "tra_lai"
DA_BAN_HANH = "da_ban_hanh"
STATUSES = [
    (NHAP, "Đang soạn"),
    (TRINH_KY, "Trình ký"),
    (DA_DUYET, "Đã duyệt, chờ ban hành"),
    (TRA_LAI, "Trả lại"),
    (DA_BAN_HANH, "Đã ban hành"),
]


class Draft(models.Model):
    """A draft on its way: written in the form (`data`, the YAML input's fields) or uploaded as a
    Word file (`docx`), submitted, approved or returned, then issued by the records office."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    unit = models.CharField(max_length=30)
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    docx = models.BinaryField(null=True, blank=True)  #: an uploaded Word draft
    docx_name = models.CharField(max_length=200, blank=True)
    secret = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=STATUSES, default=NHAP)
    #: the steps it takes (`docgen.rules.approval`, comma-separated), fixed when submitted, and
    #: the index of the one it waits at while submitted
    steps = models.CharField(max_length=80, blank=True)
    step = models.IntegerField(default=0)
    #: moves on at every change: a change made on an older revision is refused (two approvers)
    revision = models.IntegerField(default=0)
    #: the SHA-256 of the content the last step approved: the content issued
    approved_digest = models.CharField(max_length=64, blank=True)
    number_symbol = models.CharField(max_length=80, blank=True)
    doc_id = models.CharField(max_length=120, blank=True)  #: the issued document's catalogue id
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-updated",)
        verbose_name = "bản dự thảo"
        verbose_name_plural = "bản dự thảo"

    @property
    def is_word(self) -> bool:
        return self.docx is not None

    @property
    def editable(self) -> bool:
        return self.status in (NHAP, TRA_LAI)

    def __str__(self) -> str:
        return self.subject or f"Dự thảo {self.pk}"


#: what a draft's history shows for each action
EVENT_LABELS = {
    "tao": "tạo bản dự thảo",
    "tai-len": "tải lên bản Word",
    "trinh": "trình",
    "trinh-ky": "trình ký",
    "duyet": "duyệt / chuyển bước tiếp",
    "tra-lai": "trả lại",
    "sua": "sửa",
    "rut-lai": "rút lại",
    "ban-hanh": "ban hành",
}


class DraftEvent(models.Model):
    """One step of a draft's history: who did what, when, and why."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ("at", "pk")

    @property
    def label(self) -> str:
        return EVENT_LABELS.get(str(self.action), str(self.action))


class BatchJob(models.Model):
    """A mail merge: an approved công văn and a sheet of recipients, run in the background."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    draft = models.ForeignKey(Draft, on_delete=models.PROTECT)
    sheet = models.BinaryField()
    sheet_name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, default="cho")  #: cho, chay, xong, loi
    done = models.IntegerField(default=0)
    total = models.IntegerField(default=0)
    message = models.TextField(blank=True)
    manifest = models.BinaryField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)


class AccessEvent(models.Model):
    """The access log (Phụ lục VI: the system records access). Written once, never changed or
    deleted through the application."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField("người dùng", max_length=150)
    action = models.CharField("thao tác", max_length=40)
    target = models.CharField("đối tượng", max_length=300, blank=True)
    ip = models.CharField("địa chỉ", max_length=60, blank=True)
    agent = models.CharField("trình duyệt", max_length=300, blank=True)

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = "nhật ký truy cập"
        verbose_name_plural = "nhật ký truy cập"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("nhật ký truy cập không sửa được")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("nhật ký truy cập không xóa được")
