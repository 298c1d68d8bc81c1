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


def test_assisted_booking_for_a_person_without_email(page):
    from guichet_browser import person
    from test_browser_public import check_signed_document

    fatou = person("Diallo", "Fatoumata Binta", "1979-02-14", "GIN", "unused")
    sign_in(page, "agent", "assisted")
    page.visit("/agent/book", "assisted-procedures")
    page.click('a[href="/agent/book/first-application"]', "assisted-days")
    page.click("a.day", "assisted-times")
    page.click("a.time", "assisted-form")
    assert page.exists("#assisted-exact-names")
    page.fill_identity(fatou, expiry=False)
    page.fill("email", "")
    page.driver.find_element("css selector", "#no_email").click()
    page.submit("assisted-booked")
    assert page.find("#status").get_attribute("data-status") == "confirmed"
    assert page.text("#channel")
    assert page.text("#full-name") == "Fatoumata Binta Diallo"
    page.click("#print-convocation", "assisted-convocation")
    short_code, verify_url = check_signed_document(page, "assisted convocation")
    page.visit(verify_url, "assisted-verify")
    assert page.find("#verdict").get_attribute("data-verdict") == "valid"
    page.visit("/agent", "assisted-home")
    sign_out(page, "assisted")


def test_urgent_request_triage_grants_an_appointment(page, tmp_path):
    from guichet_browser import person, wait_for_mail
    from test_browser_public import MINIMAL_PDF, in_days

    ana = person("Pereira da Silva", "Ana Luísa", "1992-07-21", "BRA", "ana.pereira", permit_expiry=in_days(5))
    letter = tmp_path / "lettre-employeur.pdf"
    letter.write_bytes(MINIMAL_PDF)
    page.visit("/urgent", "urgent-form")
    page.fill_identity(ana)
    page.fill("procedure", "first-application")
    page.fill("permit_expiry", ana.permit_expiry)
    page.fill("reason", "Mon titre expire dans cinq jours ; mon employeur ne peut pas me garder sans récépissé.")
    page.fill("attachment1", str(letter))
    page.submit("urgent-sent")
    number = page.text("#urgent-number")

    sign_in(page, "agent", "triage")
    page.visit("/agent/urgent", "urgent-list")
    assert number in page.text("table.urgent-list")
    page.click(f'a.urgent-link[href="/agent/urgent/{number}"]', "urgent-request")
    assert "lettre-employeur" in page.text("main")
    assert page.find_all("#slot option"), "no planned seat offered for the grant"
    page.submit("urgent-granted", "main form.grant-form")
    assert page.exists("#granted-appointment")
    mail = wait_for_mail(page.server, ana.email, subject="confirm")
    assert "convocation" in mail.text.lower()
    page.visit("/agent", "triage-home")
    sign_out(page, "triage")


def test_public_statistics_page(page):
    page.visit("/stats", "stats")
    assert page.exists("table")
    assert page.find_all("svg[role=img]")


def test_supervisor_cancels_a_cluster(page):
    """Four holds from one network within minutes: the supervisor sees them grouped, each with what ties it in,
    checks on the confirmation page exactly who will be cancelled, and cancels them."""
    import httpx
    from guichet_browser import altcha_header

    base = page.server.base_url
    slots = []
    for procedure in ("first-application", "duplicate"):
        days = httpx.get(f"{base}/api/v1/procedures/{procedure}/availability").json()["days"]
        slots += [(procedure, slot["id"]) for day in days for slot in day["slots"]]
    slots = slots[:4]
    assert len(slots) == 4, "the demo should offer enough first-come seats for a first application or a duplicate"
    people = [("Kowalska", "Agnieszka"), ("Mensah", "Kwame"), ("Rahimi", "Farid"), ("Okafor", "Chidinma")]
    for (procedure, slot), (family, given) in zip(slots, people):
        response = httpx.post(f"{base}/api/v1/appointments", headers=altcha_header(base), json={
            "procedure": procedure, "slotId": slot,
            "applicant": {"familyName": family, "givenNames": given, "birthDate": "1985-03-09",
                          "nationality": "POL", "email": f"{given.lower()}.{family.lower()}@example.org"}})
        assert response.status_code == 202, response.text

    sign_in(page, "supervisor", "supervisor")
    page.visit("/agent/suspicion", "suspicion-review")
    section = next(s for s in page.find_all("section.cluster") if "Kowalska" in s.text)
    assert "Même réseau, en rafale" in section.find_element("css selector", "table.members").text
    page.click(section.find_element("css selector", "a.review-cancel"), "cluster-confirm")
    assert page.path() == "/agent/suspicion/confirm"
    # the confirmation lists who will be cancelled, each ticked
    listed = page.text("table.cancellable")
    for family, _ in people:
        assert family in listed, f"{family} not listed for cancellation: {listed}"
    boxes = page.find_all("table.cancellable input[name=subject]")
    assert boxes and all(box.is_selected() for box in boxes)
    page.fill("reason", "Quatre réservations du même réseau en quelques minutes")
    page.submit("cluster-cancelled", "form.cluster-cancel")
    assert page.path() == "/agent/suspicion"
    assert page.exists("#cancel-outcome")
    section = next(s for s in page.find_all("section.cluster") if "Kowalska" in s.text)
    rows = [row.text for row in section.find_elements("css selector", "table.members tbody tr")
            if "example.org" in row.text]
    for family, _ in people:
        assert any(family in row and "Annulé" in row for row in rows), f"{family} not shown cancelled: {rows}"
    sign_out(page, "supervisor")


def test_admin_creates_a_counter_and_sets_a_draw_policy(page):
    """Issue 5.3 in the browser: a counter created from the back office plans its slots at once; the draw policy's
    fields are on the procedure page; both forms pass axe."""
    sign_in(page, "admin", "admin-config")
    page.visit("/agent/config", "config")
    page.click("#new-counter", "counter-new-form")
    # a malformed identifier comes back next to its field, the rest kept
    page.fill("id", "Bad Id")
    page.fill("name", "Guichet Béziers bis")
    page.fill("site", "beziers")
    page.fill("hours_monday", "09:00-12:00")
    page.fill("hours_thursday", "09:00-12:00")
    page.driver.find_element("css selector", "#procedure-duplicate").click()
    page.submit("counter-new-refused")
    assert page.last_status() == 422
    assert page.exists("#id-error")
    assert page.value("name") == "Guichet Béziers bis"
    page.fill("id", "bez-browser")
    page.submit("counter-created")
    assert page.path() == "/agent/config"
    assert "Guichet Béziers bis" in page.text("main")
    # the draw policy of the renewal procedure: fortnightly from Thursday
    page.visit("/agent/config/procedures/renewal", "procedure-draw-form")
    page.fill("draw_opens_on", "thursday")
    page.fill("draw_weeks", "9")
    page.submit("procedure-draw-refused")
    assert page.last_status() == 422
    assert page.exists("#draw_weeks-error")
    page.fill("draw_weeks", "2")
    page.submit("procedure-draw-saved")
    assert page.path() == "/agent/config"
    page.visit("/agent/config/procedures/renewal", "procedure-draw-kept")
    assert page.value("draw_weeks") == "2"
    assert page.value("draw_opens_on") == "thursday"
    sign_out(page, "admin-config")
