"""Data for the demo world that ``manage.py seed_demo`` builds: the agreement texts."""
