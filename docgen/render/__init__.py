"""DOCX templates → documents (docxtpl in a sandboxed, escaping Jinja environment) and → PDF."""
