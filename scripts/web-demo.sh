#!/usr/bin/env bash
# make web: the demo's archive (build/demo, made by `make demo`) in the browser, with one demo user
# per role; their passwords are printed below. Serves on http://127.0.0.1:8000 until Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/demo
docgen=.venv/bin/docgen
if [ ! -f "$out/docgen.toml" ]; then
  echo "Chưa có kho mẫu: chạy 'make demo' trước." >&2
  exit 1
fi
export DOCGEN_PROFILE="$out/docgen.toml"
export DOCGEN_SIGN_PASSWORD=demo-only
# the head's test token (made by make demo) and its PIN: the server signs at issue time
export SOFTHSM2_CONF="$(pwd)/$out/token/softhsm2.conf" DOCGEN_PIN_TRUONG_BAN=2468
users=(
  "chuyenvien:chuyen_vien:KHTH:Nguyễn Thu Hà:"
  "vanthu:van_thu:VT:Phạm Thị Lan:"
  "lanhdao:lanh_dao::Lê Quang Long:truong-ban"
  "quantri:quan_tri::Quản trị hệ thống:"
)
echo "Người dùng mẫu (mật khẩu chỉ để chạy thử):"
for spec in "${users[@]}"; do
  IFS=: read -r name role unit full signer <<<"$spec"
  password="demo-${name}-2024"
  DOCGEN_WEB_PASSWORD="$password" "$docgen" web createuser "$name" --role "$role" \
    --unit "$unit" --name "$full" --signer "$signer" >/dev/null 2>&1 || true
  printf '  %-11s %-12s mật khẩu: %s\n' "$name" "($role)" "$password"
done
echo
exec "$docgen" web --port "${PORT:-8000}"
