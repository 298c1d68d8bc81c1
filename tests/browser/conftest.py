"""Fixtures of the browser tests; the machinery lives in guichet_browser.py (a unique module name, so it does not
collide with the conftest of tests/mail)."""
from guichet_browser import driver, page, pytest_runtest_makereport, server  # noqa: F401  (pytest finds them here)
