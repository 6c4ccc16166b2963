"""Use cases (draft, issue, file, receive, search, verify, export): they sequence the steps."""
