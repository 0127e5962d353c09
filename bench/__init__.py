"""Performance benchmark for the site (measurement only; not part of the test run).

Run it with ``make bench`` or ``.venv/bin/python -m bench``; see bench/README.md.
"""
