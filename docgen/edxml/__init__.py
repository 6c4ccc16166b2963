"""edXML packages (QCVN 102:2016/BTTTT): writing and reading the messages agencies exchange.

A sibling of `render`, `pdf` and `archive`: pure bytes in, bytes or model objects out; it reads no
settings and touches no file. `build` writes a document package or a status message, `parse`
reads one back, refusing a hostile or malformed one with an InputError (`safe`), and both check
the XML against the schemas kept in `schema/` (`schema`). Every element name is in `names`.
"""
