"""Which routes take credentials (RS501), by their path.

The catalog's list: routes whose last path segments are ``login``,
``signin``/``sign-in``/``sign_in``, ``token``, ``oauth/token``,
``session(s)``, ``auth`` (a whole segment), ``password/reset``,
``forgot-password`` (and a bare ``reset`` under a user/account/auth prefix,
``/user/reset``; an account's recovery, ``/reset-account``,
``/account-recovery``), and OTP/2FA/MFA verification.  ``logout``, ``refresh``
and look-alikes such as ``/authors`` are not credential routes.  Path
parameters (``:token``, ``{id}``, ``<uid>``, ``[slug]``) are ignored, so
``/password/reset/:token`` is a reset route.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..frontends._filerouting import medusa_api_at
from ..lazyre import lazy_re

_PARAM = lazy_re(r"^(?::.*|\{.*\}|<.*>|\[.*\]|\(.*\)|\*.*|\$.*)$")
_REGEX_CHARS = lazy_re(r"[\^$?+\\]")

LOGIN = frozenset(
    {
        "login",
        "log-in",
        "log_in",
        "signin",
        "sign-in",
        "sign_in",
        "logon",
        "authenticate",
        "authentication",
        "token-auth",
        "api-token-auth",
        "obtain-token",
        "obtain_token",
        "token_auth",
        "api_token_auth",
        "ldap",  # POST /auths/ldap: a directory bind with the submitted password
    }
)
TOKEN = frozenset({"token"})
# who or how in a compound login segment that still takes a password
_LOGIN_QUALIFIERS = frozenset({"admin", "user", "users", "staff", "member", "customer", "account", "ldap", "local", "password", "basic", "form",
                               "web", "api", "app", "mobile", "direct", "matrix", "email", "portal", "client", "dashboard", "panel",
                               "ajax", "json", "rest", "xhr"})
SESSION = frozenset({"session", "sessions"})
AUTH = frozenset({"auth"})
RESET = frozenset(
    {
        "forgot-password",
        "forgot_password",
        "forgotpassword",
        "reset-password",
        "reset_password",
        "resetpassword",
        "password-reset",
        "password_reset",
        "passwordreset",
        "password-forgot",
        "request-password-reset",
        "request_password_reset",
        "request-reset-password",
        "request_reset_password",
        "password-reset-request",
        "password_reset_request",
        "reset-password-request",
        "reset_password_request",
        "password-recovery",
        "password_recovery",
        "passwordrecovery",
        "recover-password",
        "recover_password",
        "recoverpassword",
        "password-reminder",
        "password_reminder",
        "passwordreminder",
        "remind-password",
        "remind_password",
        # an account's recovery by mail (MeshCentral's `POST url + 'resetaccount'`: an
        # e-mail address in, a reset link out), the forgot-password step by another name
        "resetaccount",
        "reset-account",
        "reset_account",
        "recoveraccount",
        "recover-account",
        "recover_account",
        "accountrecovery",
        "account-recovery",
        "account_recovery",
        # short forms (moin's `/+lostpass`, `/+recoverpass`)
        "lostpass",
        "lost-password",
        "lost_password",
        "lostpassword",
        "recoverpass",
        "resetpass",
        "reset-pass",
        "reset_pass",
        "forgotpass",
        "forgot-pass",
        "forgot_pass",
    }
)
# the reset words written without separators or with the password shortened
# (tiledesk's `PUT /auth/requestresetpsw`, `requestResetPassword` lowercased):
# every RESET word is unambiguous without its `-`/`_`
_RESET_COMPACT = frozenset(w.replace("-", "").replace("_", "") for w in RESET)
# short forms of "password" inside a compound segment (`resetpsw`, `forgot-pwd`, `reset_passwd`)
_PASSWORD_SHORT = lazy_re(r"passwd|pswd|psw|pwd")


def _reset_word(last: str) -> bool:
    """`last` is a RESET word, also without its separators or with a short
    form of "password" (`requestresetpsw`, `forgotpwd`)."""
    if last in RESET:
        return True
    compact = last.replace("-", "").replace("_", "")
    return compact in _RESET_COMPACT or _PASSWORD_SHORT.sub("password", compact) in _RESET_COMPACT


# the request step of a reset under a `password` segment (fittrackee's `POST
# /auth/password/reset-request`): `password-reset-request` split after its first word
_RESET_REQUEST = frozenset(f"{w}{sep}request" for w in ("reset", "forgot", "recover", "recovery") for sep in ("-", "_", ""))
# a step of a reset named after the reset word: asking for the mail, confirming it
_RESET_STEPS = frozenset({"request", "ask", "confirm"})
# `/login/access-token`, `/auth-token`: a token minted from credentials
_TOKEN_WORDS = frozenset({"access", "auth", "obtain", "issue", "login", "bearer"})
# (also spelled out: mayan-edms's `/login/multi_factor_authentication/`, `two-factor-auth`)
OTP_WORDS = frozenset({"otp", "2fa", "mfa", "totp"}) | frozenset(
    f"{n}{sep}factor{tail}" for n in ("two", "multi") for sep in ("-", "_", "") for tail in ("", f"{sep}auth", f"{sep}authentication"))
_VERIFY_WORDS = ("verify", "validate", "check", "confirm", "challenge", "login")
# `/push/token`, `/csrf/token`: tokens that are not credentials
_NOT_AUTH_TOKEN = frozenset({"push", "fcm", "apns", "device", "devices", "notification", "notifications", "csrf", "xsrf", "upload", "uploads", "refresh", "firebase", "expo"})
# pages that manage an account's second factor (`/settings/2fa`), not a step of signing in
# an OTP route under these configures the second factor of a signed-in
# account (`/settings/2fa`, `/twofa/disable/totp`): no sign-in step
_SETTINGS_WORDS = frozenset({"settings", "preferences", "profile", "security", "manage", "setup",
                             "enable", "disable", "activate", "deactivate", "remove", "delete"})
# what a sign-in `/sessions` resource hangs under (`/sessions`, `/api/v1/sessions`, `/users/sessions`);
# under anything else (`/mails/compose/sessions`, `/sudo/sessions`) it lists some other kind of session
_SESSION_PARENTS = frozenset(
    {"api", "auth", "oauth", "user", "users", "account", "accounts", "admin", "identity", "iam", "login", "sso", "web", "app", "public", "rest"}
)
# a password reset written as two segments (`/password/reset`)
# (`/recover/reset`: the step of an account's recovery that redeems the mailed code and sets the
# password, eduMFA's; not `recovery/reset`, which also names regenerating a signed-in user's 2FA recovery codes)
_RESET_PAIRS = frozenset({("password", "reset"), ("password", "forgot"), ("passwords", "reset"), ("reset", "password"), ("password", "recover"),
                          ("password", "recovery"), ("recover", "reset")})
# what a bare `reset` hangs under when it resets an account's password (`/user/reset`, `/auth/reset`)
_ACCOUNT_PARENTS = frozenset({"user", "users", "account", "accounts", "auth"})
_API_VERSION = lazy_re(r"^v\d+(?:\.\d+)*$")
# safe methods never take credentials in these frameworks' conventions
_NON_CREDENTIAL_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


# a prefix interpolated straight into a segment: f"{rel}login", `${base}login`
# (the prefix ends with its own slash), what is left is the segment
_PREFIX_HOLE = lazy_re(r"^(?:\$?\{[^{}]*\})+(?=[\w+.-])")


def strip_prefix_hole(seg: str) -> str:
    return _PREFIX_HOLE.sub("", seg)


# an optional trailing slash written as a regex group: `/login(/?)`, `/login(?:/)?`
_SLASH_GROUP = lazy_re(r"\((?:\?:)?/\??\)\??")


# a regex character class (`[^/]`, `[\w.-]`): a slash inside one is no separator
_CHAR_CLASS = lazy_re(r"\[(?:\\.|[^\]\\])*\]")


def split_path(path: str) -> list[str]:
    """``path`` cut at its separators: not at a slash inside a regex
    character class (Django's ``(?P<user_name>[^/]+)``, Express's
    ``:file([^/]+)``), which stays one parameter; an optional trailing slash
    written as a group (``/login(/?)``) is dropped."""
    unclassed = _CHAR_CLASS.sub(lambda m: m.group(0).replace("/", ""), _SLASH_GROUP.sub("", path))
    return unclassed.split("/")


def segments(path: str) -> list[str]:
    out: list[str] = []
    for raw in split_path(path):
        seg = strip_prefix_hole(_REGEX_CHARS.sub("", raw.strip()).lower())
        if not seg or seg == "." or _PARAM.match(seg):
            continue
        # Next.js file routes keep their extension-less stem; strip a stray extension
        for ext in (".json", ".html", ".php"):
            if seg.endswith(ext):
                seg = seg[: -len(ext)]
        if seg:
            out.append(seg)
    return out


# a path parameter that names how or where one signs in, not an account
# (medusa's `/auth/:actor_type/:auth_provider/reset-password`: the anonymous reset)
_NOT_ACCOUNT_PARAM = lazy_re(r"provider|strategy|type|realm|tenant|locale|lang", re.I)
# a JS template hole filling a whole segment, `${env.db.name}`: a value fixed when the
# route is registered, not a parameter of the request...
_TEMPLATE_HOLE = lazy_re(r"^\$\{([^{}]*)\}$")
# ...unless what it holds names an account or a parameter (`${USER_PARAM}`, `${idParam}`)
_ACCOUNT_HOLE = lazy_re(r"user|account|member|param|(?<![a-z])(?:u?id|pk)(?![a-z])|[a-z]Id(?![a-z])", re.I)


def registration_value(seg: str) -> bool:
    """``${env.db.name}`` in `` `/auth/${env.db.name}/forgot_password` ``: a
    segment the server fills in itself when it registers the route (acebase-server's
    database name), so what follows is not one account's page."""
    hole = _TEMPLATE_HOLE.match(seg.strip())
    return hole is not None and not _ACCOUNT_HOLE.search(hole.group(1))
_TOKEN_PARAM = lazy_re(r"^(?::|\{|<|\[)?(?:\w+:)?\w*(?:token|key|code|hash)\w*[}>\]]?$", re.I)
# a regex URL's named group (Django's `re_path(r"^reset/(?P<token>[^/]+)/$", ...)`): its name says what it holds
_GROUP_NAME = lazy_re(r"^\(\??P<(\w+)>")  # (also with its `?` stripped)


def _token_param(seg: str) -> bool:
    """A path parameter that holds a token (``:token``, ``<token>``,
    ``{reset_key}``, ``(?P<token>[^/]+)``)."""
    group = _GROUP_NAME.match(seg)
    return bool(_TOKEN_PARAM.match(group.group(1) if group else seg))


# passport-style strategies that take a password at their own route
_PASSWORD_STRATEGIES = frozenset({"local", "password", "ldap", "basic", "credentials"})


# what a sign-in form's post target adds to the word (`/login_action`, `/signin-submit`)
_FORM_ACTIONS = frozenset({"action", "submit", "post", "process", "check", "verify", "do", "handler", "attempt", "auth", "authenticate"})


# what a sign-in form's reply target adds to the word (appdaemon's `/logon_response`):
# also an identity provider's answer at times, so a sign-in only where its view reads a password
_FORM_REPLIES = frozenset({"response"})


def names_form_reply(path: str) -> bool:
    """The last segment is a sign-in word joined to ``response``
    (``/logon_response``, ``/login-response``): where a sign-in form posts
    its password, or where a single sign-on's identity provider posts its
    answer; a login route when its view reads a password (see
    ``auth._route_kind``)."""
    segs = segments(path)
    parts = re.split(r"[-_]", segs[-1]) if segs else []
    return len(parts) == 2 and parts[0] in ("login", "signin", "logon") and parts[1] in _FORM_REPLIES


def names_token(path: str) -> bool:
    """The last segment names a token, however phrased (``get_api_token``,
    ``generate-token``, the collection ``/auth/tokens`` a POST adds one to, as
    OpenStack Keystone's password sign-in does), and nothing says it is not a
    sign-in's token (``/push/token``, ``refresh_token``): a token route when
    its view checks a password (see ``auth._route_kind``)."""
    segs = segments(path)
    if not segs:
        return False
    words = re.split(r"[-_]", segs[-1])
    prev = segs[-2] if len(segs) > 1 else ""
    return bool({"token", "tokens"}.intersection(words)) and prev not in _NOT_AUTH_TOKEN and not _NOT_AUTH_TOKEN.intersection(words)


def names_compound_login(path: str) -> bool:
    """The last segment is a sign-in word after another word that is not a
    known qualifier (``cms_login``, ``toolbar-login``, ``social-login``): a
    sign-in only when its view checks a password (see ``_route_kind``); a
    redirect to a provider's sign-in checks none."""
    segs = segments(path)
    if not segs:
        return False
    parts = re.split(r"[-_]", segs[-1])
    return len(parts) == 2 and bool(parts[0]) and parts[1] in ("login", "signin", "logon")


# the npm registry's user document, `org.couchdb.user:<name>` (CouchDB's id for a user)
_COUCH_USER = lazy_re(r"org[._\\]*couchdb[._\\]*user", re.I)


def npm_registry_login(path: str) -> bool:
    """`npm login` (and `npm adduser`) PUTs the name and password to
    ``/-/user/org.couchdb.user:<name>`` and gets a token back: the sign-in of
    every npm registry (cnpmjs.org's ``/-/user/org.couchdb.user::name``,
    verdaccio's ``/-/user/:org_couchdb_user/:_rev?/:revision?``).  The user
    document under ``user``, with nothing after it but path parameters:
    ``.../org.couchdb.user::name/-rev/:rev`` updates a signed-in account."""
    raw = [p for p in path.strip().split("/") if p]
    for i, part in enumerate(raw):
        if _COUCH_USER.search(part):
            prev = _REGEX_CHARS.sub("", raw[i - 1]).strip().lower() if i else ""
            rest = [_REGEX_CHARS.sub("", r).strip().lower() for r in raw[i + 1 :]]
            return prev == "user" and all(not r or _PARAM.match(r) for r in rest)
    return False


def credential_kind(path: str) -> str:
    """'login' | 'token' | 'session' | 'reset' | 'otp' | '' (not a credential route)."""
    segs = segments(path)
    if not segs:
        return ""
    if npm_registry_login(path):
        return "login"
    # (a regex URL's anchors are no segments: `^reset/(?P<token>[^/]+)/$`)
    raw = [p for p in (r.rstrip("$") for r in split_path(path.strip())) if p]
    if segs[-1] == "forgot" or (segs[-1] in ("reset", "token") and len(raw) > 1 and raw[-1].lower() != segs[-1] and _PARAM.match(raw[-1].lower()) and _token_param(raw[-1])):
        return "reset"  # `/forgot`, `/reset/:token`, openhim's `PUT /token/:token` (redeems an emailed token, sets the password)
    last = segs[-1]
    prev = segs[-2] if len(segs) > 1 else ""
    if last in LOGIN:
        return "login"
    parts = re.split(r"[-_]", last)
    if len(parts) == 2 and parts[1] in ("login", "signin") and parts[0] in _LOGIN_QUALIFIERS:
        return "login"  # `/admin-login`, `/ldap_login`, `/matrix-login` (not `/social-login`: a redirect to a provider)
    if len(parts) == 2 and parts[0] in ("login", "signin", "logon") and parts[1] in _FORM_ACTIONS:
        return "login"  # `/login_action`, `/login-submit`: the form's post target
    if (prev, last) == ("callback", "credentials"):
        return "login"
    if prev in LOGIN and last in _PASSWORD_STRATEGIES:
        return "login"  # `/login/local`, `/auth/ldap`: the password strategy's own sign-in
    if prev in AUTH and last in _PASSWORD_STRATEGIES and last != "password":
        return "login"  # `/auth/local` (Strapi's users-permissions, passport's local strategy); not `/auth/password`, often a change of it
    if last in TOKEN and prev in _NOT_AUTH_TOKEN:
        return ""
    if last in TOKEN or (prev, last) in (("jwt", "create"), ("token", "obtain"), ("token", "pair")):
        return "token"
    token_words = re.split(r"[-_]", last)
    if prev not in _NOT_AUTH_TOKEN and "token" in token_words and len(token_words) > 1 and all(w == "token" or w in _TOKEN_WORDS for w in token_words):
        return "token"
    if last in ("accesstoken", "authtoken"):
        return "token"
    if last in SESSION:
        # `POST /sessions` signs in; `/sessions/:id` is one existing session
        # (a chat, a terminal, a login being managed), not a way to get one,
        # and `/mails/compose/sessions` is about another kind of session
        if raw and not segments(raw[-1]):
            return ""
        return "session" if not prev or prev in _SESSION_PARENTS or _API_VERSION.match(prev) else ""
    if last in AUTH:
        return "login"
    if _reset_word(last) or (prev, last) in _RESET_PAIRS \
            or (last == "reset" and prev in _ACCOUNT_PARENTS) \
            or (last in _RESET_REQUEST and prev in ("password", "passwords")):
        # ckan's `/user/reset`: an account's reset is its password's; fittrackee's `/password/reset-request`
        # `/users/<pk>/password-reset/`: a reset one account's page triggers
        # (staff or the owner acting on an id), not the anonymous form
        bare = [b for b in (_REGEX_CHARS.sub("", r).strip() for r in raw) if b]
        if len(bare) > 1 and bare[-1].lower() == last and _PARAM.match(bare[-2]) and not _NOT_ACCOUNT_PARAM.search(bare[-2]) \
                and not (len(raw) > 1 and registration_value(raw[-2])):
            return ""
        # `/users/:user/password/reset` (wildduck's API): the same, the reset written as two words
        if len(bare) > 2 and [b.lower() for b in bare[-2:]] == [prev, last] and (prev, last) in _RESET_PAIRS \
                and _PARAM.match(bare[-3]) and not _NOT_ACCOUNT_PARAM.search(bare[-3]) and not (len(raw) > 2 and registration_value(raw[-3])):
            return ""
        # `/useradmin/reset-password/:id`: the same, with the account after the
        # reset word (a `:token` there is the anonymous link's, still a reset)
        if len(bare) > 2 and bare[-2].lower() == last and _PARAM.match(bare[-1]) and not _token_param(bare[-1]):
            return ""
        return "reset"
    if prev in RESET and last in _RESET_STEPS:
        return "reset"  # `/forgot-password/request`, noggin's `/forgot-password/ask` (mails the link), `/reset-password/confirm`
    words = re.split(r"[-_]", last)
    if last in OTP_WORDS:
        return "" if _SETTINGS_WORDS.intersection(segs[:-1]) else "otp"
    if prev in OTP_WORDS and last in _VERIFY_WORDS:
        # `/settings/2fa/totp/<id>/confirm`: enrolling a device on a signed-in account's settings page
        return "" if _SETTINGS_WORDS.intersection(segs[:-2]) else "otp"
    if last in _VERIFY_WORDS and OTP_WORDS.intersection(segs[-3:-1]) and not _SETTINGS_WORDS.intersection(segs[:-1]):
        return "otp"  # medusa's `/auth/mfa/challenges/:id/verify`: the code check of a sign-in in progress
    if any(w in OTP_WORDS for w in words) and any(w in _VERIFY_WORDS for w in words):
        # docassemble's `/mfa_verify_sms_setup`: the code check of enrolling a second factor,
        # as `/2fa/setup/verify` written as one segment
        return "" if _SETTINGS_WORDS.intersection(words) else "otp"
    compact = last.replace("-", "").replace("_", "")
    for o in ("otp", "2fa", "mfa", "totp"):
        if compact in (f"verify{o}", f"{o}verify", f"validate{o}", f"{o}validate"):
            return "otp"
    return ""


# what a credential `/token` hangs under: nothing, an API version, an auth or
# account prefix, an OAuth/OpenID one (`/o/token/`, `/protocol/openid-connect/token`)
_TOKEN_PARENTS = _SESSION_PARENTS | frozenset({"jwt", "oauth2", "o", "connect", "openid", "openid-connect", "oidc", "saml", "token", "tokens", "authorize"})


def resource_token(path: str) -> bool:
    """A `/token` under some other resource (`/machine/token`: attach a token to a
    machine): a credential route only if its handler checks one."""
    segs = segments(path)
    if not segs or segs[-1] not in TOKEN or len(segs) < 2:
        return False
    prev = segs[-2]
    return prev not in _TOKEN_PARENTS and not _API_VERSION.match(prev)


def one_item_path(base: str, path: str) -> bool:
    """``path`` is ``base`` followed by one path parameter: the item of a
    collection (``/{session_id}`` under ``/``, ``/sessions/:id`` under
    ``/sessions``)."""
    head = [p for p in base.strip().split("/") if p]
    raw = [p for p in path.strip().split("/") if p]
    return len(raw) == len(head) + 1 and raw[:-1] == head and bool(_PARAM.match(_REGEX_CHARS.sub("", raw[-1]).strip()))


# where an app keeps its own configuration (`/api/settings/...`, `/config/...`)
_CONFIG_PARENTS = frozenset({"settings", "setting", "config", "configs", "configuration", "preferences"})


def names_sign_in_settings(path: str) -> bool:
    """A sign-in word right under a configuration segment
    (``PUT /api/settings/authentication``, ``/config/login``): the page or
    API that changes how the app signs users in, not a sign-in itself; a
    login route only where its inline view checks a password (see
    ``auth._route_kind``)."""
    segs = segments(path)
    return len(segs) > 1 and segs[-2] in _CONFIG_PARENTS and (segs[-1] in LOGIN or segs[-1] in AUTH)


def takes_credentials(method: str) -> bool:
    return method.upper() not in _NON_CREDENTIAL_METHODS


_CONSEQUENCE = {
    "login": "an attacker can try passwords as fast as the server answers (credential stuffing, brute force of any account)",
    "session": "an attacker can try passwords as fast as the server answers (credential stuffing, brute force of any account)",
    "token": "an attacker can try credentials or client secrets as fast as the server answers and mint tokens for any account they guess",
    "reset": "an attacker can flood users with reset mails, and enumerate accounts wherever the reply for an unknown address differs",
    "otp": "a 6-digit code has only 1,000,000 values, so an attacker who has the password can brute-force the second factor in minutes",
}


# a reset route whose path carries the token (`/reset/<hash>`, `/recover-password/<uidb64>/<token>/`):
# it consumes a token to set a new password and sends no mail
_RESET_CONFIRM = "an attacker can try reset tokens or codes as fast as the server answers, and one that is guessed sets the account's password"


def consequence(kind: str, path: str = "", sibling_paths: Iterable[str] = ()) -> str:
    """What an attacker does with the unlimited route; ``sibling_paths``: the
    other routes of its file (a `/reset-password` beside a `/forgot-password`
    is the step that redeems the mailed token, not the one that mails it)."""
    if kind == "reset" and path and redeems_reset_token(path, sibling_paths):
        return _RESET_CONFIRM
    return _CONSEQUENCE.get(kind, _CONSEQUENCE["login"])


def redeems_reset_token(path: str, sibling_paths: Iterable[str] = ()) -> bool:
    """A reset route (``credential_kind`` 'reset') is the step that redeems the
    mailed token and sets the password, not the one that mails it: its path
    carries the token or ends in `confirm`, or it is no request step beside
    one (see :func:`consequence`)."""
    if _ends_in_param(path) or segments(path)[-1:] == ["confirm"]:
        return True
    return not _forgot(path) and any(_forgot(p) for p in sibling_paths)


# what a reset's request step mails, named beside the reset word (`get_reset_link`, `send-reset-email`);
# not a step that checks it (`verify-reset-link`: the redeeming step)
_MAILED_ITEMS = frozenset({"link", "mail", "email"})
_SEGMENT_WORDS = lazy_re(r"[-_.]+")


def _names_reset_mail(seg: str) -> bool:
    """A segment joins the reset word to what the reset mails (`get_reset_link`),
    with no word of checking it (`verify_reset_link`)."""
    words = set(_SEGMENT_WORDS.split(seg))
    return "reset" in words and bool(words & _MAILED_ITEMS) and not words.intersection(_VERIFY_WORDS)


def _forgot(path: str) -> bool:
    """The reset step that mails the link: `/forgot-password`, `/password-reminder`,
    `/lost-password`, or a reset named as its request (noggin's `/forgot-password/ask`, r2r's
    `/users/request-password-reset`, `/password-reset-request`, `/password/reset-request`,
    `/password-reset/request`, tiledesk's `requestresetpsw`)."""
    segs = segments(path)
    if not segs:
        return False
    last = segs[-1]
    if last.startswith(("forgot", "lost")) or "reminder" in last:
        return True
    if _names_reset_mail(last):
        return True  # assemblyline-ui's `/get_reset_link/`, `/send-reset-email`
    if last == "ask":
        return len(segs) > 1 and _reset_word(segs[-2])
    if "request" not in last:
        return False
    return _reset_word(last) or last in _RESET_REQUEST or (last == "request" and len(segs) > 1 and _reset_word(segs[-2]))


def _ends_in_param(path: str) -> bool:
    """The last segment of ``path`` is a path parameter (``<token>``, ``:hash``, ``(?P<token>[^/]+)``)."""
    segs = [p for p in (_REGEX_CHARS.sub("", raw).strip() for raw in split_path(path)) if p]
    return bool(segs) and (bool(_PARAM.match(segs[-1])) or segs[-1].startswith("(P<"))


_NEXT_EXTS = frozenset({"js", "jsx", "ts", "tsx", "mjs", "cjs"})


def next_route_url(path: str) -> str:
    """The URL a Next.js (or Medusa 2) API route file serves, from its path alone
    (``pages/api/auth/login.ts`` -> ``/api/auth/login``, ``app/api/token/route.ts``
    -> ``/api/token``, Medusa's ``src/api/auth/session/route.ts`` -> ``/auth/session``);
    '' when the file is not one.  Mirrors the JS frontend."""
    parts = path.removeprefix("./").lstrip("/").split("/")
    stem, dot, ext = parts[-1].rpartition(".")
    if not dot or ext not in _NEXT_EXTS:
        return ""
    for k in range(len(parts) - 2):
        if parts[k] == "pages" and parts[k + 1] == "api":
            rel = "/".join(parts[k + 1 : -1] + [stem])
            return "/" + (rel[: -len("/index")] if rel.endswith("/index") else rel)
    if stem == "route" and "app" in parts[:-1]:
        k = parts.index("app")
        segs = [s for s in parts[k + 1 : -1] if not (s.startswith("(") and s.endswith(")")) and not s.startswith("@")]
        return "/" + "/".join(segs)
    if stem == "route" and (k := medusa_api_at(parts)) >= 0:  # Medusa 2: src/api/auth/.../route.ts
        return "/" + "/".join(parts[k + 1 : -1])
    return ""
