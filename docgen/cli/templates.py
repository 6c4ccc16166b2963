"""`docgen templates export DIR`: Word templates (.dotx) of every document type for the specialists."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.errors import InputError
from docgen.model.kinds import Kind
from docgen.services import settings
from docgen.services.word_templates import export_templates


@click.group()
def templates() -> None:
    """Mẫu Word (.dotx) cho chuyên viên soạn thảo."""


@templates.command("export")
@click.argument("folder", metavar="THƯ-MỤC", type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "--profile",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Hồ sơ cơ quan (mặc định: DOCGEN_PROFILE hoặc ./docgen.toml).",
)
@click.option(
    "--type",
    "--loai",
    "kinds",
    metavar="LOẠI",
    multiple=True,
    help="Chỉ xuất mẫu của loại này (cong-van, quyet-dinh …); ghi nhiều lần được. Mặc định: "
    "mọi loại văn bản.",
)
@click.option(
    "--year", "--nam", type=click.IntRange(1945, 2100), help="Năm ghi trên mẫu (mặc định: năm nay)."
)
def export(folder: Path, profile: Path | None, kinds: tuple[str, ...], year: int | None) -> None:
    """Xuất mẫu Word (.dotx) của mọi loại văn bản, đã điền thông tin cơ quan.

    Chuyên viên mở mẫu bằng Word (tạo văn bản mới từ mẫu), thay các chỗ «…» bằng nội dung, lưu
    thành .docx; Văn thư cấp số bằng `docgen issue du-thao.docx`.
    """
    chosen = []
    for slug in kinds:
        try:
            chosen.append(Kind.from_slug(slug))
        except KeyError:
            slugs = ", ".join(k.info.slug for k in Kind)
            raise InputError(
                f"loại văn bản `{slug}` không có trong Nghị định 30",
                field="--type",
                hint=f"dùng một trong: {slugs}",
            ) from None
    made = export_templates(
        settings.profile_path(profile),
        folder,
        templates=settings.templates_dir(),
        year=year or settings.now_vietnam().year,
        kinds=tuple(chosen),
    )
    click.echo(f"Đã xuất {len(made)} mẫu Word vào {folder}:")
    for item in made:
        click.echo(f"  {item.path.name:<22} {item.kind.info.name}")
    click.echo(
        "Mở mẫu bằng Word, thay các chỗ «…» bằng nội dung rồi lưu thành .docx; cấp số bằng "
        "`docgen issue <tệp>.docx`."
    )
