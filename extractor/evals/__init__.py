"""The eval harness: score extractions against gold (pure), save runs, compare them.

``scoring`` and ``compare`` are pure so the numbers people compare model versions by depend
on nothing but the records; ``runs`` is the only part that touches disk.
"""
