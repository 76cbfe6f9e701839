"""RS907 (SMTP without a timeout): what the message says, beyond the rule examples."""

from __future__ import annotations

from helpers import scan_tree


def test_a_blocking_send_on_an_event_loop_is_said_to_stop_the_loop(tmp_path):
    files = {
        "notify/mail.py": (
            "import smtplib\n"
            "\n"
            "async def send_async(msg, host):\n"
            "    with smtplib.SMTP(host, 587) as s:\n"
            "        s.send_message(msg)\n"
            "\n"
            "def send(msg, host):\n"
            "    with smtplib.SMTP(host, 587) as s:\n"
            "        s.send_message(msg)\n"
        ),
        "idserver/mail.py": (
            "import smtplib\n"
            "import twisted.python.log\n"
            "\n"
            "def send(msg, host):\n"
            "    smtp = smtplib.SMTP(host)\n"
            "    smtp.send_message(msg)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS907",))
    got = {(f.path, f.line): f.message for f in result.findings}
    assert set(got) == {("notify/mail.py", 4), ("notify/mail.py", 8), ("idserver/mail.py", 5)}
    assert "blocks the event loop, and with it every request this process serves, forever" in got[("notify/mail.py", 4)]
    assert "blocks the event loop" in got[("idserver/mail.py", 5)]
    assert "blocks the request or worker sending this mail forever" in got[("notify/mail.py", 8)]


def test_django_settings_finding_names_timeout_none_and_lists_other_settings(tmp_path):
    files = {
        "manage.py": "import os\nimport sys\n\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\nfrom django.core.management import execute_from_command_line\n\nexecute_from_command_line(sys.argv)\n",
        "site/settings/base.py": 'EMAIL_HOST = "smtp.example.com"\nEMAIL_TIMEOUT = None\n',
        "site/settings/production.py": 'from .base import *\nEMAIL_HOST = "relay.internal"\n',
    }
    result = scan_tree(tmp_path, files, select=("RS907",))
    found = [f for f in result.findings if f.rule_id == "RS907"]
    assert len(found) == 1
    assert (found[0].path, found[0].line) == ("site/settings/base.py", 1)
    assert "`EMAIL_TIMEOUT` is `None`" in found[0].message
    assert [(r.path, r.line) for r in found[0].related] == [("site/settings/production.py", 2)]


def test_twisted_sender_factories_are_said_to_hold_the_deferred_not_a_worker(tmp_path):
    files = {
        "home/mail.py": (
            "from twisted.internet import defer, reactor\n"
            "from twisted.mail import smtp\n"
            "\n"
            "def send(host, user, secret, sender, to, msg):\n"
            "    d = defer.Deferred()\n"
            "    reactor.connectTCP(host, 25, smtp.ESMTPSenderFactory(user, secret, sender, to, msg, d))\n"
            "    return d\n"
            "\n"
            "def send_plain(host, sender, to, msg):\n"
            "    d = defer.Deferred()\n"
            "    reactor.connectTCP(host, 25, smtp.SMTPSenderFactory(sender, to, msg, d, timeout=None))\n"
            "    return d\n"
            "\n"
            "def digest(host, sender, to, msg):\n"
            "    return smtp.sendmail(host, sender, to, msg)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS907",))
    got = {f.line: f.message for f in result.findings}
    assert set(got) == {6, 11, 15}
    assert got[6].startswith("`ESMTPSenderFactory()` is created without a timeout: Twisted's SMTP client then does no timeout checking")
    assert got[11].startswith("`SMTPSenderFactory()` is created with `timeout=None`")
    assert got[15].startswith("`sendmail()` (twisted.mail.smtp) builds its ESMTPSenderFactory without a timeout")
    assert all("holds this send's Deferred" in m and "blocks" not in m for m in got.values())
    assert "`.addTimeout(seconds, reactor)`" in got[15] and "pass `timeout=seconds`" in got[6]


def test_a_connection_check_that_sends_no_mail_is_not_said_to_block_a_mail_send(tmp_path):
    files = {
        "idp/configuration.py": (
            "import smtplib\n"
            "\n"
            "class SMTPSettings:\n"
            "    @classmethod\n"
            "    def default_smtp_config(cls):\n"
            "        try:\n"
            "            conn = smtplib.SMTP(\"localhost\", 25)\n"
            "            conn.ehlo()\n"
            "            conn.quit()\n"
            "            return cls()\n"
            "        except OSError:\n"
            "            return None\n"
            "\n"
            "def connect(host):\n"
            "    conn = smtplib.SMTP(host, 25)\n"
            "    conn.ehlo()\n"
            "    return conn\n"
            "\n"
            "def notify(msg, host):\n"
            "    conn = smtplib.SMTP(host, 25)\n"
            "    conn.ehlo()\n"
            "    conn.send_message(msg)\n"
            "    conn.quit()\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS907",))
    got = {f.line: f.message for f in result.findings}
    assert set(got) == {7, 15, 20}
    assert ("blocks `default_smtp_config()`, a connection check that sends no mail (only `ehlo()`, `quit()`), "
            "and whatever runs it, forever") in got[7]
    # a connection handed back to the caller, or one that sends, is still a mail send's
    assert "blocks the request or worker sending this mail forever" in got[15]
    assert "blocks the request or worker sending this mail forever" in got[20]


PROXY = '''import asyncio
import ftplib
import smtplib


class Proxy:
    def __init__(self, host, port):
        self._host, self._port = host, port

    async def handle_DATA(self, server, session, envelope):
        refused = self._deliver(envelope.mail_from, envelope.rcpt_tos, envelope.content)
        return "250 OK" if not refused else "550 refused"

    def _deliver(self, mail_from, rcpt_tos, data):
        s = smtplib.SMTP()
        s.connect(self._host, self._port)
        try:
            return s.sendmail(mail_from, rcpt_tos, data)
        finally:
            s.quit()

    async def handle_ARCHIVE(self, server, session, envelope):
        await asyncio.get_running_loop().run_in_executor(None, self._archive, envelope.content)
        self._upload(envelope.content)

    def _archive(self, data):
        with ftplib.FTP(self._host) as ftp:
            ftp.storbinary("STOR msg.eml", data)

    def _upload(self, data):
        with ftplib.FTP(self._host) as ftp:
            ftp.storbinary("STOR copy.eml", data)

    def _relay(self, msg):
        with smtplib.SMTP(self._host, self._port) as s:
            s.send_message(msg)

    async def handle_RELAY(self, server, session, envelope):
        self._relay(envelope.content)


def relay_now(proxy, msg):
    proxy._relay(msg)
'''


def test_a_helper_only_coroutines_call_is_said_to_stop_the_loop_and_names_the_coroutine(tmp_path):
    """aiosmtpd 1.4.6 (aiosmtpd/handlers.py:156): `Proxy._deliver` opens
    `smtplib.SMTP()` with no timeout and is called only from the coroutine
    `Proxy.handle_DATA`: a stalled relay stops the SMTP server's event loop,
    every session at once, not "the request or worker sending this mail".
    The same for an FTP upload (RS908). A helper run in a thread
    (`run_in_executor`) or also called from a plain function keeps the
    request/worker wording."""
    result = scan_tree(tmp_path, {"relay/proxy.py": PROXY, "relay/setup.py": "from setuptools import setup\n"},
                       select=("RS907", "RS908"))
    got = {(f.rule_id, f.line): f for f in result.findings}
    assert set(got) == {("RS907", 15), ("RS908", 27), ("RS908", 31), ("RS907", 35)}, sorted(got)
    deliver = got[("RS907", 15)]
    assert ("blocks the event loop (it is called from the coroutine `Proxy.handle_DATA`, relay/proxy.py:10), and with it "
            "every request this process serves, forever") in deliver.message, deliver.message
    assert [(r.path, r.line) for r in deliver.related] == [("relay/proxy.py", 10)], deliver.related
    upload = got[("RS908", 31)]
    assert "blocks the event loop (it is called from the coroutine `Proxy.handle_ARCHIVE`, relay/proxy.py:22)" in upload.message, upload.message
    assert [(r.path, r.line) for r in upload.related] == [("relay/proxy.py", 22)], upload.related
    assert "event loop" not in got[("RS908", 27)].message and "the request or worker that opened it" in got[("RS908", 27)].message
    relay = got[("RS907", 35)].message
    assert "event loop" not in relay and "blocks the request or worker sending this mail forever" in relay, relay
