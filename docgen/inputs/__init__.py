"""Readers that turn clerk-written files (agency profile TOML, document YAML) into the model.

Every problem becomes one `DocgenError` naming the file, the field and the fix; nothing else escapes.
"""
