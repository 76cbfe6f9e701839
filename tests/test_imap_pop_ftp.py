"""RS908 (IMAP, POP3 and FTP without a timeout): what the message says, beyond the rule examples."""

from __future__ import annotations

from helpers import scan_tree


def test_message_names_the_server_the_switched_off_timeout_and_a_blocked_event_loop(tmp_path):
    files = {
        "inbox/fetch.py": (
            "import ftplib\n"
            "import imaplib\n"
            "import poplib\n"
            "\n"
            "async def unread(host):\n"
            "    return imaplib.IMAP4_SSL(host)\n"
            "\n"
            "def pop(host):\n"
            "    return poplib.POP3(host, timeout=None)\n"
            "\n"
            "def upload(host):\n"
            "    return ftplib.FTP(host)\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS908",))
    got = {f.line: f.message for f in result.findings if f.rule_id == "RS908"}
    assert set(got) == {6, 9, 12}
    assert got[6].startswith("`imaplib.IMAP4_SSL()` is created without a timeout")
    assert "an IMAP server that accepts the connection and stops answering blocks the event loop, and with it every request this process serves, forever" in got[6]
    assert got[9].startswith("`poplib.POP3()` is created with `timeout=None`")
    assert "a POP3 server" in got[9] and "blocks the request or worker that opened it forever" in got[9]
    assert "an FTP server" in got[12]


def test_a_process_wide_socket_timeout_set_in_another_module_covers_the_service(tmp_path):
    files = {
        "svc/__init__.py": "import socket\nsocket.setdefaulttimeout(10)\n",
        "svc/box.py": "import imaplib\n\ndef unread(host):\n    return imaplib.IMAP4_SSL(host)\n",
    }
    result = scan_tree(tmp_path, files, select=("RS908",))
    assert [f for f in result.findings if f.rule_id == "RS908"] == []
