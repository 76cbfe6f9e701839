"""RS502 login-no-lockout: a handler that checks a password with no
failed-attempt tracking (the evidence is judged in ``_lockout``).
"""

from __future__ import annotations

import re
from typing import Iterable

from ..facts import CALL, IDENT, STR, Call, FileFacts, Func, Route
from ..frontends._assigns import SIGNED_IN
from ..lazyre import lazy_re
from ..model import Hit, Related
from ..project import Project
from . import check
from ._cli import run_by_hand
from ._credroutes import credential_kind, takes_credentials
from ._lockout import PBKDF2_PASSWORD, account_limited, against_literal_hash, js_rehash, literal_hash_name, lockout_evidence, login_form_of, password_check, promisified, py_fed_digest, py_rehash, rehash_name
from ._memo import methods_of, service_files
from ._mounts import mounted_path
from ._resolve import class_constructions, last_name, name_words
from ._routes import (
    base_class_home,
    class_bases,
    extends_where,
    inherited_attr,
    inherited_method,
    is_mock,
)
from ._services import django_project, is_demo_path


_CREATES_USER = frozenset({"create_user", "create_superuser", "_create_user"})


def _just_registered(project: Project, ff: FileFacts, check: Call) -> bool:
    """The check logs in an account the same function has just created
    (``user = form.save()`` / ``create_user(...)``, then ``authenticate`` with
    the password just set): the auto-login after sign-up, not a login."""
    if not check.func:
        return False
    for c in project.calls_in(ff, check.func, nested=False):
        if c.line > check.line or c is check:
            continue
        if c.method in _CREATES_USER or c.callee.rsplit(".", 1)[-1] in _CREATES_USER:
            return True
        if c.method == "save" and "form" in c.recv.lower() and c.assigned.rsplit(".", 1)[-1].lower() in ("user", "new_user", "account"):
            return True
        if c.method == "save" and "serializer" in c.recv.lower() and _creating(project, ff, check.func):
            return True  # DRF `perform_create`: `serializer.save()` makes the account, then signs it in
        if c.method == "form_valid" and c.callee.startswith("super(") and _account_create_view(project, ff, check.func):
            return True  # Django's CreateView: `super().form_valid(form)` saves the new account's form
    return False


# Django's generic views whose form_valid() saves the form (`self.object = form.save()`)
_DJANGO_CREATE_VIEWS = frozenset({"django.views.generic.CreateView", "django.views.generic.edit.CreateView",
                                  "django.views.generic.edit.BaseCreateView"})


# words of a model or form class that is the account itself (User, CustomUser, UserCreationForm, SignupForm)
_ACCOUNT_WORDS = frozenset({"user", "account", "member", "signup", "registration"})


def _account_create_view(project: Project, ff: FileFacts, fid: str) -> bool:
    """``fid`` is the ``form_valid`` of a Django ``CreateView`` (its own base or
    a project ancestor's) whose ``model`` or ``form_class`` is the account
    (``model = User``, ``get_user_model()``, ``form_class = UserCreationForm``):
    its ``super().form_valid(form)`` creates the account."""
    fn = project.funcs(ff).get(fid)
    if fn is None or not fn.cls or fn.name != "form_valid" or not extends_where(project, ff, fn.cls, _DJANGO_CREATE_VIEWS.__contains__):
        return False
    for attr in ("model", "form_class"):
        got = inherited_attr(project, ff, fn.cls, attr)
        if got is None or got[1].k not in (IDENT, CALL) or not isinstance(got[1].v, str):
            continue
        name = last_name(got[1].v)
        if name == "get_user_model" or _ACCOUNT_WORDS & set(name_words(name)):
            return True
    return False


# words of a function or class that re-asks a signed-in user for the password
# they already have (clean_old_password, EmailChangeForm, SetAuthenticatedUserPasswordSerializer)
_REAUTH_WORDS = frozenset({"change", "old", "current", "authenticated", "reauth", "reauthenticate"})


_REAUTH_CLASS_WORDS = frozenset({"change", "authenticated", "own", "delete", "deactivate", "confirm", "confirmation", "edit", "destructive"})


# the signed-in user of the request: `request.user`, DRF's `self.context["request"].user`
_SESSION_USER = lazy_re(r"(?:request(?:['\"]\])?|context\[\])\.user(?:$|\.)")


# the field of an account that names it to Django's authenticate()
_ACCOUNT_FIELD = lazy_re(r"user_?name|e?mail|login|get_username", re.I)


def _signed_in_object(ff: FileFacts, check: Call, text: str) -> bool:
    """``text`` is the signed-in account as the view or serializer holds it:
    ``request.user``, the ``self.context["user"]`` a view hands its DRF
    serializer (or its ``self.context["request"].user``), the ``self.instance``
    a serializer or model form edits, or a name the checking function bound to
    one of them before the check and did not rebind to a call's result."""
    if SIGNED_IN.fullmatch(text):
        return True
    if not text.isidentifier() or not ff.extra:
        return False
    bound = [a[2] for a in ff.extra.get("assigns") or () if isinstance(a, list) and len(a) >= 4 and a[0] == text
             and a[1] == check.func and isinstance(a[2], int) and a[2] < check.line and isinstance(a[3], dict)
             and SIGNED_IN.fullmatch(str(a[3].get("v", "")))]
    return bool(bound) and not any(c.assigned == text and c.func == check.func and max(bound) < c.line < check.line for c in ff.calls)


def _handed_signed_in(project: Project, ff: FileFacts, check: Call) -> bool:
    """``self.user.check_password(pw)`` in a method of a class whose
    ``__init__`` takes that user from its keyword arguments (``self.user =
    kwargs.pop('user', None)``) when every construction of the class in the
    project, one at least, hands it the signed-in account (``PasswordForm(request.POST,
    user=request.user)``, tendenci's password confirmation): the caller chose the
    account, and it is the session's own, not one the client names."""
    recv = check.recv
    fn = project.func_of(ff, check)
    if not recv.startswith("self.") or not recv[5:].isidentifier() or fn is None or not fn.cls:
        return False
    inits = [f for f in methods_of(ff, fn.cls) if f.name == "__init__"]
    if len(inits) != 1:
        return False
    init = inits[0]
    keys = {c.args[0].v for c in project.calls_in(ff, init.id, nested=False)
            if c.assigned == recv and c.method in ("pop", "get") and c.recv.lstrip("*") in {p.lstrip("*") for p in init.params}
            and c.args and c.args[0].k == STR}
    if len(keys) != 1:
        return False
    key = next(iter(keys))
    made = class_constructions(project, ff.path, fn.cls)
    return bool(made) and all(
        key in c.kwargs and c.kwargs[key].k == IDENT and _signed_in_object(cff, c, c.kwargs[key].v) for cff, c in made)


# the bases a password-hashing library gives a hashing scheme of one's own:
# Django's hashers, pwdlib's HasherProtocol (``pwdlib.hashers`` and its
# ``base`` module), passlib's handler helpers and its PasswordHash interface
_HASHER_BASES = ("django.contrib.auth.hashers.", "pwdlib.hashers.", "passlib.utils.handlers.", "passlib.ifc.")


def _library_hasher(project: Project, ff: FileFacts, check: Call) -> bool:
    """The check is in a method of a subclass of a password-hashing library's
    hasher base (integreat-cms's ``WPBCryptPasswordHasher(BCryptSHA256PasswordHasher)``,
    whose ``verify`` runs ``bcrypt.checkpw``; amqtt's
    ``LegacyPasslibScryptHasher(HasherProtocol)``, a pwdlib hasher whose
    ``verify`` runs ``hashlib.scrypt``): the hashing primitive the library's
    ``check_password``/``PasswordHasher.verify`` calls for every check, not a
    sign-in (the sign-ins that reach it, an authentication backend or a login
    view, are judged themselves)."""
    fn = project.func_of(ff, check) if check.func else None
    return fn is not None and bool(fn.cls) and any(b.startswith(_HASHER_BASES) for b in class_bases(ff, fn.cls))


_PASSWORD_WORDS = frozenset({"password", "passwords", "passwd", "pwd", "pw", "pass", "passphrase", "pin"})


def _api_key_check(project: Project, ff: FileFacts, check: Call) -> bool:
    """The check is in a function named for verifying an API key or token
    (r2r's ``verify_api_key(self, raw_api_key, hashed_key)``: ``bcrypt.checkpw``
    on the key the client sent, ``nacl.pwhash.verify`` in its NaCl twin) whose
    parameters name no password: a random secret the service issued, not one a
    person chose, so no account is guessed there."""
    fn = project.func_of(ff, check) if check.func else None
    if fn is None:
        return False
    words = name_words(fn.name)
    if "apikey" not in words and not any(a == "api" and b in ("key", "keys", "token", "secret") for a, b in zip(words, words[1:], strict=False)):
        return False
    return not any(_PASSWORD_WORDS.intersection(name_words(p)) for p in fn.params)


def _reconfirms_signed_in(project: Project, ff: FileFacts, check: Call) -> bool:
    """A user object's own password check (``self.user.check_password(old)``)
    in a change form or a current-password confirmation: guessing there needs
    the victim's session first, so it is not a sign-in to lock."""
    if any(a.k == IDENT and _SESSION_USER.search(a.v) for a in check.args):
        return True  # `check_password(old, request.user.password)`: the signed-in user's own hash
    if check.callee in ("django.contrib.auth.authenticate", "django.contrib.auth.aauthenticate"):
        # `authenticate(username=self.context["user"].username, password=value)`: the account
        # is the signed-in one (modoboa's CheckPasswordSerializer), not one the client names
        for k, v in check.kwargs.items():
            if k in ("password", "request") or v.k not in (IDENT, CALL):
                continue
            head, _, field = v.v.rpartition(".")
            if head and _ACCOUNT_FIELD.fullmatch(field) and _signed_in_object(ff, check, head):
                return True
    elif check.recv and (_signed_in_object(ff, check, check.recv) or _handed_signed_in(project, ff, check)):
        return True  # `user = self.context["user"]; user.check_password(value)`
    if any(a.k == IDENT and {"current", "old"} & set(w := name_words(last_name(a.v))) and "password" in w for a in check.args):
        return True  # `bcrypt.compare(currentPassword, user.password)`: the password a signed-in user re-enters
    scopes = project.scopes(ff, check.func) if check.func else []
    if not check.method or not check.recv:
        # a plain call (`check_password_hash(hash, pw)`) only in a function named for
        # re-entering the current password (`validate_current_password`), or in a form
        # class named for an edit of a signed-in account (ihatemoney's EditProjectForm)
        return any({"current", "old"} & set(w := name_words(f.name)) and "password" in w for f in scopes) or any(
            _REAUTH_CLASS_WORDS.intersection(name_words(f.cls)) for f in scopes if f.cls)
    if _SESSION_USER.search(check.recv):
        return True
    return any(_REAUTH_WORDS.intersection(name_words(f.name)) - _getter_current(f.name) for f in scopes) or any(
        _REAUTH_CLASS_WORDS.intersection(name_words(f.cls)) for f in scopes if f.cls)


def _getter_current(name: str) -> set[str]:
    """{"current"} for a function that names the request's user
    (``get_current_user``, ``get_current_username`` -- FastAPI's HTTP Basic
    dependency -- or ``current_user``): checking a password there signs the
    request in, it is no re-entered password; else the empty set."""
    words = name_words(name)
    return {"current"} if words[:1] in (["get"], ["current"]) and "password" not in words else set()


def _creating(project: Project, ff: FileFacts, fid: str) -> bool:
    fn = project.funcs(ff).get(fid)
    name = fn.name.lower() if fn is not None else ""
    return name in ("perform_create", "create") or "signup" in name or "sign_up" in name or "regist" in name


def _fold_helpers(project: Project, ff: FileFacts, firsts: dict[str, Call]) -> dict[str, str]:
    """Functions holding a password check (keys of ``firsts``) that another one
    of them in the file calls by name (``self.helper()`` from a method of the
    same class, ``helper()`` from a module function): helper id -> id of the
    outermost such caller, whose finding the helper's check joins."""
    funcs = project.funcs(ff)
    caller_of: dict[str, str] = {}
    # the calls made in those functions, by the name they call (a method's, a plain function's), in file order
    by_method: dict[str, list[Call]] = {}
    by_callee: dict[str, list[Call]] = {}
    for c in ff.calls:
        if c.func in firsts:
            by_method.setdefault(c.method, []).append(c)
            by_callee.setdefault(c.callee, []).append(c)
    for fid in firsts:
        f = funcs.get(fid)
        if f is None or not f.name or f.name == "<anon>":
            continue
        for c in (by_method if f.cls else by_callee).get(f.name, ()):
            if c.func == fid:
                continue
            host = funcs.get(c.func)
            if host is not None and _calls_by_name(host, f, c):
                if fid not in caller_of or firsts[c.func].line < firsts[caller_of[fid]].line:
                    caller_of[fid] = c.func
    out: dict[str, str] = {}
    for fid in caller_of:
        root, seen = fid, {fid}
        while root in caller_of and caller_of[root] not in seen:
            root = caller_of[root]
            seen.add(root)
        if root not in caller_of:  # (functions calling each other in a ring fold into none)
            out[fid] = root
    return out


def _calls_by_name(host: Func, f: Func, c: Call) -> bool:
    """``c``, a call in ``host``, calls ``f`` of the same file by name:
    ``self.helper()`` from a method of the same class, ``helper()`` for a module function."""
    if f.cls:
        return c.method == f.name and c.recv in ("self", "cls") and host.cls == f.cls
    return not c.recv and c.callee == f.name


def _shared_caller_siblings(ff: FileFacts, funcs: dict[str, Func], firsts: dict[str, Call],
                            skip: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Functions holding a password check that one function of the file holding
    none calls, after the first of them: one sign-in verifying each stored
    scheme through a helper of its own (motioneye's ``LoginHandler.post`` calls
    ``verify_argon2_password`` or ``verify_legacy_sha1_password``).  Function id
    -> (that first one's id, the caller's id).  Functions in ``skip`` (folded
    already) are left out."""
    named = {fid: f for fid in firsts if fid not in skip and (f := funcs.get(fid)) is not None and f.name and f.name != "<anon>"}
    called: dict[str, list[str]] = {}
    for c in ff.calls:
        host = funcs.get(c.func) if c.func and c.func not in firsts else None
        if host is None:
            continue
        for fid, f in named.items():
            if _calls_by_name(host, f, c) and fid not in called.setdefault(c.func, []):
                called[c.func].append(fid)
    out: dict[str, tuple[str, str]] = {}
    for caller in sorted(called, key=lambda h: funcs[h].line):
        members = sorted((m for m in called[caller] if m not in out), key=lambda m: firsts[m].line)
        if len(members) > 1 and members[0] not in out:
            for m in members[1:]:
                out[m] = (members[0], caller)
    return out


def _class_siblings(funcs: dict[str, Func], firsts: dict[str, Call], folded: dict[str, str]) -> dict[str, str]:
    """Methods holding a password check (and not folded into a caller)
    after the first such method of their class: method id -> that first one's id."""
    first_of: dict[str, str] = {}
    out: dict[str, str] = {}
    for fid in sorted(firsts, key=lambda f: firsts[f].line):
        f = funcs.get(fid)
        if f is None or not f.cls or fid in folded:
            continue
        root = first_of.setdefault(f.cls, fid)
        if root != fid:
            out[fid] = root
    return out


def _override_siblings(project: Project, ff: FileFacts, funcs: dict[str, Func], firsts: dict[str, Call],
                       skip: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Methods holding a password check that implement one method of a project
    base class, each in a subclass of its own in this file (modoboa's password
    hashers: `BLFCRYPTHasher.verify`, `MD5CRYPTHasher.verify`... of
    `PasswordHasher.verify`, one scheme each), after the first of them: method id
    -> (that first one's id, the base class).  Methods in ``skip`` (folded already) are left out."""
    family: dict[tuple[str, str], list[str]] = {}
    for fid in sorted(firsts, key=lambda f: firsts[f].line):
        f = funcs.get(fid)
        if f is None or not f.cls or fid in skip:
            continue
        for base in class_bases(ff, f.cls):
            where = base_class_home(project, ff, base)
            got = inherited_method(project, where[0], where[1], f.name) if where is not None and where[1] != f.cls else None
            owner = got[1].cls if got is not None else ""
            if owner:
                family.setdefault((owner, f.name), []).append(fid)
                break
    out: dict[str, tuple[str, str]] = {}
    for (base_cls, _name), members in family.items():
        if len({funcs[m].cls for m in members}) > 1:
            for m in members[1:]:
                out[m] = (members[0], base_cls)
    return out


@check("RS502")
def login_no_lockout(project: Project) -> Iterable[Hit]:
    for ff in project.parsed_code_files():
        if is_mock(ff) or is_demo_path(ff.path):
            continue
        # (a password typed at a terminal prompt or given to a command is not a login)
        # (nor is a check in module code, run once at import: a hasher's
        # self-test, `assert argon2.verify("test", argon2.hash("test"))`)
        checks = [
            c for c in ff.calls
            if c.func and password_check(project, ff, c) and not run_by_hand(project, ff, c.func) and not _just_registered(project, ff, c)
            and not _reconfirms_signed_in(project, ff, c) and not account_limited(project, ff, c) and not _library_hasher(project, ff, c)
            and not _api_key_check(project, ff, c)
        ]
        if not checks:
            continue
        evidence = lockout_evidence(project, ff.path)
        if evidence:
            continue
        seen_anchors: dict[str, int] = {}
        routes_by_handler: dict[str, Route] = {}
        for r in sorted(ff.routes, key=lambda r: (takes_credentials(r.method), bool(credential_kind(r.path)))):
            if r.handler:
                routes_by_handler[r.handler] = r
        # one finding per function: its other checks are the same missing lockout
        firsts: dict[str, Call] = {}
        others: dict[str, list[Call]] = {}
        # (a check against a hash made at import from a literal password comes after the
        # function's other checks: the submitted password checked against the stored hash
        # is the one reported)
        for c in sorted(checks, key=lambda c: against_literal_hash(ff, c)):
            if c.func and c.func in firsts:
                others.setdefault(c.func, []).append(c)
            elif c.func:
                firsts[c.func] = c
        # a helper whose check a checking function of the same file calls
        # (ckan's validate_password -> self._verify_and_upgrade_pbkdf2) is that login's check too
        folded = _fold_helpers(project, ff, firsts)
        funcs = project.funcs(ff)
        # and checks in several methods of one class are that class's login
        # (radicale's htpasswd Auth verifies each hash scheme in a method of its
        # own: _bcrypt, _argon2, _sha256...): one finding, at the first of them
        siblings = _class_siblings(funcs, firsts, folded)
        # and so are the implementations of one method of a project base class,
        # a subclass each (one scheme's verify per password hasher): one finding, at the first
        overrides = _override_siblings(project, ff, funcs, firsts, {**folded, **siblings})
        siblings.update({fid: root for fid, (root, _base) in overrides.items()})
        # and so are helpers one function of the file calls, each checking one stored scheme
        shared = _shared_caller_siblings(ff, funcs, firsts, {**folded, **siblings})
        siblings.update({fid: root for fid, (root, _caller) in shared.items()})
        for c in checks:
            if c.func and (firsts.get(c.func) is not c or c.func in folded or c.func in siblings):
                continue
            fn = project.func_of(ff, c)
            # (a method with its class: "in `LoginView.post`", not a bare "in `post`")
            where = (f" in `{fn.cls + '.' if fn.cls else ''}{fn.name}`" if fn is not None and fn.name and fn.name != "<anon>" else "")
            related: list[Related] = [Related(ff.path, o.line, "another password check in the same function"
                                              + (f", against `{lh}`, a hash made at import from a literal password" if (lh := literal_hash_name(ff, o)) else ""))
                                      for o in others.get(c.func, ())]
            for helper, into in sorted({**folded, **siblings}.items(), key=lambda kv: firsts[kv[0]].line):
                if siblings.get(into, into) == c.func and helper in funcs:
                    if helper in overrides:
                        h = funcs[helper]
                        related.append(Related(ff.path, firsts[helper].line,
                                               f"another password check, in `{h.cls}.{h.name}`, another implementation of `{overrides[helper][1]}.{h.name}`"))
                        continue
                    if helper in shared:
                        caller = funcs[shared[helper][1]]
                        related.append(Related(ff.path, firsts[helper].line, f"another password check, in `{funcs[helper].name}`, which "
                                               f"`{caller.cls + '.' if caller.cls else ''}{caller.name}` also calls"))
                        continue
                    how = "which this function calls" if helper in folded else f"another method of `{funcs[helper].cls}`"
                    related.append(Related(ff.path, firsts[helper].line, f"another password check, in `{funcs[helper].name}`, {how}"))
            route = next((routes_by_handler[f.id] for f in project.scopes(ff, c.func)[:10] if f.id in routes_by_handler), None)
            if route is not None:
                # (the path the route is served at: a blueprint's or router's mount prefix joined in, as RS501 names it)
                rpath = mounted_path(project, ff, route)
                where = f" in the {route.method} {rpath} handler" if route.method != "ANY" else f" in the {rpath} handler"
                related.insert(0, Related(ff.path, route.line, f"route {route.method} {rpath}"))
            name = f"{c.recv}.{c.method}" if c.recv and c.method else last_name(c.callee)
            rehash = rehash_name(ff, c)
            how = ""
            if rehash == PBKDF2_PASSWORD:
                # `hasher({ password, salt: user.salt }, (err, pass, salt, hash) => ...)`, then `user.hash === hash`
                how = " (pbkdf2-password's hasher: the submitted password hashed with the stored salt, then compared with the stored hash)"
            elif rehash:
                # `promisify(bcrypt.hash)(pw, user.salt)`, then `user.password === hashed`
                name = name if c.recv and c.method else rehash
                how = " (the submitted password hashed with the stored salt, then compared with the stored hash)"
            elif ff.lang == "py" and (digest := py_rehash(project, ff, c)):
                # `hashlib.sha1(salt + password).hexdigest() == user.password`, or through the project's hashing helper
                fed = py_fed_digest(ff, c)
                salt = " with the stored salt" if _salted(fed or c) else ""
                how = (f" (the submitted password fed to it with `{fed.recv}.update(…)`{salt}, and the digest compared with the stored one)" if fed
                       else f" (the submitted password digested{salt} and compared with the stored digest)" if digest == c.callee
                       else f" (the submitted password digested with `{digest}` there, then compared with the stored digest)")
            elif ff.lang != "py" and (digest := js_rehash(project, ff, c)):
                # `crypto.pbkdf2Sync(password, user.salt, ...)` tested against `user.hash`, or through the project's hashing helper
                shown = digest.replace("()", "(…)")
                if digest.startswith(c.callee) or last_name(c.callee) == last_name(digest):
                    name = shown
                    how = " (the submitted password digested with Node's crypto, then compared with the stored hash)"
                else:
                    how = f" (the submitted password digested with `{shown}` there, then compared with the stored hash)"
            elif ff.lang == "py" and c.method == "is_valid" and (form := last_name(login_form_of(project, ff, c))):
                # `form = LoginForm(request, data=request.POST); form.is_valid()`: the password is checked out of sight
                kind = "Django's `AuthenticationForm`" if form == "AuthenticationForm" else f"`{form}`, a subclass of Django's `AuthenticationForm`"
                how = f" (validating {kind}, whose `clean()` calls `authenticate()` with the submitted password)"
            elif not c.recv and not c.method and (held := promisified(ff, c)):
                # `compareHash(pw, user.password)`, `compareHash = Promise.promisify(bcrypt.compare)`
                name, how = (held, "") if c.callee.endswith("()") else (name, f" (a promisified `{held}`)")
            msg = (
                f"`{_shown_name(c, name)}`{how}{where} checks a password, but nothing in this service counts failed attempts per account "
                f"({_LOCKOUT_KINDS[_lockout_kind(project, ff)]}): "
                "an attacker can keep guessing one account's password from many IPs, slipping under any per-IP limit, and the account never locks"
            )
            anchor = f"pwcheck:{fn.name if fn is not None else ''}:{name}"
            seen_anchors[anchor] = seen_anchors.get(anchor, 0) + 1
            if seen_anchors[anchor] > 1:
                anchor += f"#{seen_anchors[anchor]}"
            yield Hit("RS502", ff.path, c.line, msg, column=c.col, related=related, anchor=anchor)


# what RS502's message says it looked for, in the service's own ecosystem
_LOCKOUT_KINDS = {
    "django": "no failed-attempt counter or lock-until field, and no django-axes or django-defender",
    "py": "no failed-attempt counter or lock-until field, and no Flask-Limiter or slowapi limit keyed by the username",
    "py-other": "no failed-attempt counter or lock-until field, and no limit keyed by the username",
    "js": "no failed-attempt counter or lock-until field, express-brute, or rate-limiter-flexible / express-rate-limit `keyGenerator` keyed by username",
}


# the frameworks Flask-Limiter and slowapi serve (and those limiters themselves), as imported / as required
_LIMITER_STACKS = frozenset({"flask", "fastapi", "starlette", "flask_limiter", "slowapi"})


_LIMITER_DISTS = frozenset({"flask", "fastapi", "starlette", "flask-limiter", "slowapi"})


def _lockout_kind(project: Project, ff: FileFacts) -> str:
    """Which of ``_LOCKOUT_KINDS`` a finding in ``ff`` names: Django's
    lockout apps only for a service built on Django, Flask-Limiter and slowapi
    only for one built on Flask, FastAPI or Starlette (a module of the service
    imports one, or the service requires one); another Python service (aiohttp,
    Tornado, a WSGI app of its own) is told of no library it could not use."""
    if ff.lang != "py":
        return "js"
    svc = project.service_of(ff.path)
    files = service_files(project, svc)
    if django_project(project, files):
        return "django"
    if any(m.split(".", 1)[0] in _LIMITER_STACKS for f in files if f.lang == "py" for m in f.modules):
        return "py"
    deps = project.manifests.get(svc.root, {}).get("py_deps", ()) if svc is not None else ()
    return "py" if any(d.split("[", 1)[0] in _LIMITER_DISTS for d in deps) else "py-other"


def _shown_name(call: Call, name: str) -> str:
    """How a message names the password check: the module's own name for a
    compiled import's interop member (tsc's `bcryptjs_1.default.compare`,
    Babel's `_bcryptjs.default.compare`: `bcryptjs.compare`), else ``name``
    (the finding's anchor keeps ``name``, so fingerprints do not move)."""
    if name == f"{call.recv}.{call.method}" and call.recv.endswith(".default") and not call.callee.startswith(call.recv):
        return call.callee
    return name


def _salted(call: Call) -> bool:
    """Does a hashlib digest of a password take more than the password
    (``sha1(salt + password)``, ``pbkdf2_hmac("sha256", pw, salt, n)``), not
    ``sha256(password.encode()).hexdigest()`` alone (Kallithea's legacy hashes)?"""
    vals = [a for a in (*call.args, *call.kwargs.values()) if a.k != STR]
    return len(vals) > 1 or any("salt" in a.v.lower() or "+" in a.v for a in vals)
