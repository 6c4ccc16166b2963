"""Creating the people of the office (the first administrator, the demo users)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from docgen.web.models import QUAN_TRI, ROLES, Member


class UserRefused(Exception):
    """A user that cannot be created; the message says why in Vietnamese."""


def create_user(
    username: str,
    password: str,
    *,
    role: str,
    unit: str = "",
    full_name: str = "",
    signer_key: str = "",
    check_password: bool = True,
    unit_head: bool = False,
    email: str = "",
) -> User:
    """A new person with `role` (chuyen_vien, van_thu, lanh_dao, quan_tri) in `unit`, its head
    with `unit_head`; the administrator also gets Django's admin pages."""
    if role not in dict(ROLES):
        raise UserRefused(f"vai trò `{role}` không có; dùng: {', '.join(dict(ROLES))}")
    if User.objects.filter(username=username).exists():
        raise UserRefused(f"đã có người dùng `{username}`")
    if check_password:
        try:
            validate_password(password)
        except ValidationError as error:
            raise UserRefused("mật khẩu chưa đủ mạnh: " + " ".join(error.messages)) from None
    first, _, last = full_name.rpartition(" ")
    user = User.objects.create_user(
        username,
        email=email.strip(),
        password=password,
        first_name=first or full_name,
        last_name=last if first else "",
    )
    if role == QUAN_TRI:
        user.is_staff = user.is_superuser = True
        user.save()
    if unit_head and not unit:
        raise UserRefused("trưởng đơn vị cần có đơn vị (--unit)")
    Member.objects.create(
        user=user, role=role, unit=unit, signer_key=signer_key, unit_head=unit_head
    )
    return user
