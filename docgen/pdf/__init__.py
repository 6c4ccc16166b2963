"""PDF layer: stamp overlays (signature image, seal, marks, attachment line), PAdES signing and
verification, plus the clearly fake test material (dev PKI, specimen seal and signature).

This package knows PDF bytes and coordinates only; it reads no configuration and imports neither
`render` nor `archive`. Heavy libraries (pikepdf, pyHanko, fpdf2, Pillow) are imported inside the
functions that need them so that `import docgen.pdf` stays cheap.
"""
