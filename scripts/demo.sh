#!/usr/bin/env bash
# make demo: draft the reference dispatch of the example agency (DOCX + PDF) on the embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/demo
rm -rf "$out"
mkdir -p "$out"
example=examples/bql-hanoi
docgen=.venv/bin/docgen

echo "== Soạn công văn mẫu (dự thảo, chưa có số) =="
"$docgen" draft "$example/bql-khth-moi-xet-chon-spcncl.yaml" --profile "$example/docgen.toml" \
  -o "$out/bql-khth-moi-xet-chon-spcncl.docx" --pdf
echo
echo "Mở bằng Word hoặc LibreOffice:"
echo "  $(pwd)/$out/bql-khth-moi-xet-chon-spcncl.docx"
echo "  $(pwd)/$out/bql-khth-moi-xet-chon-spcncl.pdf"
