"""PDF layer: stamp overlays (signature image, seal, marks, attachment line), PAdES signing and
verification, plus the clearly fake test material (dev PKI, specimen seal and signature).

This package knows PDF bytes and coordinates only; it reads no configuration and imports neither
`render` nor `archive`. Heavy libraries (pikepdf, pyHanko, fpdf2, Pillow) are imported inside the
functions that need them so that `import docgen.pdf` stays cheap.
"""

import warnings

# cryptography 51 deprecates DSA, and pyHanko (0.38) imports the DSA key class when it loads: the
# warning comes from pyHanko's import, not from anything docgen signs with (RSA/ECDSA keys), so a
# clerk must not see it. Narrowed to that message from pyHanko's modules.
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")
