"""The demo world (``manage.py seed_demo``) and a county at real scale (``manage.py
seed_scale``). It uses every app; no app uses it."""

DEMO_PASSWORD = "navpartner-demo"  # noqa: S105 - printed in the README; demo only
