"""Paths of this checkout, computed from this file's location (never hard-coded)."""

from pathlib import Path

# clients/python/tests/repo_paths.py -> repository root.
REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPO_ROOT / "test" / "fixtures"
EXAMPLES = REPO_ROOT / "clients" / "python" / "examples"
