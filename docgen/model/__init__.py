"""Plain frozen dataclasses and enums for documents, agencies and registers (stdlib only)."""
