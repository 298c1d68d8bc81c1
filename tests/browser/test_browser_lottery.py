"""Issue 10 in the browser: no speed race. A ticket for a release lottery asked from the procedure's page, a release
made with `guichet release now` against the running server (the way an operator does it), the lottery drawn by the
server at its close, the winner confirming with the emailed code; a draw request whose priority claim carries the
permit's scan, checked by a supervisor; the keep and "another person" pages; the supervisors' new pages. Every page
is checked with axe and kept as a screenshot.
"""
from __future__ import annotations

import os
import re
import subprocess
import time
from datetime import date, timedelta

from guichet_browser import GUICHET_BIN, STAFF, Page, person, wait_for_mail
from test_browser_agent import sign_in, sign_out
from test_browser_public import MINIMAL_PDF, confirm_with_emailed_code, procedure_link, submit_draw_request

# The student counter serves only this procedure: its lottery does not touch the seats other tests book.
PROCEDURE = "student"


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def guichet(server, *arguments: str) -> str:
    """Runs a `guichet` command against the running server's data, as an operator does."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(GUICHET_DATA=str(server.data_dir), MAIL_URL=f"file://{server.mail_dir}",
               GUICHET_BASE_URL=server.base_url, LOG_LEVEL="warning")
    done = subprocess.run([str(GUICHET_BIN), *arguments], capture_output=True, text=True, cwd=str(server.data_dir),
                          env=env, timeout=120)
    assert done.returncode == 0, f"guichet {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_lottery_ticket_won_and_confirmed(page: Page):
    # An admin gives the student procedure's releases a one-minute lottery, so the test sees one drawn.
    sign_in(page, "admin", "lottery-admin")
    page.visit(f"/agent/config/procedures/{PROCEDURE}", "lottery-policy-form")
    page.fill("policy_lottery", "1")
    page.submit("lottery-policy-saved", f"form[action='/agent/config/procedures/{PROCEDURE}']")
    assert page.path() == "/agent/config", page.driver.current_url
    sign_out(page, "lottery-admin")

    # A student asks for a seat before any release: the ticket waits for the next lottery.
    mei = person("Zhang", "Mei", "2001-05-17", "CHN", "mei.zhang")
    page.visit("/", "lottery-home")
    page.click(procedure_link(page, PROCEDURE), "lottery-procedure")
    assert page.exists("a#lottery-link"), "a release-mode procedure offers no ticket"
    page.click("a#lottery-link", "lottery-form")
    assert page.path() == f"/procedures/{PROCEDURE}/request"
    page.fill_identity(mei, expiry=False)
    page.submit("lottery-ticket")
    assert re.fullmatch(r"/requests/L-[^/]+", page.path()), page.driver.current_url
    assert page.find("#status").get_attribute("data-status") == "waiting"
    ticket_url = page.driver.current_url
    registered = wait_for_mail(page.server, mei.email, subject=r"Tirage au sort des places")
    assert "/requests/L-" in registered.text

    # The release: its seats wait for the lottery, and the page says when the result comes.
    out = guichet(page.server, "release", "now", PROCEDURE, "--by", "browser-test")
    match = re.search(r"into lottery (\S+), drawn at (\S+)\.", out)
    assert match, f"guichet release now opened no lottery: {out!r}"
    lottery = match.group(1)
    page.visit(f"/procedures/{PROCEDURE}", "lottery-open")
    assert page.exists("#lottery-closes")

    # The server draws at the close (within a minute and a few seconds); the only ticket wins a seat and a code.
    won = wait_for_mail(page.server, mei.email, subject=r"code", timeout=100)
    code_url = re.search(r"https?://\S+/appointments/[0-9a-f-]+/code", won.text)
    assert code_url, f"the result gives no page to type the code: {won.text!r}"
    page.visit(ticket_url, "lottery-ticket-won")
    assert page.find("#status").get_attribute("data-status") == "allocated"
    page.click("a#code-link", "lottery-code-form")
    confirm_with_emailed_code(page, mei, "lottery-confirmed")
    assert page.find("#status").get_attribute("data-status") == "confirmed"

    # The published document recomputes.
    verified = subprocess.run([str(GUICHET_BIN), "verify-draw", f"{page.server.base_url}/api/v1/draws/{lottery}"],
                              capture_output=True, text=True, cwd=str(page.server.data_dir), timeout=120,
                              env={**os.environ, "GUICHET_DATA": str(page.server.data_dir)})
    assert verified.returncode == 0 and re.search(r"match", verified.stdout, re.I), verified.stdout + verified.stderr


def test_priority_claim_with_a_scan_checked_by_a_supervisor(page: Page, tmp_path):
    amina = person("Diallo", "Aminata", "1987-11-02", "SEN", "aminata.diallo", permit_expiry=in_days(20))
    number, status_url = submit_draw_request(page, amina, step="priority")
    priority = page.find("#priority")
    assert priority.get_attribute("data-priority") == "missing", "an unchecked claim is not said to count for nothing"
    scan = tmp_path / "titre-de-sejour.pdf"
    scan.write_bytes(MINIMAL_PDF)
    page.find("#permit_scan").send_keys(str(scan))
    page.submit("priority-scan-sent", "form[enctype='multipart/form-data']")
    assert page.find("#priority").get_attribute("data-priority") == "pending"
    token = re.search(r"token=([A-Za-z0-9_-]+)", status_url).group(1)
    # the one-click pages, reached with the request's token: nothing is asked of this request yet
    page.visit(f"/requests/{number}/keep?token={token}", "keep-page")
    assert page.exists("#action-submit")
    page.visit(f"/requests/{number}/another-person?token={token}", "another-person-page")
    assert not page.exists("#action-submit")

    sign_in(page, "supervisor", "priority-supervisor")
    assert int(page.text("#priority-waiting")) >= 1
    page.visit("/agent/priority", "priority-queue")
    section = next(s for s in page.find_all("section.priority-claim") if number in s.text)
    page.click(section.find_element("css selector", "button[value=confirm]"), "priority-confirmed")
    assert page.exists("#priority-done")
    page.visit("/agent/twins", "twins-queue")
    page.visit("/agent/races", "speed-races")
    sign_out(page, "priority-supervisor")
    assert wait_for_mail(page.server, amina.email, subject=r"Priorité confirmée")
    page.visit(status_url, "priority-after-review")
    assert page.find("#priority").get_attribute("data-priority") == "confirmed"
