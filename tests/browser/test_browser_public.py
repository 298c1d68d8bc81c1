"""The public pages, end to end in headless Chromium (issue 4, points 14-15).

Every page visited is saved as a screenshot (SCREENSHOT_DIR) and checked with axe-core: a serious or critical
violation fails the test. Identities are realistic and unique per test: the service allows one active appointment or
request per person, per email and per phone.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from guichet_browser import Page, decode_qr, person, tamper, wait_for_mail

CODE_SUBJECT = r"(?<!\d)\d{6}(?!\d)"
MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<<>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 72 770 Td (Attestation) Tj ET\nendstream endobj\n"
    b"xref\n0 5\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n"
    b"0000000191 00000 n \ntrailer<</Size 5/Root 1 0 R>>\nstartxref\n284\n%%EOF\n"
)


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def query(page: Page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.driver.current_url).query).items()}


def procedure_link(page: Page, procedure: str):
    links = [a for a in page.find_all("a.procedure")
             if urlsplit(a.get_attribute("href")).path.rstrip("/") == f"/procedures/{procedure}"]
    assert links, (f"no a.procedure to /procedures/{procedure} on {page.driver.current_url}; links: "
                   f"{[a.get_attribute('href') for a in page.find_all('a.procedure')]}")
    return links[0]


def open_booking_form(page: Page, procedure: str = "first-application") -> int:
    """Home -> procedure -> first day with seats -> first time: the identity form. Returns the slot number."""
    page.visit("/", "home")
    page.click(procedure_link(page, procedure), "procedure")
    assert page.path() == f"/procedures/{procedure}"
    assert page.find_all("ul.documents li"), "the procedure page lists no documents to bring"
    days = page.find_all("a.day")
    assert days, f"no a.day with free seats on /procedures/{procedure}"
    day_href = urlsplit(days[0].get_attribute("href")).path
    assert re.fullmatch(rf"/procedures/{procedure}/days/\d{{4}}-\d{{2}}-\d{{2}}", day_href), day_href
    page.click(days[0], "day-times")
    assert page.path() == day_href
    times = page.find_all("a.time")
    assert times, f"no a.time on {day_href}"
    page.click(times[0], "booking-form")
    assert page.path() == f"/procedures/{procedure}/book", page.driver.current_url
    slot = query(page).get("slot", "")
    assert slot.isdigit(), f"booking form URL has no numeric slot: {page.driver.current_url}"
    return int(slot)


def confirm_with_emailed_code(page: Page, who, step: str) -> str:
    """On a code page, type the 6-digit code the service emailed to `who` and submit. Returns the code."""
    mail = wait_for_mail(page.server, who.email, subject=CODE_SUBJECT)
    code = mail.code()
    assert code in mail.text, f"the code {code} is in the subject but not in the text part of {mail.path.name}"
    page.fill("code", code)
    page.submit(step)
    return code


def book(page: Page, who, procedure: str = "first-application") -> tuple[str, str]:
    """A full booking up to the confirmed manage page. Returns (appointment id, manage URL)."""
    open_booking_form(page, procedure)
    page.fill_identity(who)
    page.submit("code-page")
    match = re.fullmatch(r"/appointments/([^/]+)/code", page.path())
    assert match, f"after the identity form: expected /appointments/<id>/code, got {page.driver.current_url}"
    appointment = match.group(1)
    confirm_with_emailed_code(page, who, "manage-page")
    assert page.path() == f"/appointments/{appointment}", page.driver.current_url
    assert query(page).get("token"), f"the manage page URL carries no token: {page.driver.current_url}"
    assert page.find("#status").get_attribute("data-status") == "confirmed"
    return appointment, page.driver.current_url


def verify_code_by_form(page: Page, code: str, step: str) -> str:
    """Home -> a#verify-link -> type the code -> the verdict."""
    page.visit("/", f"{step}-home")
    page.click("a#verify-link", f"{step}-verify-form")
    assert page.path() == "/verify"
    page.fill("code", code)
    page.submit(f"{step}-verdict", "main form")
    assert page.path().startswith("/verify/"), page.driver.current_url
    return page.find("#verdict").get_attribute("data-verdict")


def check_signed_document(page: Page, step: str) -> tuple[str, str]:
    """A convocation or attestation: its QR code decodes to exactly the verification URL it prints."""
    short_code = page.text("#short-code")
    assert short_code, f"{step}: empty #short-code"
    shown_url = page.text("#verify-url")
    base = page.server.base_url
    assert re.fullmatch(re.escape(base) + r"/verify/[^/?#\s]+\?s=[A-Za-z0-9_\-=%]+", shown_url), \
        f"{step}: #verify-url is not {base}/verify/<code>?s=<signature>: {shown_url!r}"
    decoded = decode_qr(page)
    assert decoded == shown_url, f"{step}: the QR code says {decoded!r}, the page says {shown_url!r}"
    return short_code, shown_url


def field_has_error(page: Page, field_id: str) -> bool:
    """A .field-error is tied to the field: named by its aria-describedby, or in the field's own wrapper."""
    return page.driver.execute_script("""
        const input = document.getElementById(arguments[0]);
        if (!input) return false;
        const described = (input.getAttribute('aria-describedby') || '').split(/\\s+/)
            .map(id => document.getElementById(id)).filter(Boolean);
        if (described.some(e => e.classList.contains('field-error'))) return true;
        let box = input.parentElement;
        for (let i = 0; i < 2 && box && box.tagName !== 'FORM'; i++, box = box.parentElement)
          if (box.querySelectorAll('input, select, textarea').length === 1 && box.querySelector('.field-error'))
            return true;
        return false;""", field_id)


# --- tests -----------------------------------------------------------------------------------------------------


def test_home_and_english_switch(page: Page):
    page.visit("/", "home-fr")
    assert page.lang() == "fr"
    h1_fr = page.text("h1")
    procedures = page.server.get_json("/api/v1/procedures")
    ids = {p["id"] for p in procedures}
    for pid in ids:
        procedure_link(page, pid)
    assert page.exists("a#urgent-link") and page.exists("a#verify-link")
    assert urlsplit(page.find("a#urgent-link").get_attribute("href")).path == "/urgent"
    assert urlsplit(page.find("a#verify-link").get_attribute("href")).path == "/verify"
    # The first Tab reaches the skip link, which leads to the main content.
    page.driver.execute_script("document.activeElement && document.activeElement.blur(); window.focus();")
    ActionChains(page.driver).send_keys(Keys.TAB).perform()
    focused = page.driver.switch_to.active_element
    assert urlsplit(focused.get_attribute("href") or "").fragment == "main", \
        f"the first Tab focuses {focused.get_attribute('outerHTML')[:120]}, not a skip link to #main"
    assert focused.is_displayed(), "the skip link stays invisible when focused"
    focused.send_keys(Keys.ENTER)
    WebDriverWait(page.driver, 5).until(
        lambda d: d.switch_to.active_element.get_attribute("id") == "main"
        or urlsplit(d.current_url).fragment == "main")
    ActionChains(page.driver).send_keys(Keys.TAB).perform()
    after_skip = page.driver.execute_script(
        "return !!document.activeElement.closest('main')")
    assert after_skip, ("after the skip link, Tab does not reach the main content: "
                        f"{page.driver.switch_to.active_element.get_attribute('outerHTML')[:120]}")

    page.click("a.lang", "home-en")
    assert page.lang() == "en"
    h1_en = page.text("h1")
    assert h1_en != h1_fr and re.search(r"appointment", h1_en, re.I), f"English home heading: {h1_en!r}"
    assert page.path() == "/"

    # The choice sticks (cookie): the next pages are English without ?lang.
    page.click(procedure_link(page, "first-application"), "procedure-en")
    assert page.lang() == "en", "the procedure page went back to French after the English switch"
    days = page.find_all("a.day")
    assert days, "no a.day on /procedures/first-application"
    page.click(days[0], "day-times-en")
    assert page.lang() == "en"
    page.click(page.find_all("a.time")[0], "booking-form-en")
    assert page.lang() == "en"
    slot = query(page).get("slot")
    assert slot
    labels = page.driver.execute_script(
        "return Array.from(document.querySelectorAll('main label')).map(l => l.textContent.trim()).join(' | ')")
    assert re.search(r"family name|surname|last name", labels, re.I), f"English form labels: {labels}"

    # Back to French from the form: same path, same query.
    page.click("a.lang", "booking-form-fr")
    assert page.lang() == "fr"
    assert page.path() == "/procedures/first-application/book"
    assert query(page).get("slot") == slot, f"the language switch lost the query: {page.driver.current_url}"
    page.visit("/", "home-fr-again")
    assert page.lang() == "fr" and page.text("h1") == h1_fr


def test_walk_in_procedure_shows_rule(page: Page):
    page.visit("/", "home")
    page.click(procedure_link(page, "ten-year-renewal"), "procedure")
    rule = page.text(".walk-in-rule")
    assert rule, "empty .walk-in-rule"
    assert re.search(r"mercredi", rule, re.I), f"the walk-in rule does not mention Wednesdays: {rule!r}"
    assert page.find_all("ul.documents li"), "no documents listed"
    assert not page.find_all("a.day"), "a walk-in procedure offers days to book"
    assert not page.exists("a#request-link"), "a walk-in procedure offers a draw request"
    booking = [a.get_attribute("href") for a in page.find_all("main a")
               if re.search(r"/(book|request|days/)", a.get_attribute("href") or "")]
    assert not booking, f"a walk-in procedure links to booking pages: {booking}"


def test_full_booking_to_convocation_with_qr(page: Page):
    lan = person("Nguyễn", "Thị Lan", "1991-03-14", "VNM", "lan.nguyen", permit_expiry=in_days(75),
                 phone="+33 6 12 48 73 91")
    appointment, manage_url = book(page, lan)

    page.click("a#convocation-link", "convocation")
    assert page.path() == f"/appointments/{appointment}/convocation"
    full_name = page.text("#full-name")
    assert lan.family_name in full_name and lan.given_names in full_name, \
        f"the convocation shows {full_name!r}, not the name exactly as typed"
    short_code, verify_url = check_signed_document(page, "convocation")

    # The confirmation mail carries the same convocation code and a link back to the manage page.
    confirmed = wait_for_mail(page.server, lan.email, subject=r"confirmé|confirmed")
    assert short_code in confirmed.text, f"the confirmation mail does not give the code {short_code}"
    assert f"{page.server.base_url}/appointments/{appointment}" in confirmed.text, \
        "the confirmation mail has no link to the manage page on GUICHET_BASE_URL"

    page.visit(verify_url, "verify-qr-url")
    assert page.find("#verdict").get_attribute("data-verdict") == "valid"

    base, signature = verify_url.split("?s=", 1)
    page.visit(f"{base}?s={tamper(signature)}", "verify-forged")
    assert page.find("#verdict").get_attribute("data-verdict") == "forged"

    page.visit(manage_url, "manage-again")
    assert page.find("#status").get_attribute("data-status") == "confirmed"


def test_form_errors_are_summarised_and_values_kept(page: Page):
    open_booking_form(page)
    karim = person("Benali", "Karim", "1987-11-02", "DZA", "karim.benali", permit_expiry=in_days(40))
    page.fill_identity(karim)
    page.fill("family_name", "Test")
    bad_email = "karim.benali.example.org"
    page.fill("email", bad_email)
    page.submit("form-errors")
    assert page.last_status() == 422, f"a refused form should answer 422, got {page.last_status()}"
    assert re.fullmatch(r"/procedures/first-application/book", page.path()) or page.exists("#family_name"), \
        page.driver.current_url

    summary = page.find(".error-summary")
    assert summary.get_attribute("role") == "alert", "the error summary has no role=alert"
    # At the top: before the form.
    assert page.driver.execute_script(
        "const s = document.querySelector('.error-summary'), f = document.querySelector('main form');"
        "return !f || !!(s.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);"), \
        "the error summary is not above the form"
    for field in ("family_name", "email"):
        links = summary.find_elements("css selector", f'a[href="#{field}"]')
        assert links, f"the error summary has no link to #{field}"
        assert field_has_error(page, field), f"no .field-error next to #{field}"
    assert page.driver.find_element("id", "given_names").get_attribute("aria-invalid") in (None, "false")
    # What the person typed is still there.
    assert page.value("family_name") == "Test"
    assert page.value("given_names") == karim.given_names
    assert page.value("birth_date") == karim.birth_date
    assert page.value("nationality") == karim.nationality
    assert page.value("email") == bad_email

    # Following a summary link lands on the field.
    summary.find_element("css selector", 'a[href="#email"]').click()
    assert urlsplit(page.driver.current_url).fragment == "email"

    # Corrected, the same form goes through.
    page.fill("family_name", karim.family_name)
    page.fill("email", karim.email)
    page.submit("corrected-code-page")
    assert re.fullmatch(r"/appointments/[^/]+/code", page.path()), page.driver.current_url


def test_cancellation(page: Page):
    fatou = person("Diallo", "Fatoumata Binta", "1995-07-21", "GIN", "fatoumata.diallo", permit_expiry=in_days(60))
    appointment, manage_url = book(page, fatou)
    page.click("a#convocation-link", "convocation")
    short_code, verify_url = page.text("#short-code"), page.text("#verify-url")
    page.visit(manage_url, "manage")

    page.click("a#cancel-link", "cancel-confirm-page")
    assert page.exists("button#confirm-cancel"), "no button#confirm-cancel on the cancellation page"
    page.click("button#confirm-cancel", "cancelled-page")
    assert page.find("#status").get_attribute("data-status") == "cancelled"
    wait_for_mail(page.server, fatou.email, subject=r"annul|cancel")

    page.visit(manage_url, "manage-after-cancel")
    assert page.find("#status").get_attribute("data-status") == "cancelled"
    assert not page.exists("a#cancel-link"), "a cancelled appointment still offers to cancel"

    assert verify_code_by_form(page, short_code, "verify-code") == "cancelled"
    page.visit(verify_url, "verify-qr-url")
    assert page.find("#verdict").get_attribute("data-verdict") == "cancelled"


def submit_draw_request(page: Page, who, step: str = "request") -> tuple[str, str]:
    """Home -> renewal -> request form -> code -> status page. Returns (request number, status URL)."""
    page.visit("/", f"{step}-home")
    page.click(procedure_link(page, "renewal"), f"{step}-procedure")
    assert page.find_all("ul.documents li"), "no documents listed"
    assert not page.find_all("a.day"), "a draw procedure offers days to book"
    page.click("a#request-link", f"{step}-form")
    assert page.path() == "/procedures/renewal/request", page.driver.current_url
    page.fill_identity(who)
    boxes = {b.get_attribute("value"): b for b in page.find_all('input[type=checkbox][name="unavailable"]')}
    assert set(boxes) >= {"monday", "tuesday", "wednesday", "thursday", "friday"}, f"unavailable days: {set(boxes)}"
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", boxes["wednesday"])
    boxes["wednesday"].click()
    assert boxes["wednesday"].is_selected()
    page.submit(f"{step}-code-page")
    match = re.fullmatch(r"/requests/([^/]+)/code", page.path())
    assert match, f"after the request form: expected /requests/<number>/code, got {page.driver.current_url}"
    number = match.group(1)
    confirm_with_emailed_code(page, who, f"{step}-status")
    assert page.path() == f"/requests/{number}", page.driver.current_url
    assert query(page).get("token"), f"the request page URL carries no token: {page.driver.current_url}"
    return number, page.driver.current_url


def test_draw_request(page: Page):
    olena = person("Kovalenko", "Olena", "1983-01-09", "UKR", "olena.kovalenko", permit_expiry=in_days(45))
    number, status_url = submit_draw_request(page, olena)
    assert page.text("#request-number") == number
    assert re.search(r"\d", page.text("#draw-date")), f"#draw-date shows no date: {page.text('#draw-date')!r}"
    commitment = page.text("#commitment")
    assert re.search(r"\b[0-9a-fA-F]{64}\b", commitment), f"#commitment shows no SHA-256: {commitment!r}"
    assert page.exists("a#attestation-link")
    assert page.find("#status").get_attribute("data-status") == "waiting"
    page.click("button#withdraw", "request-withdrawn")
    assert page.find("#status").get_attribute("data-status") == "withdrawn"
    assert not page.exists("button#withdraw"), "a withdrawn request still offers to withdraw"


def test_urgent_request_with_attachment(page: Page, tmp_path):
    moussa = person("Traoré", "Moussa", "1990-05-30", "MLI", "moussa.traore", permit_expiry=in_days(9))
    fake = tmp_path / "attestation-employeur.pdf"
    fake.write_text("Ceci n'est pas un PDF, seulement du texte.\n")
    real = tmp_path / "attestation.pdf"
    real.write_bytes(MINIMAL_PDF)

    page.visit("/", "home")
    page.click("a#urgent-link", "urgent-form")
    assert page.path() == "/urgent"
    page.fill_identity(moussa)
    options = [o.get_attribute("value") for o in page.find_all("#procedure option") if o.get_attribute("value")]
    assert options, "the urgent form offers no procedure"
    page.fill("procedure", "renewal" if "renewal" in options else options[0])
    page.fill("permit_expiry", moussa.permit_expiry)
    reason = ("Mon titre expire dans neuf jours et je n'ai trouvé aucun créneau. "
              "Mon employeur a besoin du récépissé pour prolonger mon contrat.")
    page.fill("reason", reason)
    assert page.exists("#attachment2") and page.exists("#attachment3")
    page.fill("attachment1", str(fake))
    page.submit("urgent-fake-pdf-refused")
    assert page.last_status() == 422, f"a text file renamed .pdf should give 422, got {page.last_status()}"
    assert page.path() == "/urgent", page.driver.current_url
    assert page.find(".error-summary").find_elements("css selector", 'a[href="#attachment1"]'), \
        "the error summary does not point at #attachment1"
    assert field_has_error(page, "attachment1"), "no .field-error on #attachment1"
    assert not field_has_error(page, "family_name"), "a field error on a correct #family_name"
    assert page.value("family_name") == moussa.family_name and page.value("reason").strip() == reason

    page.fill("attachment1", str(real))
    page.submit("urgent-ack")
    match = re.fullmatch(r"/urgent/([^/]+)", page.path())
    assert match and query(page).get("token"), f"expected /urgent/<number>?token=…, got {page.driver.current_url}"
    assert page.text("#urgent-number") == match.group(1)
    assert real.name in page.text("main"), "the acknowledgement does not list the attached file"
    assert page.exists("a#attestation-link")

    page.click("a#attestation-link", "attestation")
    short_code, verify_url = check_signed_document(page, "urgent attestation")
    page.visit(verify_url, "verify-qr-url")
    assert page.find("#verdict").get_attribute("data-verdict") == "valid"


def test_attestation_verified(page: Page):
    samir = person("El Amrani", "Samir", "1979-12-03", "MAR", "samir.elamrani", permit_expiry=in_days(30))
    number, status_url = submit_draw_request(page, samir)
    page.click("a#attestation-link", "attestation")
    assert page.path() == f"/requests/{number}/attestation", page.driver.current_url
    short_code, verify_url = check_signed_document(page, "request attestation")
    assert verify_code_by_form(page, short_code, "verify") == "valid"
    # A well-formed code nobody was given.
    unknown = "ZZZZZ-ZZZZZ" if short_code != "ZZZZZ-ZZZZZ" else "YYYYY-YYYYY"
    assert verify_code_by_form(page, unknown, "verify-unknown") == "unknown"
