"""The application's views, one module per part of the office."""
