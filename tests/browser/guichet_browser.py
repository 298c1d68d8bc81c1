"""Browser test machinery: a real `guichet serve`, headless Chromium, screenshots and axe-core on every page.

Environment:
  GUICHET_BIN      the server binary (default <repo>/.build/debug/guichet)
  SCREENSHOT_DIR   where screenshots go (default <repo>/artifacts/screenshots)
"""
from __future__ import annotations

import base64
import email
import email.policy
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
import importlib.util
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = Path(__file__).resolve().parents[2]
GUICHET_BIN = Path(os.environ.get("GUICHET_BIN") or REPO / ".build" / "debug" / "guichet")
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR") or REPO / "artifacts" / "screenshots")
CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")
ZBARIMG = shutil.which("zbarimg") or "/usr/bin/zbarimg"


def _current_axe_script():
    """axe-selenium-python drives axe-core, but the copy it bundles is axe-core 3.1 (2018), which knows neither
    `autocomplete="one-time-code"` nor today's rules. axe-playwright-python ships axe-core 4.x as a plain file;
    .ci/run installs it without its dependencies, and only that file is used (its module is never imported)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec and spec.origin:
        candidate = Path(spec.origin).parent / "axe.min.js"
        if candidate.exists():
            return str(candidate)
    if os.environ.get("CI"):
        raise RuntimeError("axe-playwright-python (axe-core 4.x) is missing: pip install --no-deps axe-playwright-python")
    return None


AXE_SCRIPT = _current_axe_script()

# Most applicants use a phone: a common Android viewport.
WINDOW = (412, 915)
PAGE_LOAD_TIMEOUT = 30
# A submit can wait for the page's proof-of-work script before the browser navigates.
SUBMIT_TIMEOUT = 45
MAIL_TIMEOUT = 15
BLOCKING_IMPACTS = {"serious", "critical"}
# Rule ids not to fail on. Empty: every serious or critical violation fails. (A local exploration plugin may fill
# it to see past one known violation; CI never does.)
IGNORED_RULES: set[str] = set()


# --- the server ------------------------------------------------------------------------------------------------


# Back-office accounts of the test prefecture: name → (role, email, password). "locked" is for the lockout test.
STAFF = {
    "agent": ("agent", "claire.martin@herault.example", "guichet agent password 1"),
    "supervisor": ("supervisor", "samir.haddad@herault.example", "guichet supervisor password 2"),
    "admin": ("admin", "helene.roux@herault.example", "guichet admin password 3"),
    "locked": ("agent", "paul.girard@herault.example", "guichet agent password 4"),
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base_url: str
    data_dir: Path
    mail_dir: Path
    process: subprocess.Popen
    stdout_path: Path
    stderr_path: Path

    def url(self, path: str) -> str:
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def logs(self, limit: int = 8000) -> str:
        parts = []
        for label, path in (("stderr", self.stderr_path), ("stdout", self.stdout_path)):
            try:
                text = path.read_text(errors="replace")
            except OSError:
                text = ""
            if text.strip():
                parts.append(f"--- guichet {label} (last {limit} chars) ---\n{text[-limit:]}")
        return "\n".join(parts)

    def get_json(self, path: str):
        with urllib.request.urlopen(self.url(path), timeout=10) as response:
            return json.load(response)


def _wait_for_binary(path: Path) -> None:
    """Locally the binary is rebuilt in place: give a missing one a little time to come back (not in CI)."""
    patience = 0.0 if os.environ.get("CI") else 120.0
    deadline = time.monotonic() + patience
    while not (path.is_file() and os.access(path, os.X_OK)):
        if time.monotonic() > deadline:
            pytest.exit(f"guichet binary not found or not executable: {path} (set GUICHET_BIN)", returncode=3)
        time.sleep(2)


@pytest.fixture(scope="session")
def server():
    _wait_for_binary(GUICHET_BIN)
    data_dir = Path(tempfile.mkdtemp(prefix="guichet-browser-"))
    mail_dir = data_dir / "mail"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        GUICHET_DATA=str(data_dir),
        MAIL_URL=f"file://{mail_dir}",
        GUICHET_BASE_URL=base_url,
        LOG_LEVEL="warning",
        # Every test's bookings come from 127.0.0.1: room for the whole suite's holds and requests in ten minutes.
        GUICHET_SUBMISSION_LIMIT="500,5000",
    )
    # The staff accounts exist before the server starts, created the way an operator does it.
    for role, email, password in STAFF.values():
        created = subprocess.run([str(GUICHET_BIN), "create-agent", "--email", email, "--role", role],
                                 input=password + "\n", capture_output=True, text=True, cwd=str(data_dir), env=env,
                                 timeout=120)
        if created.returncode != 0:
            pytest.fail(f"guichet create-agent failed for {role}:\n{created.stdout}\n{created.stderr}", pytrace=False)
    stdout_path = data_dir / "server.stdout"
    stderr_path = data_dir / "server.stderr"
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        process = subprocess.Popen(
            [str(GUICHET_BIN), "serve", "--hostname", "127.0.0.1", "--port", str(port)],
            cwd=str(data_dir), env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
        )
    srv = Server(base_url, data_dir, mail_dir, process, stdout_path, stderr_path)
    # The first start migrates and loads the demo data.
    deadline = time.monotonic() + 60
    healthy = False
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(srv.url("/healthz"), timeout=2) as response:
                if response.status == 200:
                    healthy = True
                    break
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    if not healthy:
        code = process.poll()
        if code is None:
            process.kill()
            process.wait(10)
        logs = srv.logs()
        shutil.rmtree(data_dir, ignore_errors=True)
        pytest.fail(f"guichet did not answer /healthz with 200 within 60 s (exit code {code})\n"
                    f"{logs or '(the server wrote nothing)'}", pytrace=False)
    _SERVERS.append(srv)
    try:
        yield srv
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        _SERVERS.remove(srv)
        if _FAILED[0]:
            print(f"\n{srv.logs()}\n(server data, mail and logs kept in {data_dir})")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


_SERVERS: list[Server] = []
_FAILED = [False]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        _FAILED[0] = True
        for srv in _SERVERS:
            logs = srv.logs(4000)
            if logs:
                report.sections.append(("guichet server output", logs))


# --- the browser -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={WINDOW[0]},{WINDOW[1]}", "--lang=fr-FR", "--hide-scrollbars",
                     "--force-device-scale-factor=1"):
        options.add_argument(argument)
    # A French phone: the site must be French by default; the English switch is tested explicitly.
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # Date fields show mm/dd/yyyy in the screenshots: Debian's chromium carries only the en-US UI locale
    # (chromium-l10n is not installed). The pages' language comes from Accept-Language and the switch.
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    browser.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    browser.set_script_timeout(30)
    browser.execute_cdp_cmd("Network.enable", {})
    phone_viewport(browser)
    try:
        yield browser
    finally:
        browser.quit()


def phone_viewport(driver, scale: float = 1):
    """Headless Chromium will not make a window narrower than 500 px: emulate the phone's viewport instead."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": scale, "mobile": True})


# --- the page helper -------------------------------------------------------------------------------------------


class A11yViolation(AssertionError):
    pass


@dataclass
class Page:
    """Drives one test: every page visited is screenshotted and checked with axe-core."""

    driver: webdriver.Chrome
    server: Server
    name: str
    step: int = 0
    visited: list = field(default_factory=list)

    # navigation -------------------------------------------------------------------------------------------
    def visit(self, path_or_url: str, step: str, *, check: bool = True):
        __tracebackhide__ = True
        self._drain_log()
        url = path_or_url if path_or_url.startswith("http") else self.server.url(path_or_url)
        self.driver.get(url)
        self.snap(step, check=check)

    def click(self, element_or_selector, step: str, *, check: bool = True):
        """Click a link or button that loads a new page, wait for it, then snap it."""
        __tracebackhide__ = True
        element = self._element(element_or_selector)
        old = self.driver.find_element(By.TAG_NAME, "html")
        self._drain_log()
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        self._wait_new_page(old, f"clicking {element_or_selector!r}")
        self.snap(step, check=check)

    def submit(self, step: str, form_selector: str = "main form", *, check: bool = True):
        """Press the form's submit button (the page's proof-of-work script may run first)."""
        __tracebackhide__ = True
        form = self.driver.find_element(By.CSS_SELECTOR, form_selector)
        button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
        self.click(button, step, check=check)

    def _element(self, element_or_selector):
        if isinstance(element_or_selector, str):
            return self.driver.find_element(By.CSS_SELECTOR, element_or_selector)
        return element_or_selector

    def _wait_new_page(self, old_html, what: str):
        __tracebackhide__ = True
        def replaced(driver):
            try:
                old_html.tag_name
                return False
            except Exception:  # stale: the document was replaced
                return driver.execute_script("return document.readyState") == "complete"

        try:
            WebDriverWait(self.driver, SUBMIT_TIMEOUT, poll_frequency=0.1).until(replaced)
        except TimeoutException:
            self.screenshot("stuck")
            raise AssertionError(f"no new page {SUBMIT_TIMEOUT} s after {what} (still at {self.driver.current_url})")

    # status of the last document, from Chromium's network log ----------------------------------------------
    def _drain_log(self):
        try:
            self.driver.get_log("performance")
        except Exception:
            pass

    def last_status(self) -> int | None:
        """HTTP status of the last main document loaded (None when unknown)."""
        status = None
        current = self.driver.current_url.split("#")[0]
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.responseReceived":
                continue
            params = message["params"]
            if params.get("type") == "Document":
                response = params["response"]
                if response.get("url", "").split("#")[0] == current or status is None:
                    status = response.get("status")
        self._last_status = status if status is not None else getattr(self, "_last_status", None)
        return self._last_status

    # evidence ----------------------------------------------------------------------------------------------
    def screenshot(self, step: str) -> Path:
        self.step += 1
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", step).strip("-") or "page"
        path = SCREENSHOT_DIR / f"{self.name}-{self.step:02d}-{slug}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(full_page_png(self.driver))
        return path

    def snap(self, step: str, *, check: bool = True):
        __tracebackhide__ = True
        status = self.last_status()
        shot = self.screenshot(step)
        self.visited.append((self.driver.current_url, status, shot.name))
        assert status is None or status < 500, f"{step}: HTTP {status} at {self.driver.current_url} (see {shot.name})"
        if check:
            self.check_page(step)
            self.check_axe(step)

    def check_page(self, step: str):
        """What every public page promises (WCAG basics the contract names)."""
        __tracebackhide__ = True
        d = self.driver
        where = f"{step} ({d.current_url})"
        lang = d.find_element(By.TAG_NAME, "html").get_attribute("lang")
        assert lang in ("fr", "en"), f"{where}: <html lang> is {lang!r}"
        assert d.find_elements(By.CSS_SELECTOR, "main#main"), f"{where}: no <main id=main>"
        h1 = d.find_elements(By.TAG_NAME, "h1")
        assert len(h1) == 1, f"{where}: {len(h1)} h1 elements"
        assert h1[0].text.strip(), f"{where}: empty h1"
        assert d.find_elements(By.CSS_SELECTOR, "a.lang"), f"{where}: no language switch a.lang"
        title = d.title.strip()
        assert title, f"{where}: empty <title>"
        # Every form control a person fills in has a visible label (axe checks the accessible name too).
        unlabeled = d.execute_script("""
            const bad = [];
            for (const el of document.querySelectorAll('main input, main select, main textarea')) {
              if (['hidden', 'submit', 'button'].includes(el.type)) continue;
              const labels = el.labels ? Array.from(el.labels).filter(l => l.textContent.trim()) : [];
              if (!labels.length) bad.push(el.id || el.name || el.outerHTML.slice(0, 80));
            }
            return bad;""")
        assert not unlabeled, f"{where}: form controls without a <label>: {unlabeled}"

    def check_axe(self, step: str):
        __tracebackhide__ = True
        axe = Axe(self.driver, script_url=AXE_SCRIPT) if AXE_SCRIPT else Axe(self.driver)
        axe.inject()
        results = self.driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']})"
            ".then(r => done(r.violations)).catch(e => done({error: String(e)}));")
        if isinstance(results, dict) and "error" in results:
            raise AssertionError(f"axe-core failed on {step}: {results['error']}")
        blocking = [v for v in results if v.get("impact") in BLOCKING_IMPACTS and v.get("id") not in IGNORED_RULES]
        if blocking:
            lines = [f"axe-core: {len(blocking)} serious/critical violation(s) on {step} ({self.driver.current_url}):"]
            for v in blocking:
                targets = [", ".join(n.get("target", [])) for n in v.get("nodes", [])]
                lines.append(f"  - [{v['impact']}] {v['id']}: {v['help']} -> {targets[:8]}")
                for n in v.get("nodes", [])[:3]:
                    summary = (n.get("failureSummary") or "").replace("\n", " ")
                    lines.append(f"      {n.get('html', '')[:160]} :: {summary[:240]}")
            raise A11yViolation("\n".join(lines))

    # reading the page ----------------------------------------------------------------------------------------
    def find(self, selector: str):
        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def find_all(self, selector: str):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def exists(self, selector: str) -> bool:
        return bool(self.find_all(selector))

    def text(self, selector: str) -> str:
        return self.find(selector).text.strip()

    def lang(self) -> str:
        return self.find("html").get_attribute("lang")

    def path(self) -> str:
        return urlsplit(self.driver.current_url).path

    # forms -------------------------------------------------------------------------------------------------
    def fill(self, field_id: str, value: str):
        element = self.driver.find_element(By.ID, field_id)
        kind = (element.get_attribute("type") or "").lower()
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif kind == "date":
            set_value(self.driver, element, value)
        elif kind == "file":
            element.send_keys(value)
        else:
            element.clear()
            element.send_keys(value)

    def fill_identity(self, person: "Person", *, expiry: bool = True):
        self.fill("family_name", person.family_name)
        self.fill("given_names", person.given_names)
        self.fill("birth_date", person.birth_date)
        self.fill("nationality", person.nationality)
        if person.foreign_number and self.exists("#foreign_number"):
            self.fill("foreign_number", person.foreign_number)
        if expiry and person.permit_expiry and self.exists("#permit_expiry"):
            self.fill("permit_expiry", person.permit_expiry)
        self.fill("email", person.email)
        if person.phone and self.exists("#phone"):
            self.fill("phone", person.phone)

    def value(self, field_id: str) -> str:
        return self.driver.find_element(By.ID, field_id).get_attribute("value")


def set_value(driver, element, value: str):
    """Dates are set through JavaScript: typing into <input type=date> depends on the browser's locale."""
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element, value)
    assert element.get_attribute("value") == value, f"could not set {element.get_attribute('id')} to {value}"


def full_page_png(driver) -> bytes:
    """A screenshot of the whole page, not only the phone-sized viewport."""
    try:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = max(int(size["width"]), WINDOW[0])
        height = min(max(int(size["height"]), 1), 16000)
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        })
        return base64.b64decode(shot["data"])
    except Exception:
        return driver.get_screenshot_as_png()


@pytest.fixture
def page(request, driver, server):
    """A fresh session (no cookies: French, no language choice) and the per-test screenshot prefix."""
    name = request.node.name
    for old in SCREENSHOT_DIR.glob(f"{name}-*.png"):
        old.unlink(missing_ok=True)
    driver.delete_all_cookies()
    driver.get(server.url("/healthz"))
    driver.delete_all_cookies()
    yield Page(driver, server, name)


# --- people ----------------------------------------------------------------------------------------------------


@dataclass
class Person:
    family_name: str
    given_names: str
    birth_date: str
    nationality: str
    email: str
    permit_expiry: str = ""
    foreign_number: str = ""
    phone: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"


def person(family: str, given: str, birth_date: str, nationality: str, local: str, **extra) -> Person:
    """A realistic identity with an email nobody else in the run uses (no +tag: the service folds those)."""
    tag = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(6))
    return Person(family, given, birth_date, nationality, f"{local}.{tag}@example.org", **extra)


# --- mail ------------------------------------------------------------------------------------------------------


@dataclass
class Mail:
    path: Path
    to: str
    subject: str
    text: str

    def code(self) -> str:
        found = re.search(r"(?<!\d)(\d{6})(?!\d)", self.subject) or re.search(r"(?<!\d)(\d{6})(?!\d)", self.text)
        assert found, f"no 6-digit code in mail {self.path.name}: {self.subject!r}"
        return found.group(1)


def _read_mail(path: Path) -> Mail:
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if body is not None else ""
    return Mail(path, str(message.get("To", "")), str(message.get("Subject", "")), text)


def wait_for_mail(server: Server, recipient: str, *, subject: str | None = None, after: set | None = None,
                  timeout: float = MAIL_TIMEOUT) -> Mail:
    """The newest .eml to `recipient` (optionally whose subject matches a regex), not one of `after`."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while True:
        candidates = []
        if server.mail_dir.is_dir():
            for path in server.mail_dir.glob("*.eml"):
                if after and path.name in after:
                    continue
                try:
                    mail = _read_mail(path)
                except (OSError, ValueError):
                    continue
                if recipient.lower() not in mail.to.lower():
                    continue
                seen.append(mail.subject)
                if subject and not re.search(subject, mail.subject, re.I):
                    continue
                candidates.append((path.stat().st_mtime, path.name, mail))
        if candidates:
            return max(candidates, key=lambda c: (c[0], c[1]))[2]
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {recipient} (subject ~ {subject!r}) within {timeout} s; "
                                 f"subjects seen for them: {sorted(set(seen))}")
        time.sleep(0.25)



# --- QR codes --------------------------------------------------------------------------------------------------


def decode_qr(page: Page, selector: str = "svg.qr") -> str:
    """Screenshot the QR code as the page draws it, enlarged like a phone's dense screen, and decode it with zbar."""
    driver = page.driver
    element = page.find(selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    outputs = []
    for scale in (1, 3):
        if scale != 1:
            phone_viewport(driver, scale)
        try:
            png = page.find(selector).screenshot_as_png
        finally:
            if scale != 1:
                phone_viewport(driver)
        path = SCREENSHOT_DIR / f"{page.name}-qr-x{scale}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        result = subprocess.run([ZBARIMG, "--raw", "-q", str(path)], capture_output=True, text=True, timeout=30)
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.strip()
        outputs.append(f"x{scale}: exit {result.returncode} {result.stderr.strip()}")
    raise AssertionError(f"zbarimg could not decode {selector} on {driver.current_url}: {outputs}")


def tamper(signature: str) -> str:
    """Change one character in the middle of a base64url signature (the last one may only carry padding bits)."""
    i = len(signature) // 2
    replacement = "A" if signature[i] != "A" else "B"
    return signature[:i] + replacement + signature[i + 1:]


def altcha_header(base_url: str) -> dict:
    """The `Altcha` header an API client sends with a hold or a request: a fresh challenge from the server, solved
    by trying numbers in order as the page's script does (docs/decisions/0011)."""
    import base64
    import hashlib
    import json

    import httpx

    challenge = httpx.get(f"{base_url}/api/v1/challenge", timeout=10).json()
    for number in range(challenge["maxnumber"] + 1):
        if hashlib.sha256(f"{challenge['salt']}{number}".encode()).hexdigest() == challenge["challenge"]:
            solution = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
            solution["number"] = number
            return {"Altcha": base64.b64encode(json.dumps(solution).encode()).decode()}
    raise AssertionError(f"no number up to {challenge['maxnumber']} solves the server's challenge")
