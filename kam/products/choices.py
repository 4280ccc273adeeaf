"""Product choices: none yet; product lines are data (``ProductLine``), not a fixed list."""
