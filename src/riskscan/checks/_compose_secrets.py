"""Secrets in compose ``environment`` values (RS808).

:func:`secret_key` -- an environment key that names a secret
(``POSTGRES_PASSWORD``, ``JWT_SECRET``, ``GITHUB_TOKEN``, ``STRIPE_API_KEY``,
``MEILI_MASTER_KEY``), not a setting about one (``PASSWORD_MIN_LENGTH``,
``TOKEN_EXPIRES_IN``, ``DB_PASSWORD_FILE``, ``ALLOW_EMPTY_PASSWORD``).
:func:`secret_value` -- a value under such a key that may be the credential
itself. :func:`url_password` -- the literal password inside a URL
(``postgres://app:pw@db``, ``jdbc:...?password=pw``).
"""

from __future__ import annotations

import re

from ..lazyre import lazy_re

_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PASS", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "PRIVATEKEY", "SECRETKEY", "CREDENTIALS"})
# X_KEY pairs that name a secret key (API_KEY, PRIVATE_KEY, MEILI_MASTER_KEY, ...)
_KEY_QUALIFIERS = frozenset({"API", "PRIVATE", "SECRET", "MASTER", "ENCRYPTION", "SIGNING", "HMAC"})
# a word after the secret word that makes the key a setting about the secret, not the secret
_NOT_SECRET_TAIL = frozenset(
    "FILE PATH DIR LENGTH LEN MIN MAX MINLENGTH MAXLENGTH EXPIRY EXPIRES EXPIRE EXPIRATION EXPIRED TTL TIMEOUT URL URI "
    "ENDPOINT HEADER NAME TYPE ALGORITHM ALG ISSUER AUDIENCE ENABLED ENABLE DISABLED DISABLE REQUIRED POLICY ROUNDS COST "
    "METHOD MODE HOST PORT USER USERNAME ID FIELD PARAM PREFIX SUFFIX LIFETIME AGE DURATION INTERVAL COUNT ATTEMPTS RETRIES "
    "LIMIT STRATEGY PROVIDER VERSION FORMAT KIND SIZE LOCATION REGEX PATTERN COMPLEXITY STRENGTH HINT IN AT SECONDS SECS "
    "SEC MINUTES MINS HOURS DAYS MS MILLIS ITERATIONS BITS BYTES CHARS COOKIE STORE STORAGE BACKEND".split()
)
_FLAG_WORDS = frozenset({"ALLOW", "RANDOM", "EMPTY", "GENERATE", "SKIP", "RESET", "FORGOT", "ROTATE", "ROTATION", "CHANGE", "REQUIRE", "NO"})
_BOOLISH = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1", "none", "null", ""})
_URL_CREDS = lazy_re(r"^[a-z][a-z0-9+.\-]*://([^/@\s:]*):([^@\s/]+)@", re.I)
_VAR = lazy_re(r"\$\{?[A-Za-z_]")


def secret_key(key: str) -> bool:
    """An environment key that names a secret (POSTGRES_PASSWORD, JWT_SECRET, GITHUB_TOKEN,
    STRIPE_API_KEY ...), not a setting about one (PASSWORD_MIN_LENGTH, TOKEN_EXPIRES_IN,
    DB_PASSWORD_FILE, ALLOW_EMPTY_PASSWORD)."""
    words = [w for w in re.split(r"[_.\-]+", key.upper()) if w]
    if not words or any(w in _FLAG_WORDS for w in words):
        return False
    last = -1
    for i, w in enumerate(words):
        if w in _SECRET_WORDS or w.endswith(("PASSWORD", "SECRET", "TOKEN", "PASSWORDS", "SECRETS", "TOKENS")):
            last = i
        elif w == "PWD" and i > 0:  # MYSQL_PWD (a bare PWD is the shell's working directory)
            last = i
        elif w == "KEY" and i > 0 and words[i - 1] in _KEY_QUALIFIERS:
            last = i
    if words == ["APP", "KEY"]:  # Laravel's encryption key
        last = 1
    if last < 0:
        return False
    return not any(w in _NOT_SECRET_TAIL or w.rstrip("S") in _NOT_SECRET_TAIL for w in words[last + 1 :])


def _literal(raw: str) -> bool:
    """A value with no variable in it (``$$`` is an escaped dollar)."""
    return not _VAR.search(raw.replace("$$", ""))


_URL = lazy_re(r"^[a-z][a-z0-9+.\-]*://", re.I)
_QUERY_PASSWORD = lazy_re(r"[?&;](?:password|passwd|pass|pwd)=([^&;#\s]+)", re.I)
_FILE_PATH = lazy_re(r"^(?:/|\./|\.\./|~/)[\w.\-/]+$")
# references to a secret manager, resolved at runtime (1Password, Vault, AWS, GCP, Azure ...)
_SECRET_REF = lazy_re(r"^(?:op|vault|arn|ssm|sm|awssm|secretsmanager|gcpsm|azkv|akv|keyvault|doppler|infisical|bws?)(?::|://)", re.I)
_PLACEHOLDER = lazy_re(r"^(?:<[^<>]*>|\*{3,}|[xX]{3,}|\.{3,}|\{\{.*\}\})$")


def secret_value(text: str) -> bool:
    """A literal that may be a credential; not a flag, a path, a secret-manager
    reference, a placeholder, a variable or an endpoint (``TOKEN_SERVICE=http://auth``)."""
    return not (
        text.lower() in _BOOLISH
        or not _literal(text)
        or bool(_FILE_PATH.match(text))
        or bool(_SECRET_REF.match(text))
        or bool(_PLACEHOLDER.match(text))
        or (bool(_URL.match(text)) and not _URL_CREDS.match(text))
    )


def url_password(text: str) -> str | None:
    """The literal password inside a URL (``scheme://user:pw@host``, ``?password=pw``)."""
    if not _URL.match(text) and not text.lower().startswith("jdbc:"):
        return None
    m = _URL_CREDS.match(text)
    pw = m.group(2) if m else None
    if pw is None:
        q = _QUERY_PASSWORD.search(text)
        pw = q.group(1) if q else None
    if pw is None or not _literal(pw) or _PLACEHOLDER.match(pw):
        return None
    return pw


__all__ = ["secret_key", "secret_value", "url_password"]
