"""Import of CSV and Excel files: reading, checking, reporting and writing in bulk.

The entity importers live in their apps (``kam/<app>/importers.py``); the column
layouts are documented in docs/import-format.md.
"""

from kam.core.importing.issues import ImportIssue, ImportRefused, ImportResult, IssueList

__all__ = ["ImportIssue", "ImportRefused", "ImportResult", "IssueList"]
