"""KAM's hand-run benchmarks: order line import against COPY, pages against their raw SQL.

Run ``.venv/bin/python bench/run.py --help``; see bench/README.md.
"""
