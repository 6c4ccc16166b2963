#!/usr/bin/env bash
# make demo: the main job on the embedded defaults (SQLite register, local archive under build/demo).
#   1. draft the reference dispatch exactly as the agency wrote it (DOCX + PDF);
#   2. check it against Nghị định 30: it cites documents dated after it and has a reversed span;
#   3. issue the corrected dispatch: number from the register, date, DOCX + PDF with the signer's
#      digital signature from their (software) USB token, its appearance the signature image, then
#      the agency's digital signature (seal visible), register row;
#   4. verify both signatures of the PDF, in order, against the test root;
#   5. send the dispatch to each enterprise of a spreadsheet (docgen batch), one number each.
# The keys, token, seal and signature are TEST material made here, marked "KHÔNG DÙNG THẬT" / "MẪU".
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/demo
rm -rf "$out"
mkdir -p "$out"
example=examples/bql-hanoi
docgen=.venv/bin/docgen

echo "== 0. Vật liệu THỬ NGHIỆM: chứng thư số, con dấu và chữ ký mẫu (KHÔNG DÙNG THẬT) =="
export DOCGEN_SIGN_PASSWORD=demo-only
"$docgen" dev-pki "$out/pki" --agency "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội" \
  --password "$DOCGEN_SIGN_PASSWORD"
"$docgen" dev-seal "$out/seal" --agency "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội" \
  --signer "Lê Quang Long"
# The head's own USB token (SoftHSM2): a key made on the token, a test certificate for it.
export DOCGEN_DEV_TOKEN_PIN=2468 DOCGEN_PIN_TRUONG_BAN=2468
export SOFTHSM2_CONF="$(pwd)/$out/token/softhsm2.conf"
"$docgen" dev-token "$out/token" --pki "$out/pki" --label LQL --holder "Lê Quang Long" \
  --agency "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội" | sed -n 1p
module="$(.venv/bin/python -c 'from docgen.pdf.devtoken import softhsm_module; print(softhsm_module())')"
# The demo profile: the example agency plus the test key, token, seal and signature image.
sed -e "/^\[signers.truong-ban\]/a signature_image = \"seal/signature.png\"\ntoken_label = \"LQL\"\npkcs11_module = \"$module\"" \
  "$example/docgen.toml" > "$out/docgen.toml"
cat >> "$out/docgen.toml" <<'TOML'

[archive]                                   # kho lưu trữ: build/demo/archive
path = "archive"

[signing]                                   # ký số khi ban hành (THỬ NGHIỆM)
pkcs12 = "pki/agency.p12"
seal_image = "seal/seal.png"
seal_size_mm = 40
TOML
export DOCGEN_PROFILE="$out/docgen.toml"
echo

echo "== 1. Soạn công văn mẫu (dự thảo, chưa có số) =="
"$docgen" draft "$example/bql-khth-moi-xet-chon-spcncl.yaml" -o "$out/du-thao.docx" --pdf
echo
echo "== 2. Kiểm tra thể thức bản dự thảo =="
"$docgen" check "$out/du-thao.docx" || echo "(docgen check báo lỗi: bản dự thảo cần sửa trước khi ban hành)"
echo
echo "== 3. Ban hành bản đã sửa: cấp số, ghi ngày, tạo DOCX + PDF, vào sổ =="
"$docgen" issue "$example/bql-khth-moi-xet-chon-spcncl-da-sua.yaml" --date 05/03/2024
echo
echo "== 3b. Mẫu Word cho chuyên viên, và ban hành bản Word chuyên viên đã soạn =="
"$docgen" templates export "$out/mau-word" --year 2024 > "$out/mau-word.txt"
head -4 "$out/mau-word.txt"
echo "  … ($(grep -c '\.dotx' "$out/mau-word.txt") mẫu)"
"$docgen" draft "$example/bql-ttr-kinh-phi-xuc-tien.yaml" -o "$out/du-thao-chuyen-vien.docx"
"$docgen" issue "$out/du-thao-chuyen-vien.docx" --date 05/03/2024
echo
echo "== 4. Kiểm tra hai chữ ký số của bản PDF đã ban hành (người ký, rồi cơ quan) =="
"$docgen" verify "$out/archive/van-thu/2024/van-ban-di/hanh_chinh/01-BQL-KHTH.pdf" \
  --trust "$out/pki/root.pem"
echo
echo "== 5. Gửi công văn cho từng doanh nghiệp trong bảng tính: mỗi doanh nghiệp một số =="
"$docgen" batch "$example/bql-khth-moi-xet-chon-spcncl-da-sua.yaml" "$example/nguoi-nhan.xlsx" \
  --one-per-recipient --date 05/03/2024 --manifest "$out/ket-qua-gui-doanh-nghiep.xlsx"
echo "   (chạy lại đúng lệnh này nếu máy tắt giữa chừng: docgen tiếp tục, không cấp trùng)"
echo
echo "== Sổ đăng ký văn bản đi năm 2024 =="
"$docgen" register show --year 2024
echo
echo "== Tìm lại văn bản theo số, và theo chữ không dấu + tên người nhận =="
"$docgen" search 1/BQL-KHTH
"$docgen" search "xet chon san pham" --recipient "co khi chinh xac"
echo
echo "Các tệp đã tạo (mở bằng Word, LibreOffice hoặc trình đọc PDF):"
for f in du-thao.docx du-thao.pdf archive/van-thu/2024/van-ban-di/hanh_chinh/01-BQL-KHTH.pdf \
  du-thao-chuyen-vien.docx archive/van-thu/2024/van-ban-di/hanh_chinh/02-TTr-BQL.pdf \
  mau-word/cong-van.dotx ket-qua-gui-doanh-nghiep.xlsx; do
  echo "  $(pwd)/$out/$f"
done
echo "  (và các văn bản khác dưới $(pwd)/$out/archive)"
echo
echo "Mở kho mẫu trong trình duyệt: chạy 'make web' rồi vào http://127.0.0.1:8000"
echo "(người dùng mẫu và mật khẩu được in ra khi chạy make web)."
