"""The signing keys as a clerk meets them at the command line: `docgen keys list` and `keys
check`, a PIN asked at the terminal without echo (a real pseudo-terminal), a wrong PIN as one
Vietnamese line and its exit code with no number taken, `docgen dev-token`."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.archive import open_register
from tests.conftest import EXAMPLES
from tests.e2e.test_filing_cli import run
from tests.support.tokens import PIN, PKI_PASSWORD, Tokens

CORRECTED = EXAMPLES / "bql-khth-moi-xet-chon-spcncl-da-sua.yaml"
DOCGEN = [sys.executable, "-m", "docgen"]


def test_keys_list_shows_the_tokens_plugged_in(
    tokens: Tokens, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tokens.make("LQL")
    profile = tokens.profile(tmp_path, signer_token="LQL")
    code, out, err = run(capsys, "keys", "list", "--profile", str(profile))
    assert code == 0, err
    assert "token 'LQL'" in out and 'key_id = "01"' in out and "Lê Quang Long" in out


def test_keys_check_opens_every_key_with_the_pins_from_the_environment(
    tokens: Tokens, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    tokens.make("LQL")
    profile = tokens.profile(tmp_path, signer_token="LQL")
    monkeypatch.setenv("DOCGEN_SIGN_PASSWORD", PKI_PASSWORD)
    monkeypatch.setenv("DOCGEN_PIN_TRUONG_BAN", PIN)
    code, out, err = run(capsys, "keys", "check", "--profile", str(profile))
    assert code == 0, err
    assert "Lê Quang Long: mở được khóa ở token 'LQL'" in out
    assert "Đã mở thử 2 khóa: sẵn sàng ký số." in out
    monkeypatch.setenv("DOCGEN_PIN_TRUONG_BAN", "9999")
    code, out, err = run(capsys, "keys", "check", "--profile", str(profile))
    assert code == 10 and err.count("\n") == 1 and "sai mã PIN" in err and "9999" not in err


def _spawn(args: list[str], env: dict[str, str], answer: str) -> tuple[int, str]:
    """Run `args` on a pseudo-terminal, type `answer` at the first prompt, return (exit code,
    everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty
        os.execvpe(args[0], args, env)
    shown = b""
    answered = False
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if (
            not answered
            and b"(ch\xe1\xbb\xaf nh\xe1\xba\xadp kh\xc3\xb4ng hi\xe1\xbb\x87n ra)" in shown
        ):
            os.write(fd, answer.encode() + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


def test_the_pin_is_asked_at_the_terminal_without_echo(tokens: Tokens, tmp_path: Path) -> None:
    tokens.make("LQL")
    profile = tokens.profile(tmp_path, signer_token="LQL")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_PIN")}
    env["DOCGEN_SIGN_PASSWORD"] = PKI_PASSWORD
    code, shown = _spawn([*DOCGEN, "keys", "check", "--profile", str(profile)], env, PIN)
    assert code == 0, shown
    assert "Mã PIN token của Lê Quang Long" in shown
    assert PIN not in shown  # typed, never echoed
    assert "Đã mở thử 2 khóa" in shown


def test_a_wrong_pin_at_issue_is_one_line_and_takes_no_number(
    tokens: Tokens, tmp_path: Path
) -> None:
    tokens.make("LQL")
    profile = tokens.profile(tmp_path, signer_token="LQL")
    env = {**os.environ, "DOCGEN_SIGN_PASSWORD": PKI_PASSWORD, "DOCGEN_PIN_TRUONG_BAN": "0000"}
    archive = tmp_path / "archive"
    done = subprocess.run(
        [*DOCGEN, "issue", str(CORRECTED), "--profile", str(profile), "--archive", str(archive),
         "--date", "05/03/2024"],
        env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 10, done.stderr
    assert done.stderr.startswith("Lỗi: sai mã PIN của token 'LQL' của Lê Quang Long")
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    with open_register(archive, "BQL") as store:
        assert store.entries(2024) == []


def test_without_a_terminal_a_missing_pin_names_the_variable(
    tokens: Tokens, tmp_path: Path
) -> None:
    tokens.make("LQL")
    profile = tokens.profile(tmp_path, signer_token="LQL")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_PIN")}
    env["DOCGEN_SIGN_PASSWORD"] = PKI_PASSWORD
    done = subprocess.run(
        [*DOCGEN, "keys", "check", "--profile", str(profile)],
        env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 10
    assert "chưa có mã PIN token của Lê Quang Long" in done.stderr
    assert "DOCGEN_PIN_TRUONG_BAN" in done.stderr


def test_dev_token_makes_a_token_a_profile_can_name(tokens: Tokens, tmp_path: Path) -> None:
    """`docgen dev-token` in its own process (its own SoftHSM2 folder), then `keys list`."""
    folder = tmp_path / "token"
    env = {**os.environ, "DOCGEN_SIGN_PASSWORD": PKI_PASSWORD, "DOCGEN_DEV_TOKEN_PIN": "2468"}
    env.pop("SOFTHSM2_CONF", None)
    done = subprocess.run(
        [*DOCGEN, "dev-token", str(folder), "--pki", str(tokens.pki.root_cert.parent),
         "--label", "THU", "--holder", "Nguyễn Văn Ngân"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "KHÔNG DÙNG THẬT" in done.stdout and 'token_label = "THU"' in done.stdout
    env["SOFTHSM2_CONF"] = str((folder / "softhsm2.conf").resolve())
    listed = subprocess.run(
        [*DOCGEN, "keys", "list", "--module", tokens.module],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert "token 'THU'" in listed.stdout and "Nguyễn Văn Ngân" in listed.stdout
