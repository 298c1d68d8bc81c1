"""The counter in a real browser (issue 5, point 11): check-in with a matching and a mismatching identity, a
convocation scanned at the wrong counter, the walk-in queue. axe-core runs on every back-office page visited.

A check-in is only possible on the appointment's day, and the public site only offers seats from tomorrow on. So the
module first opens a few extra one-seat slots at a counter for the rest of today (after the counters' regular hours),
released at once, with `guichet extra-seats` against the running server's data, the way an operator does it. After
about 23:00 (Paris) there is no room left today for the two one-seat slots they need: the two check-in tests are
then skipped, saying so.
"""
from __future__ import annotations

import os
import re
import subprocess
import time
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from guichet_browser import GUICHET_BIN, SUBMIT_TIMEOUT, Page, person
from test_browser_agent import sign_in, sign_out
from test_browser_public import book, check_signed_document, in_days

PARIS = ZoneInfo("Europe/Paris")
PROCEDURE = "first-application"
# The demo counters' regular hours end at 16:30: extra slots from 16:40 on overlap none of them.
AFTER_HOURS = 16 * 60 + 40
SLOT_MINUTES = 20
EXTRA_SLOTS = 4
# The module's tests that book one of today's seats (each extra slot has one seat).
BOOKINGS_TODAY = 2
# The decision buttons, found by their form's action rather than by id: an id="matches" on a form's button shadows
# the form's own matches() method (axe-core crashes on it), so that id may change.
MATCHES = 'main form.id-check[action$="/check-in"] button[type=submit]'
MISMATCH = 'main form.id-check[action$="/reject"] button[type=submit]'
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre")


# --- fixtures and helpers --------------------------------------------------------------------------------------


def _counters_of(server, procedure: str) -> list[str]:
    procedures = {p["id"]: p for p in server.get_json("/api/v1/procedures")}
    return [c["id"] for c in procedures[procedure]["counters"]]


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@pytest.fixture(scope="module")
def seats_today(server):
    """(counter id, today's date) once a few released seats exist today at that counter; (None, reason) if none can."""
    counter = _counters_of(server, PROCEDURE)[0]
    now = datetime.now(PARIS)
    today = now.date().isoformat()
    minute = now.hour * 60 + now.minute + 15
    start = max(AFTER_HOURS, -(-minute // SLOT_MINUTES) * SLOT_MINUTES)
    end = min(start + EXTRA_SLOTS * SLOT_MINUTES, 1440)
    if end - start < BOOKINGS_TODAY * SLOT_MINUTES:
        return None, (f"too late in the day (Paris {now:%H:%M}) to open {BOOKINGS_TODAY} one-seat slots today: "
                      "check-in needs today's appointments")
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(GUICHET_DATA=str(server.data_dir), MAIL_URL=f"file://{server.mail_dir}",
               GUICHET_BASE_URL=server.base_url, LOG_LEVEL="warning")
    command = [str(GUICHET_BIN), "extra-seats", "--counter", counter, "--from", today, "--through", today,
               "--hours", f"{_clock(start)}-{_clock(end)}", "--release-now", "--first-come", "--by", "browser-test"]
    opened = subprocess.run(command, capture_output=True, text=True, cwd=str(server.data_dir), env=env, timeout=120)
    assert opened.returncode == 0, f"{' '.join(command)} failed:\n{opened.stdout}\n{opened.stderr}"
    if re.search(r"\b0 on offer now", opened.stdout):
        return None, f"guichet extra-seats opened nothing on offer today: {opened.stdout.strip()}"
    # The availability answers are cached for up to 5 s: wait until today's seats show.
    deadline = time.monotonic() + 15
    while True:
        days = server.get_json(f"/api/v1/procedures/{PROCEDURE}/availability?from={today}&to={today}")["days"]
        if days and days[0]["date"] == today and any(s["counter"] == counter for s in days[0]["slots"]):
            return counter, today
        assert time.monotonic() < deadline, f"today's extra seats at {counter} never showed in the availability"
        time.sleep(0.5)


def need_today(seats_today) -> tuple[str, str]:
    counter, today = seats_today
    if counter is None:
        pytest.skip(today)
    return counter, today


def appointment_details(page: Page, appointment: str, manage_url: str) -> dict:
    """The booked appointment as the API shows it to the holder of the manage token."""
    token = parse_qs(urlsplit(manage_url).query)["token"][0]
    response = httpx.get(page.server.url(f"/api/v1/appointments/{appointment}"),
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def book_today(page: Page, who, counter: str, today: str) -> tuple[str, str, dict]:
    """A public booking that lands on one of today's extra seats. Returns (id, manage URL, API details)."""
    appointment, manage_url = book(page, who, PROCEDURE)
    details = appointment_details(page, appointment, manage_url)
    assert details["slot"]["start"].startswith(today), f"the booking is not for today: {details['slot']}"
    assert details["slot"]["counter"] == counter, f"the booking is not at {counter}: {details['slot']}"
    return appointment, manage_url, details


def convocation(page: Page, step: str, *, read_qr: bool) -> tuple[str, str]:
    """From the manage page: the convocation's short code and verification URL (what its QR code says)."""
    page.click("a#convocation-link", step)
    if read_qr:
        return check_signed_document(page, step)
    return page.text("#short-code"), page.text("#verify-url")


def _then_snap(page: Page, act, step: str):
    """Do `act()` (which loads a new page), wait for the new document, then screenshot and check it."""
    page.driver.get_log("performance")
    old = page.find("html")
    act()

    def replaced(driver):
        try:
            old.tag_name
            return False
        except Exception:
            return driver.execute_script("return document.readyState") == "complete"

    WebDriverWait(page.driver, SUBMIT_TIMEOUT, poll_frequency=0.1).until(replaced)
    page.snap(step)


def scan(page: Page, typed: str, step: str):
    """Type into #scan as a USB scanner does: the characters, then Enter."""
    field = page.find("#scan")
    field.clear()
    _then_snap(page, lambda: field.send_keys(typed + Keys.ENTER), step)
    assert page.path().endswith("/scan"), page.driver.current_url


def row(page: Page, appointment: str):
    rows = page.find_all(f"#appointments tr#row-{appointment}")
    assert rows, f"no row for {appointment} in #appointments on {page.driver.current_url}"
    return rows[0]


def open_day(page: Page, counter: str, day: str, step: str):
    page.visit(f"/agent/counters/{counter}?date={day}", step)
    assert page.exists("#scan"), "the counter's day has no #scan field"
    assert page.find("#scan").get_attribute("autofocus") is not None, "#scan is not focused for the scanner"


def check_identity_shown(page: Page, who):
    assert page.text("#family-name") == who.family_name, \
        f"registered family name shown as {page.text('#family-name')!r}, booked as {who.family_name!r}"
    assert page.text("#given-names") == who.given_names, \
        f"registered given names shown as {page.text('#given-names')!r}, booked as {who.given_names!r}"
    assert who.nationality in page.text("#nationality")
    birth = datetime.strptime(who.birth_date, "%Y-%m-%d")
    assert str(birth.year) in page.text("#birth-date") and str(birth.day) in page.text("#birth-date"), \
        f"birth date shown as {page.text('#birth-date')!r}, registered {who.birth_date}"


# --- tests -----------------------------------------------------------------------------------------------------


def test_check_in_with_a_matching_identity(page: Page, seats_today):
    counter, today = need_today(seats_today)
    mei = person("Zhang", "Mei-Ling", "1994-08-17", "CHN", "meiling.zhang", permit_expiry=in_days(50))
    appointment, manage_url, details = book_today(page, mei, counter, today)
    short_code, verify_url = convocation(page, "convocation", read_qr=True)
    assert details["convocationCode"] == short_code

    sign_in(page, "agent", "agent")
    open_day(page, counter, today, "counter-day")
    assert row(page, appointment).get_attribute("data-status") == "confirmed"
    assert mei.family_name in row(page, appointment).text

    scan(page, verify_url, "check-in-page")
    assert page.last_status() == 200, page.last_status()
    assert page.text("h1 .code") == short_code
    check_identity_shown(page, mei)
    assert not page.exists("#warnings"), f"warnings for a valid convocation: {page.text('#warnings')}"
    assert details["slot"]["counterName"] in page.text("#place")
    assert page.exists(MATCHES) and page.exists(MISMATCH)

    page.click(MATCHES, "checked-in")
    assert page.path() == f"/agent/counters/{counter}", page.driver.current_url
    assert page.exists("#notice")
    checked = row(page, appointment)
    assert checked.get_attribute("data-status") == "checked-in"
    assert re.search(r"\(\d{2}:\d{2}\)", checked.text), f"no check-in time in the row: {checked.text!r}"

    served_button = checked.find_element(By.CSS_SELECTOR, f'form[action$="/{appointment}/served"] button')
    # A WebDriver click on this button, in the table scrolled sideways at phone width, did not submit: press it
    # the way a keyboard user does (focus, Enter).
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", served_button)
    _then_snap(page, lambda: served_button.send_keys(Keys.ENTER), "served")
    assert row(page, appointment).get_attribute("data-status") == "served"
    assert not row(page, appointment).find_elements(By.CSS_SELECTOR, "button"), \
        "a served appointment still offers actions"

    # Scanned again: the page says it was already dealt with and offers nothing.
    scan(page, verify_url, "scanned-again")
    assert page.exists("#warnings")
    assert not page.exists(MATCHES) and not page.exists(MISMATCH)
    page.visit(f"/agent/counters/{counter}?date={today}", "day-after")
    sign_out(page, "agent")


def test_check_in_with_a_mismatching_identity(page: Page, seats_today):
    counter, today = need_today(seats_today)
    yaw = person("Owusu-Ansah", "Kwabena Yaw", "1988-02-29", "GHA", "kwabena.owusu", permit_expiry=in_days(70))
    appointment, manage_url, details = book_today(page, yaw, counter, today)
    short_code, verify_url = convocation(page, "convocation", read_qr=False)
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", short_code), short_code

    sign_in(page, "agent", "agent")
    open_day(page, counter, today, "counter-day")
    # Typed by hand from the paper: lower case, no hyphen.
    scan(page, short_code.replace("-", "").lower(), "check-in-page")
    assert page.last_status() == 200
    assert page.text("h1 .code") == short_code
    check_identity_shown(page, yaw)
    assert not page.exists("#warnings"), page.text("#warnings")

    # "Does not match" needs a reason.
    page.click(MISMATCH, "mismatch-without-reason")
    assert page.last_status() == 422, page.last_status()
    summary = page.find(".error-summary")
    assert summary.find_elements(By.CSS_SELECTOR, 'a[href="#reason"]'), "the error summary does not point at #reason"
    assert page.exists("#reason-error")
    assert "reason-error" in (page.find("#reason").get_attribute("aria-describedby") or "")
    check_identity_shown(page, yaw)

    page.fill("reason", "La photo et la date de naissance de la pièce présentée ne correspondent pas.")
    page.click(MISMATCH, "rejected")
    assert page.path() == f"/agent/counters/{counter}", page.driver.current_url
    assert page.exists("#notice")
    assert row(page, appointment).get_attribute("data-status") == "rejected"

    # The public verification no longer calls the convocation valid.
    page.visit(f"/verify/{short_code}", "verify-after-rejection")
    assert page.find("#verdict").get_attribute("data-verdict") == "cancelled"
    page.visit(verify_url, "verify-qr-after-rejection")
    assert page.find("#verdict").get_attribute("data-verdict") == "cancelled"
    page.visit(f"/agent/counters/{counter}?date={today}", "day-after")
    sign_out(page, "agent")


def test_wrong_counter_convocation(page: Page, seats_today):
    counter, today = seats_today
    rania = person("Haddad", "Rania", "1996-10-05", "LBN", "rania.haddad", permit_expiry=in_days(80))
    appointment, manage_url = book(page, rania, PROCEDURE)
    details = appointment_details(page, appointment, manage_url)
    booked_at = details["slot"]["counter"]
    day = details["slot"]["start"][:10]
    others = [c for c in _counters_of(page.server, PROCEDURE) if c != booked_at]
    assert others, f"{PROCEDURE} is served by one counter only"
    short_code, verify_url = convocation(page, "convocation", read_qr=False)

    sign_in(page, "agent", "agent")
    open_day(page, others[0], day, "other-counter-day")
    assert not page.exists(f"#row-{appointment}"), "the appointment is listed at a counter it is not at"
    scan(page, verify_url, "wrong-counter-check-in")
    assert page.last_status() == 200
    check_identity_shown(page, rania)
    warnings = page.text("#warnings")
    assert details["slot"]["counterName"] in warnings, \
        f"the warning does not name the right counter {details['slot']['counterName']!r}: {warnings!r}"
    assert re.search(r"mauvais guichet", warnings, re.I), warnings
    if day == datetime.now(PARIS).date().isoformat():
        # Today: the wrong counter is the only thing in the way.
        assert len(page.find_all("#warnings li")) == 1, warnings
    assert details["slot"]["counterName"] in page.text("#place")
    assert not page.exists(MATCHES), "a check-in is offered at the wrong counter"
    assert not page.exists(MISMATCH), "a decision is offered at the wrong counter"

    # At the right counter the same convocation is accepted (when it is today's).
    open_day(page, booked_at, day, "right-counter-day")
    assert row(page, appointment).get_attribute("data-status") == "confirmed"
    if day == datetime.now(PARIS).date().isoformat():
        scan(page, verify_url, "right-counter-check-in")
        assert not page.exists("#warnings"), page.text("#warnings")
        assert page.exists(MATCHES)
    sign_out(page, "agent")


def _walk_in_open(now: datetime) -> bool:
    return now.weekday() in (0, 1, 3, 4) and 9 * 60 <= now.hour * 60 + now.minute < 12 * 60


def test_walk_in_queue(page: Page):
    sign_in(page, "agent", "agent")
    page.visit("/agent/walk-in", "walk-in")
    assert page.path() == "/agent/walk-in/mtp-4", page.driver.current_url
    now = datetime.now(PARIS)
    # Within a minute of a boundary the server may see the other side: no claim either way then.
    edge = any(abs(now.hour * 60 + now.minute - m) <= 1 for m in (9 * 60, 12 * 60))
    if edge:
        page.visit("/agent", "walk-in-edge-home")
        sign_out(page, "agent")
        pytest.skip(f"Paris {now:%H:%M}: too close to the walk-in desk's opening or closing to say which it is")

    if not _walk_in_open(now):
        closed = page.text("#closed")
        assert not page.exists("button#issue"), "tickets are offered while the desk is closed"
        opens = re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (\d{1,2}) \w+ (\d{4}) à (\d{2}:\d{2})",
                          closed)
        assert opens, f"the closed desk does not say when it opens next: {closed!r}"
        weekday, day_number, year, at = opens.groups()
        assert weekday in ("lundi", "mardi", "jeudi", "vendredi"), f"next opening on a {weekday}: {closed!r}"
        assert at == "09:00", f"next opening not at 09:00: {closed!r}"
        month = next(i for i, m in enumerate(MONTHS_FR, 1) if f"{day_number} {m} {year}" in closed)
        named = date(int(year), month, int(day_number))
        assert WEEKDAYS_FR[named.weekday()] == weekday, closed
        # The first open morning after now (a public holiday may push it a few days further).
        candidate = now.date() + timedelta(days=0 if now.hour < 9 else 1)
        while candidate.weekday() not in (0, 1, 3, 4):
            candidate += timedelta(days=1)
        assert candidate <= named <= candidate + timedelta(days=7), f"next opening {named}, expected {candidate}"
        # Issuing anyway (a stale page, a replayed form) is refused with the next opening.
        csrf = page.find("input[name=csrf]").get_attribute("value")
        response = page.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch('/agent/walk-in/mtp-4/tickets', {method: 'POST', credentials: 'same-origin',
                  headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                  body: 'csrf=' + encodeURIComponent(arguments[0])})
              .then(r => r.text().then(t => done([r.status, t]))).catch(e => done([0, String(e)]));""", csrf)
        assert response[0] == 409, f"a ticket issued while closed: HTTP {response[0]}"
        page.visit("/agent/walk-in/mtp-4", "walk-in-still-empty")
        assert not page.exists("#waiting"), "a ticket was issued while the desk is closed"
    else:
        numbers = []
        for n in range(2):
            page.click("button#issue", f"ticket-{n + 1}-issued")
            issued = re.search(r"issued=(\d+)", page.driver.current_url)
            assert issued, page.driver.current_url
            numbers.append(int(issued.group(1)))
            assert page.exists(f"#waiting tr#ticket-{numbers[-1]}")
        assert numbers[1] == numbers[0] + 1, numbers
        waiting = [int(r.get_attribute("id").split("-")[1]) for r in page.find_all("#waiting tbody tr")]
        page.click("button#call-next", "called-next")
        called = re.search(r"called=(\d+)", page.driver.current_url)
        assert called and int(called.group(1)) == min(waiting), (page.driver.current_url, waiting)
        assert page.exists(f"#called tr#ticket-{min(waiting)}")
        assert not page.exists(f"#waiting tr#ticket-{min(waiting)}")
        # Tickets are numbered from 1 each day; this server issued none before.
        assert numbers == [1, 2] and min(waiting) == 1, (numbers, waiting)
        assert str(min(waiting)) in page.text("#notice")
    sign_out(page, "agent")
