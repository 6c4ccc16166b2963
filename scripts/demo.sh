#!/usr/bin/env bash
# make demo: the main job on the embedded defaults (SQLite register, local archive under build/demo).
#   1. draft the reference dispatch exactly as the agency wrote it (DOCX + PDF);
#   2. check it against Nghị định 30: it cites documents dated after it and has a reversed span;
#   3. issue the corrected dispatch: number from the register, date, DOCX + PDF, register row.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/demo
rm -rf "$out"
mkdir -p "$out"
example=examples/bql-hanoi
docgen=.venv/bin/docgen
export DOCGEN_PROFILE="$example/docgen.toml"
export DOCGEN_ARCHIVE="$out/archive"

echo "== 1. Soạn công văn mẫu (dự thảo, chưa có số) =="
"$docgen" draft "$example/bql-khth-moi-xet-chon-spcncl.yaml" -o "$out/du-thao.docx" --pdf
echo
echo "== 2. Kiểm tra thể thức bản dự thảo =="
"$docgen" check "$out/du-thao.docx" || echo "(docgen check báo lỗi: bản dự thảo cần sửa trước khi ban hành)"
echo
echo "== 3. Ban hành bản đã sửa: cấp số, ghi ngày, tạo DOCX + PDF, vào sổ =="
"$docgen" issue "$example/bql-khth-moi-xet-chon-spcncl-da-sua.yaml" --date 05/03/2024
echo
echo "== Sổ đăng ký văn bản đi năm 2024 =="
"$docgen" register show --year 2024
echo
echo "Các tệp đã tạo (mở bằng Word, LibreOffice hoặc trình đọc PDF):"
find "$(pwd)/$out" -name '*.docx' -o -name '*.pdf' | sort | sed 's/^/  /'
