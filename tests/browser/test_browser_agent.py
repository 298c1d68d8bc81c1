"""The back office in a real browser: sign-in, lockout, roles, the audit log; axe-core on every page."""
from guichet_browser import STAFF


def sign_in(page, who: str, step: str):
    _, email, password = STAFF[who]
    page.visit("/agent/login", f"{step}-login-form")
    page.fill("email", email)
    page.fill("password", password)
    page.submit(f"{step}-signed-in")


def sign_out(page, step: str):
    page.click("#logout", f"{step}-signed-out")


def test_sign_in_out_and_a_protected_page(page):
    page.visit("/agent/audit", "protected-redirects")
    assert page.path() == "/agent/login"
    # wrong password: the form comes back with the error, next to the field and in the summary
    _, email, _ = STAFF["agent"]
    page.fill("email", email)
    page.fill("password", "not the password")
    page.submit("wrong-password")
    assert page.last_status() == 401
    assert page.exists(".error-summary")
    assert page.value("email") == email
    sign_in(page, "agent", "agent")
    assert page.path() == "/agent"
    assert "claire.martin" in page.text("header")
    # an agent is not an admin
    page.visit("/agent/audit", "agent-not-admin", check=False)
    assert page.last_status() == 403
    page.visit("/agent", "agent-home")
    sign_out(page, "agent")
    assert page.path() == "/agent/login"
    page.visit("/agent", "after-sign-out")
    assert page.path() == "/agent/login"


def test_lockout_after_five_wrong_passwords(page):
    _, email, password = STAFF["locked"]
    page.visit("/agent/login", "login-form")
    for attempt in range(5):
        page.fill("email", email)
        page.fill("password", f"wrong guess {attempt}")
        page.submit(f"wrong-{attempt + 1}")
        assert page.last_status() == 401
    page.fill("email", email)
    page.fill("password", password)
    page.submit("locked-out")
    assert page.last_status() == 429
    assert page.exists(".error-summary")
    assert page.path() == "/agent/login"


def test_admin_reads_the_audit_log(page):
    sign_in(page, "admin", "admin")
    page.visit("/agent/audit", "audit-log")
    assert page.exists("table.data")
    assert "login" in page.text("table.data")
    page.fill("action", "login")
    page.submit("audit-filtered", "main form.filters")
    assert "action=login" in page.driver.current_url
    sign_out(page, "admin")
