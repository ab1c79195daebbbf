"""Synthetic learners for demos and benchmarks (`manage.py seed_demo --learners N`)."""
