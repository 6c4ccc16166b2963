"""The reference dispatch (examples/bql-hanoi) drafted by docgen, converted by LibreOffice, then
stamped and signed: the strings that find the signature block come from the document model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from docgen.pdf.devpki import make_dev_pki
from docgen.pdf.devseal import make_dev_seal
from docgen.pdf.locate import find_signature_block
from docgen.pdf.pipeline import finish_main_document
from docgen.pdf.probe import placed_images, unembedded_fonts
from docgen.pdf.sign import DEFAULT_FIELD, Pkcs12Signer
from docgen.pdf.stamp import SignatureStamp
from docgen.pdf.verify import verify_pdf
from tests.conftest import FIXED_TODAY, REFERENCE_PROFILE, REFERENCE_YAML

pytestmark = pytest.mark.libreoffice


def test_signed_reference_dispatch_validates_with_the_seal_on_the_signature(
    reference_draft: Path, tmp_path: Path, artifacts_dir: Path
) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; `make test` installs it")
    from docgen.inputs.document import load_document
    from docgen.inputs.profile import load_profile
    from docgen.render.convert import convert_to_pdf
    from docgen.rules.blocks import signature_lines

    agency = load_profile(REFERENCE_PROFILE)
    document = load_document(REFERENCE_YAML, agency, today=FIXED_TODAY)
    position, name = signature_lines(document.signature)[-1], document.signature.name
    pdf = convert_to_pdf(reference_draft, tmp_path / "pdf")
    pki = make_dev_pki(tmp_path / "pki", agency=agency.name, password="x")
    images = make_dev_seal(tmp_path / "img", agency=agency.name, signer=name)
    out = tmp_path / "reference-signed.pdf"
    done = finish_main_document(
        pdf,
        out,
        Pkcs12Signer(pki.agency_p12, "x"),
        signature=SignatureStamp(position, name, images.signature),
        seal_image=images.seal,
    )
    shutil.copyfile(out, artifacts_dir / "pdf-reference-signed.pdf")
    report = verify_pdf(out, [pki.root_cert])
    assert report.ok, report.all_problems()
    assert unembedded_fonts(out) == []
    block = find_signature_block(out, position, name)
    (seal,) = [i for i in placed_images(out) if i.source == DEFAULT_FIELD]
    with Image.open(images.signature) as png:
        (signature,) = [i for i in placed_images(out) if i.pixels == png.size]
    assert done.placement is not None and signature.page_index == done.placement.page_index
    fraction = seal.box.horizontal_overlap(signature.box) / signature.box.width
    assert 0.25 <= fraction <= 0.40 and seal.box.x0 < signature.box.x0
    assert block.name.y1 < signature.box.y0 < signature.box.y1 < block.position.y0
