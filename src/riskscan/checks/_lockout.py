"""Password checks and failed-attempt tracking (RS502).

A *password check* is a call that compares a submitted password with a
stored hash: bcrypt/bcryptjs ``compare``/``compareSync``, argon2 ``verify``,
password-hash and scrypt-kdf ``verify``, a submitted password hashed again
with the stored salt (bcrypt ``hash``, pbkdf2-password's hasher) and compared
with the stored hash, ``bcrypt.checkpw``, passlib ``verify``, argon2-cffi ``PasswordHasher.verify``,
werkzeug/Flask-Bcrypt ``check_password_hash``, Django ``authenticate`` and
``check_password``, a package's own ``check_password(password, stored_hash)``
(cherrypy-foundation's ``passwd``).  A project-defined wrapper of the same name (a model's
``check_password`` method) is not reported itself: the primitive inside it is.

*Failed-attempt tracking* anywhere in the service (its files, the shared
libraries it imports, and for a shared library the services importing it)
clears every password check in it: a counter keyed on a fail/attempt/lock key
(``incr('login_fail:' + email)``), a failed-attempts or lock-until field read,
written or declared (``user.failedLoginAttempts``, ``locked_until =
Column(...)``, ``$inc: {loginAttempts: 1}``), a lockout helper
(``recordFailedLogin``, ``check_lockout``) or constant (``MAX_LOGIN_ATTEMPTS``),
django-axes / django-defender, express-brute, a rate-limiter-flexible
limiter consumed with a username/email key, an express-rate-limit limiter
whose inline ``keyGenerator`` reads the submitted username/email, or a home-made limiter asked
about a key naming the account (``ratelimiter.is_limited(...)``).  A signal announcing a failed
login (``signals.failed_login.send(login)``) counts nothing: a receiver that
counts is evidence in its own code.
"""

from __future__ import annotations

import functools
import posixpath
import re

from ..facts import ARR, CALL, FN, IDENT, NULL, NUM, OBJ, STR, TMPL, Call, FileFacts, Func, Val
from ..lazyre import lazy_re
from ..project import Project
from ._limiters import axes_switched_off
from ._memo import calls_assigned, calls_at, methods_of, per_calls, per_file, per_project, per_scope
from ._resolve import callee_funcs, definitions, last_name, name_words, package_of, py_modules, scope_files, walk_vals
from ._routes import base_class_home, class_attrs, class_bases, class_decorators, inherited_method

_BCRYPT_JS = ("bcrypt", "bcryptjs", "bcrypt-nodejs", "@node-rs/bcrypt", "bcrypt-ts", "@types/bcrypt")
_ARGON_JS = ("argon2", "@node-rs/argon2", "argon2-browser")
# hash-wasm's checks of a password against its stored hash: `argon2Verify({ password, hash })`
# (flood's Users.comparePassword), `bcryptVerify({ password, hash })`
_HASH_WASM_CHECKS = frozenset({"hash-wasm.argon2Verify", "hash-wasm.bcryptVerify"})
# other password hashing packages whose verify(password, storedHash) checks a password
# (jsreport's users repository: password-hash's `passwordHash.verify(password, user.password)`)
_VERIFY_JS = ("password-hash", "scrypt-kdf")
_PY_HASHER = lazy_re(r"pwd|passw|crypt|hasher|hashing|^ph$", re.I)


def _project_defines(project: Project, name: str) -> bool:
    index = project.__dict__.get("_rs_func_names")
    if index is None:
        index = {f.name for ff in project.code_files() for f in ff.funcs}
        project.__dict__["_rs_func_names"] = index
    return name in index


def _wrapper_method(project: Project, name: str) -> bool:
    """The project defines a method ``name`` whose body runs a library password
    check (mailman's ``PasswordContext.verify`` around passlib), directly or
    through another such method of its class (``verify_and_update`` calling
    ``self.verify``)."""
    return name in _wrapper_methods(project)


@per_project
def _wrapper_methods(project: Project) -> frozenset[str]:
    direct: set[tuple[str, str, str]] = set()  # (file, class, method)
    methods: list[tuple[FileFacts, Func]] = []
    for ff in project.parsed_code_files():
        if ff.lang != "py":
            continue
        for f in ff.funcs:
            if not f.cls:
                continue
            calls = project.calls_in(ff, f.id)
            if any((c.method or last_name(c.callee)) in _CHECK_NAMES and _hasher_type(project, ff, c) for c in calls):
                direct.add((ff.path, f.cls, f.name))
            elif any(c.recv == "self" and c.method for c in calls):
                methods.append((ff, f))
    names = {m for _, _, m in direct}
    for ff, f in methods:
        if any(c.recv == "self" and (ff.path, f.cls, c.method) in direct for c in project.calls_in(ff, f.id)):
            names.add(f.name)
    return frozenset(names)


def _hasher_type(project: Project, ff: FileFacts, call: Call) -> str:
    """Library of the object a ``.verify()`` is called on (passlib / argon2), or ''."""
    for t in (call.recv_type, ff.imports.get(call.recv.split(".")[0], "") if call.recv else ""):
        mod = package_of(t)
        if mod in ("passlib", "argon2", "pwdlib", "libpass"):
            return mod
    if call.recv:
        for d in definitions(project, ff, call.recv.split(".")[0]):
            if d.call is not None and package_of(d.call.callee) in ("passlib", "argon2", "pwdlib", "libpass"):
                return package_of(d.call.callee)
    return ""


# every name a password check can have (a cheap gate before the library lookups)
_CHECK_NAMES = frozenset({
    "compare", "compareSync", "verify", "verifySync", "checkpw", "check_password_hash", "verify_and_update", "verify_password", "check_password",
    "hashpw", "checkPassword", "verifyPassword", "comparePassword", "verify_and_update_password",
})
# helpers named for it that a package exports (next-basics' checkPassword: bcryptjs underneath)
_JS_LIBRARY_CHECKS = frozenset({"checkPassword", "verifyPassword", "comparePassword"})
# helpers named for it that a Python package exports (cherrypy-foundation's passwd.check_password)
_PY_LIBRARY_CHECKS = frozenset({"check_password", "verify_password"})
_DJANGO_CHECKS = ("django.contrib.auth.authenticate", "django.contrib.auth.hashers.check_password", "django.contrib.auth.aauthenticate")


def _lazy_require(ff: FileFacts, member: str) -> bool:
    """The file assigns ``require('<bcrypt module>')`` to ``member`` (``this.bcrypt``)."""
    return any(c.callee in _BCRYPT_JS and c.assigned == member for c in ff.calls) or any(
        c.callee == "require" and c.assigned == member and c.args and c.args[0].v in _BCRYPT_JS for c in ff.calls
    )


def _own_clean(project: Project, ff: FileFacts, callee: str) -> bool:
    """The project's own AuthenticationForm whose ``clean()`` checks the
    password itself: that check is reported, not the ``is_valid()`` around it."""
    if callee.startswith("django."):
        return False
    home = base_class_home(project, ff, callee)
    if home is None:
        return False
    tf = project.full(home[0]) if home[0].shallow else home[0]
    return any(f.cls == home[1] and f.name == "clean" for f in tf.funcs)


def _django_login_form(project: Project, ff: FileFacts, callee: str) -> bool:
    """A project form class deriving, through project classes up to three levels, from
    Django's ``AuthenticationForm`` (nautobot's ``LoginForm(BootstrapMixin,
    AuthenticationForm)``): Django's clean() authenticates.  Not when a project class
    of the hierarchy has a ``clean()`` that does not hand on to ``super().clean()``:
    that clean is judged where it is (``_own_clean``)."""
    if callee.startswith("django.") or last_name(callee) == "AuthenticationForm":
        return False  # (the caller judges those by name)
    seen: set[tuple[str, str]] = set()

    def walk(tf: FileFacts, name: str, depth: int) -> tuple[bool, bool]:
        """(reaches Django's AuthenticationForm, a clean() of the project's replaces it)"""
        home = base_class_home(project, tf, name)
        if home is None or depth > 3 or (home[0].path, home[1]) in seen:
            return False, False
        seen.add((home[0].path, home[1]))
        hf = project.full(home[0]) if home[0].shallow else home[0]
        clean = next((f for f in methods_of(hf, home[1]) if f.name == "clean"), None)
        if clean is not None and not any(c.method == "clean" and c.recv.startswith("super(") for c in project.calls_in(hf, clean.id)):
            return False, True
        reaches = False
        for base in class_bases(hf, home[1]):
            if base == "django.contrib.auth.forms.AuthenticationForm":
                reaches = True
            elif not base.startswith("django.") and base != home[1]:
                got, replaced = walk(hf, base, depth + 1)
                if replaced:
                    return False, True
                reaches = reaches or got
        return reaches, False

    reaches, replaced = walk(ff, callee, 0)
    return reaches and not replaced


_JS_HASH = ("hash", "hashSync")
_PROMISIFIED = ("util.promisify()", "promisify()")
# an equality test: `user.password === hashedPassword`
_EQUALITY = lazy_re(r"[!=]==?")


# what turns a callback function into a promise-returning copy (callees as imports resolve them)
_PROMISIFY = frozenset({"util.promisify", "promisify", "bluebird.promisify", "Promise.promisify", "es6-promisify.promisify", "es6-promisify", "pify"})
_JS_NAME = lazy_re(r"[A-Za-z_$][\w$]*")


def promisified(ff: FileFacts, call: Call) -> str:
    """The password library function a JS call runs through a promisified copy,
    inline (`util.promisify(bcrypt.hash)(...)`) or through a name holding it
    (`const compareHash = Promise.promisify(bcrypt.compare)` at module level, or
    earlier in the calling function, then `compareHash(pw, user.password)`), or ''."""
    if ff.lang == "py" or call.method or call.recv or not any(m in ff.modules for m in (*_BCRYPT_JS, *_ARGON_JS)):
        return ""
    callee = call.callee
    if callee in _PROMISIFIED:
        held = [c for c in calls_at(ff, call.line) if c.callee in _PROMISIFY]
    elif _JS_NAME.fullmatch(callee):
        held = [c for c in calls_assigned(ff, {callee}) if c.callee in _PROMISIFY
                and (not c.func or (c.func == call.func and c.line <= call.line))]
    else:
        return ""
    for c in held:
        if c.args and c.args[0].k == IDENT and package_of(c.args[0].v) in (*_BCRYPT_JS, *_ARGON_JS):
            return c.args[0].v
    return ""


# pbkdf2-password's hasher, `const hasher = require('pbkdf2-password')()`: `hasher({ password, salt }, cb)`
# derives the hash with the salt given (a fresh one without it) and hands `(err, pass, salt, hash)` to cb
PBKDF2_PASSWORD = "pbkdf2-password"


def _pbkdf2_hasher(ff: FileFacts, call: Call) -> bool:
    """A bare JS call of a name holding pbkdf2-password's hasher (made at module
    level, or earlier in the calling function)."""
    if call.method or call.recv or PBKDF2_PASSWORD not in ff.modules or not _JS_NAME.fullmatch(call.callee):
        return False
    return any(c.assigned == call.callee and c.callee == PBKDF2_PASSWORD and (not c.func or (c.func == call.func and c.line <= call.line))
               for c in ff.calls)


def rehash_name(ff: FileFacts, call: Call) -> str:
    """The hash function a JS call runs (`bcrypt.hash`, `bcryptjs.hashSync`,
    also through `util.promisify(bcrypt.hash)(...)` or a name holding it, compiled or not;
    pbkdf2-password's hasher), or ''."""
    if ff.lang == "py":
        return ""
    if _pbkdf2_hasher(ff, call):
        return PBKDF2_PASSWORD
    if not call.method and not call.recv:
        target = promisified(ff, call)
        return target if package_of(target) in _BCRYPT_JS and last_name(target) in _JS_HASH else ""
    return call.callee if package_of(call.callee) in _BCRYPT_JS and last_name(call.callee) in _JS_HASH else ""


def _rehash_compared(project: Project, ff: FileFacts, call: Call) -> bool:
    """``const h = await bcrypt.hash(password, user.salt); if (user.password === h)``:
    a submitted password hashed again with the stored salt and tested for
    equality with the stored hash -- bcrypt's compare() written by hand (hashing a
    new password gives rounds or a fresh salt, and stores the result).  The hash
    is the name the result is held in, or the last parameter of the callback the
    call is given (``bcrypt.hash(pw, user.salt, (err, h) => ...)``; pbkdf2-password's
    ``hasher({ password, salt: user.salt }, function (err, pass, salt, hash) {
    ... user.hash === hash ... })``, where no ``salt`` means a new hash)."""
    if not call.func or not call.args:
        return False
    lib = rehash_name(ff, call)
    if not lib:
        return False
    if lib == PBKDF2_PASSWORD:
        opts = call.args[0]
        if opts.k != OBJ or not opts.keys or "password" not in opts.keys or "salt" not in opts.keys:
            return False  # no salt given: a fresh one, a new hash
        given = opts.keys["password"]
    else:
        if len(call.args) < 2 or project.resolve(ff, call.args[1]).k == NUM:
            return False  # cost rounds: a new hash
        given = call.args[0]
    pw = project.resolve(ff, given)
    if pw.k in (STR, TMPL) or pw.v.startswith("process.env."):
        return False  # a configured password checked against the stored one (an admin seeded at start-up), no guess
    held: list[tuple[str, str, int]] = []  # (function, name, from line)
    if call.assigned and "." not in call.assigned:
        held.append((call.func, call.assigned, call.line))
    if call.args[-1].k == FN:
        cb = next((f for f in ff.funcs if f.id == call.args[-1].v), None)
        if cb is not None and len(cb.params) >= 2:
            held.append((cb.id, cb.params[-1], 0))
    compares = [cmp for cmp in (ff.extra or {}).get("compares", []) if isinstance(cmp, list) and len(cmp) >= 3 and _EQUALITY.search(str(cmp[2]))]
    for func, name, line in held:
        used = re.compile(rf"(?<![\w$.]){re.escape(name)}(?![\w$])")
        if any(cmp[1] == func and cmp[0] >= line and used.search(str(cmp[2])) and not _against_literal(str(cmp[2]), used) for cmp in compares):
            return True
    return False


_LITERAL = lazy_re(r"undefined|null|true|false|-?\d[\w.]*|'[^']*'|\"[^\"]*\"|``")


def _against_literal(text: str, used: re.Pattern[str]) -> bool:
    """``hash !== undefined``, ``derived === ''``: the hash tested for being there, not against a stored one."""
    sides = [side.strip().strip("()").strip() for side in _EQUALITY.split(text, maxsplit=1)]
    return len(sides) == 2 and any(used.fullmatch(a) and _LITERAL.fullmatch(b) for a, b in (sides, sides[::-1]))


# hashlib functions that digest a password by hand (`hashlib.sha1(salt + password)`, `hashlib.pbkdf2_hmac(...)`)
_PY_DIGESTS = frozenset({
    "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512",
    "blake2b", "blake2s", "new", "pbkdf2_hmac", "scrypt",
})
_PW_WORDS = frozenset({"password", "passwd", "pwd", "pw", "pass", "passphrase"})
_PY_EQUALITY = lazy_re(r"[!=]=")
_PY_LITERAL = lazy_re(r"None|True|False|-?\d[\w.]*|[rbuf]*'[^']*'|[rbuf]*\"[^\"]*\"")


# a reset token or a code sent by mail is no password (`password_reset_token`, `passwordSetupCode`)
_NOT_PASSWORD = frozenset({"token", "reset", "code"})


def _names_password(text: str) -> bool:
    """A value named for a password, not for a reset token or code sent by mail."""
    words = name_words(text)
    return bool(_PW_WORDS.intersection(words)) and not _NOT_PASSWORD.intersection(words)


def _py_digest(call: Call) -> bool:
    """``hashlib.sha1(salt.encode() + password.encode())``: a hashlib digest of a value named for a password."""
    parts = call.callee.split(".")
    return len(parts) == 2 and parts[0] == "hashlib" and parts[1] in _PY_DIGESTS and any(
        _names_password(a.v) for a in (*call.args, *call.kwargs.values()) if a.k != STR)


def _gensalt(ff: FileFacts, call: Call, val: Val) -> bool:
    """A salt made fresh in the function, ``bcrypt.gensalt()`` or a local name it was kept in."""
    if val.k == CALL:
        return last_name(val.v) == "gensalt"
    return val.k == IDENT and any(c.func == call.func and c.assigned == val.v and last_name(c.callee) == "gensalt" for c in ff.calls)


def _hashpw_kept_and_compared(project: Project, ff: FileFacts, call: Call) -> bool:
    """``bcrypt.hashpw(password, stored_hash)`` kept in a local name that a later
    equality test of the function compares with something that is not a literal:
    ``hashed = bcrypt.hashpw(pw, user.pw_hash)``, ``return hashed == user.pw_hash``;
    also when the kept hash is hashed once more before the test (mediagoblin's
    ``bcrypt_check_password`` re-hashes both hashes with a random salt against
    timing attacks).  A password hashed with a fresh ``gensalt()`` is a new hash
    to store, not a check."""
    first = call.args[0] if call.args else None
    # (a call's own text keeps the subscript a callee drops: `request.form["password"].encode()`)
    given = ff.calls[first.call].text if first is not None and first.k == CALL and 0 <= first.call < len(ff.calls) else (first.v if first else "")
    if len(call.args) < 2 or not _names_password(given) or _gensalt(ff, call, call.args[1]):
        return False
    held = {call.assigned} if call.assigned.isidentifier() and call.assigned != "return" else set()
    if not held:
        return False
    for c in sorted((c for c in ff.calls if c.func == call.func and c.line > call.line), key=lambda c: c.line):
        if last_name(c.callee) == "hashpw" and c.args and c.args[0].v in held and c.assigned.isidentifier() and c.assigned != "return":
            held.add(c.assigned)
    for (line, func), texts in _py_compare_lines(project, ff).items():
        if func != call.func or line <= call.line:
            continue
        for text in texts:
            sides = [side.strip().strip("()").strip() for side in _PY_EQUALITY.split(text, maxsplit=1)]
            if len(sides) == 2 and any(mine in held and other not in held and not _PY_LITERAL.fullmatch(other)
                                       for mine, other in (sides, sides[::-1])):
                return True
    return False


# constant-time equality: `hmac.compare_digest(a, b)` tests what `a == b` does
_PY_CONSTANT_TIME = frozenset({"hmac.compare_digest", "secrets.compare_digest"})


@per_file
def _py_compare_lines(project: Project, ff: FileFacts) -> dict[tuple[int, str], list[str]]:
    """Equality tests (``==``/``!=``, and ``hmac.compare_digest(a, b)`` read as
    ``a == b``) of a Python file by (line, function)."""
    out: dict[tuple[int, str], list[str]] = {}
    for cmp in (ff.extra or {}).get("compares", []):
        if isinstance(cmp, list) and len(cmp) >= 3 and _PY_EQUALITY.search(str(cmp[2])):
            out.setdefault((int(cmp[0]), str(cmp[1])), []).append(str(cmp[2]))
    for call in ff.calls:
        if call.callee in _PY_CONSTANT_TIME and len(call.args) == 2:
            a, b = (_py_arg_text(v) for v in call.args)
            # (also at the line of a call among its arguments, when the call is spread
            # over several lines: esphome's `hmac.compare_digest(\n self.password_hash,
            # password_hash(password)\n)`, the digest call a line below the compare)
            lines = {call.line} | {ff.calls[v.call].line for v in call.args if v.k == CALL and 0 <= v.call < len(ff.calls)}
            for line in sorted(lines):
                out.setdefault((line, call.func), []).append(f"{a} == {b}")
    return out


@per_file
def _py_last_compare(project: Project, ff: FileFacts) -> dict[str, int]:
    """The line of each function's last equality test (:func:`_py_compare_lines`)."""
    out: dict[str, int] = {}
    for line, func in _py_compare_lines(project, ff):
        if line > out.get(func, 0):
            out[func] = line
    return out


def _py_arg_text(val: Val) -> str:
    """An argument as source text, enough for the equality tests above: a call
    is its callee with ``()``, a string a quoted literal."""
    if val.k == CALL:
        return f"{val.v}()"
    if val.k == STR:
        return repr(val.v)
    return val.v


# encoders that only re-spell a digest: htpasswd's `{SHA}` entry is `base64(sha1(password))`
_PY_ENCODERS = frozenset({
    "base64.b64encode", "base64.standard_b64encode", "base64.urlsafe_b64encode", "base64.b32encode",
    "base64.b16encode", "base64.encodebytes", "binascii.hexlify", "binascii.b2a_hex", "binascii.b2a_base64",
})


def _py_held(ff: FileFacts, call: Call) -> str:
    """The local name a call's result is kept in, ``key = hashlib.pbkdf2_hmac(...)``,
    also through a method chained on it, ``h = hashlib.sha256(pw).hexdigest()``, or
    an encoder it is handed to, ``digest = base64.b64encode(hashlib.sha1(pw).digest()).decode()``
    (a digest merely spelled in base64 or hex); or ''."""
    todo, seen = [call], {id(call)}
    while todo:
        c = todo.pop(0)
        if c.assigned.isidentifier() and c.assigned != "return":
            return c.assigned
        chained = c.callee + "()."
        for d in ff.calls:
            if d.func != c.func or id(d) in seen:
                continue
            if (d.line == c.line and d.callee.startswith(chained)) or (d.callee in _PY_ENCODERS and any(
                    a.k == CALL and 0 <= a.call < len(ff.calls) and ff.calls[a.call] is c for a in d.args[:1])):
                seen.add(id(d))
                todo.append(d)
    return ""


def py_fed_digest(ff: FileFacts, call: Call) -> Call | None:
    """A hashlib digest object kept in a local name and fed the password
    afterwards: ``h = hashlib.new(algorithm)`` (or ``hashlib.sha256()``), then
    ``h.update(passphrase.encode() + salt)`` in the same function (the passwd_check
    of IPython and Jupyter): that ``update`` call, or None."""
    parts = call.callee.split(".")
    if len(parts) != 2 or parts[0] != "hashlib" or parts[1] not in _PY_DIGESTS or not call.assigned.isidentifier():
        return None
    return next((d for d in ff.calls if d.func == call.func and d.line >= call.line and d.recv == call.assigned and d.method == "update"
                 and any(_names_password(a.v) for a in d.args if a.k != STR)), None)


# what a digest object gives when it is compared: `h.hexdigest() == stored`
_DIGEST_READS = (".hexdigest", ".digest")


def py_rehash(project: Project, ff: FileFacts, call: Call) -> str:
    """A Python password check written by hand: the submitted password digested
    with hashlib and tested for equality with the stored digest on the same line,
    ``hashlib.sha256(salt + password).hexdigest() == user.password_hash``, or
    later in the function through the local name that keeps it
    (``new_key = hashlib.pbkdf2_hmac(...)``, ``new_key = salt + new_key``,
    ``return new_key == stored``: changedetection.io's ``User.check_password``), or
    through a project function that does the digesting,
    ``UserManager.__encrypt_password(password, user.salt)[0] != user.password``
    (supysonic's try_auth).  Returns the hashlib function, or ''.  A digest
    tested against a literal (``is None``, ``== ""``) or never tested (a new
    password hashed to be stored) is no check."""
    if ff.lang != "py" or not call.func:
        return ""
    fed = py_fed_digest(ff, call)
    if not call.args and fed is None:
        return ""
    lines = _py_compare_lines(project, ff)
    if not lines:
        return ""
    texts = lines.get((call.line, call.func), [])
    # (a kept digest is followed only for a call given a value named for a password,
    # or fed one with `update()`, and only when its function tests something after it)
    held = _py_held(ff, call) if _py_last_compare(project, ff).get(call.func, 0) > call.line and (fed is not None or any(
        _names_password(a.v) for a in (*call.args, *call.kwargs.values()) if a.k != STR)) else ""
    later = [t for (line, func), ts in lines.items() if func == call.func and line > call.line for t in ts] if held else []
    if not texts and not later:
        return ""
    name = call.method or last_name(call.callee)
    if not name:
        return ""
    used = re.compile(rf"(?<![\w.]){re.escape(name)}\(|\.{re.escape(name)}\(")
    tested = False
    for text in texts:
        sides = [side.strip() for side in _PY_EQUALITY.split(text, maxsplit=1)]
        if len(sides) != 2:
            continue
        for mine, other in (sides, sides[::-1]):
            if used.search(mine) and not used.search(other) and not _PY_LITERAL.fullmatch(other.strip("() ")):
                tested = True
    for text in later:
        # `return new_key == raw_salt_pass`: the kept digest itself is one side
        sides = [side.strip().strip("()").strip() for side in _PY_EQUALITY.split(text, maxsplit=1)]
        # (also read from the kept digest object: `h.hexdigest() == pw_digest`)
        mine_ok = (held, *(held + r for r in _DIGEST_READS))
        if len(sides) == 2 and any(mine in mine_ok and other not in mine_ok and not _PY_LITERAL.fullmatch(other)
                                   for mine, other in (sides, sides[::-1])):
            tested = True
    if not tested:
        return ""
    if _py_digest(call) or fed is not None:
        return call.callee
    if all(a.k == STR for a in call.args):
        return ""  # a configured password, not a guess someone submitted
    for tf, f in callee_funcs(project, ff, call):
        pw_params = [p for p in f.params if _names_password(p)]
        if not pw_params:
            continue
        for c in project.calls_in(tf, f.id):
            if _py_digest(c) and any(re.search(rf"(?<![\w.]){re.escape(p)}(?!\w)", a.v) for a in c.args for p in pw_params):
                return c.callee
    return ""


# Node's crypto digests and key derivations: `crypto.createHmac('sha512', salt).update(password)`,
# `crypto.pbkdf2Sync(password, salt, ...)`, `crypto.scrypt(password, salt, 64, cb)` (callees as imports resolve them)
_JS_DIGEST_CHAINS = frozenset({"crypto.createHash().update", "crypto.createHmac().update"})
_JS_DERIVE = frozenset({"crypto.pbkdf2Sync", "crypto.scryptSync", "crypto.pbkdf2", "crypto.scrypt"})
_JS_DERIVE_ASYNC = frozenset({"crypto.pbkdf2", "crypto.scrypt"})


def _js_derive_target(project: Project, ff: FileFacts, call: Call) -> str:
    """The crypto function a JS call runs: itself, or ``crypto.pbkdf2``/``crypto.scrypt``
    through a promisified copy (``const pbkdf2 = util.promisify(crypto.pbkdf2)`` at
    module level or earlier in the calling function); or ''."""
    if call.callee in _JS_DIGEST_CHAINS or call.callee in _JS_DERIVE:
        return call.callee
    if call.method or call.recv:
        return ""
    return next((target for func, line, target in _js_promisified(project, ff).get(call.callee, ())
                 if not func or (func == call.func and line <= call.line)), "")


@per_file
def _js_promisified(project: Project, ff: FileFacts) -> dict[str, list[tuple[str, int, str]]]:
    """Names a JS file binds to a promisified ``crypto.pbkdf2``/``crypto.scrypt``:
    name -> [(function, line, crypto function)]."""
    out: dict[str, list[tuple[str, int, str]]] = {}
    if "crypto" in ff.modules:
        for c in ff.calls:
            if c.callee in _PROMISIFY and c.args and c.args[0].v in _JS_DERIVE_ASYNC and _JS_NAME.fullmatch(c.assigned):
                out.setdefault(c.assigned, []).append((c.func, c.line, c.args[0].v))
    return out


def _js_digest(project: Project, ff: FileFacts, call: Call) -> str:
    """A Node crypto digest of a value named for a password (for a key derivation,
    the password given with a salt): the crypto function, or ''."""
    target = _js_derive_target(project, ff, call)
    if not target or not call.args:
        return ""
    if target in _JS_DERIVE and len(call.args) < 2:
        return ""
    given = call.args[0]
    return target if given.k not in (STR, TMPL) and _names_password(given.v) else ""


@functools.lru_cache(maxsize=4096)
def _call_pattern(name: str) -> re.Pattern[str]:
    """A call of ``name`` inside one side of a test: ``...update(password).digest('hex') === user.hash``."""
    return re.compile(rf"(?<![\w$.]){re.escape(name)}\(|\.{re.escape(name)}\(")


def _whole_name(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w$.]){re.escape(name)}(?![\w$])")


@per_file
def _js_compares(project: Project, ff: FileFacts) -> dict[str, list[tuple[int, list[str]]]]:
    """A JS file's equality tests by function: function -> [(line, [side, side])]."""
    out: dict[str, list[tuple[int, list[str]]]] = {}
    for cmp in (ff.extra or {}).get("compares", []):
        if isinstance(cmp, list) and len(cmp) >= 3:
            sides = [side.strip().strip("()").strip() for side in _EQUALITY.split(str(cmp[2]), maxsplit=1)]
            if len(sides) == 2:
                out.setdefault(str(cmp[1]), []).append((int(cmp[0]), sides))
    return out


def _js_tested(project: Project, ff: FileFacts, func: str, line: int, used: re.Pattern[str], whole: bool) -> bool:
    """Is a value tested for equality with a stored one in ``func``: when
    ``whole``, a name (``used`` matches it whole) from ``line`` on, as one side of
    ``==``/``===``/``!=`` (also ``x.toString('hex')``), in
    ``crypto.timingSafeEqual(x, ...)`` (also of ``Buffer.from(x)``) or
    ``x.equals(stored)``; else a call (``used`` finds it) on ``line``, inside one
    side.  The other side is no literal and does not hold it."""
    for at, sides in _js_compares(project, ff).get(func, ()):
        if at < line or (not whole and at != line):
            continue
        for mine, other in (sides, sides[::-1]):
            held = used.fullmatch(mine) or used.fullmatch(mine.split(".toString(", 1)[0]) if whole else used.search(mine)
            if held and not used.search(other) and not _LITERAL.fullmatch(other):
                return True
    if not whole:
        return False
    for c in ff.calls:
        if c.func != func or c.line < line:
            continue
        if c.callee == "crypto.timingSafeEqual" and len(c.args) == 2:
            wrapped = {b.args[0].v for b in ff.calls if b.line == c.line and b.callee == "Buffer.from" and b.args}
            if any(used.fullmatch(a.v) or (a.k == CALL and a.v == "Buffer.from" and any(used.fullmatch(w) for w in wrapped)) for a in c.args):
                return True
        elif c.method == "equals" and used.fullmatch(c.recv) and c.args and not _LITERAL.fullmatch(c.args[0].v):
            return True
    return False


def js_rehash(project: Project, ff: FileFacts, call: Call) -> str:
    """A JS password check written by hand with Node's crypto: the submitted
    password digested (``crypto.createHmac(alg, user.salt).update(password)``) or
    derived (``crypto.pbkdf2Sync(password, user.salt, ...)``, ``crypto.scrypt``, also
    promisified or with a callback) and tested for equality with the stored hash on
    the same line or later in the function through the name that keeps it
    (``const h = ...digest('hex'); if (h === user.hash)``, ``crypto.timingSafeEqual(derived,
    stored)``), or through a project function that does the digesting,
    ``hashPassword(password, user.salt) !== user.password``.  Returns the crypto
    function, or ''.  A digest tested against a literal, or never tested (a new
    password hashed to be stored), is no check."""
    if ff.lang == "py" or not call.func or not call.args:
        return ""
    name = call.method or last_name(call.callee)
    if not name:
        return ""
    digest = _js_digest(project, ff, call)
    if digest:
        if _js_tested(project, ff, call.func, call.line, _call_pattern(name), False):
            return digest
        chained = call.callee + "()."
        held = next((c.assigned for c in (call, *(c for c in ff.calls if c.line == call.line and c.func == call.func and c.callee.startswith(chained)))
                     if _JS_NAME.fullmatch(c.assigned) and c.assigned != "return"), "")
        if held and _js_tested(project, ff, call.func, call.line, _whole_name(held), True):
            return digest
        if digest in _JS_DERIVE_ASYNC and call.args[-1].k == FN:
            cb = next((f for f in ff.funcs if f.id == call.args[-1].v), None)
            if cb is not None and len(cb.params) >= 2 and _js_tested(project, ff, cb.id, 0, _whole_name(cb.params[-1]), True):
                return digest
        return ""
    # `hashPassword(password, user.salt) !== user.password`: a project function digesting its password parameter
    if call.func not in _js_compares(project, ff) or not any(_names_password(a.v) for a in call.args if a.k not in (STR, TMPL)) \
            or not _js_tested(project, ff, call.func, call.line, _call_pattern(name), False):
        return ""
    for tf, f in callee_funcs(project, ff, call):
        pw_params = [p for p in f.params if _names_password(p)]
        for c in project.calls_in(tf, f.id) if pw_params else ():
            digest = _js_digest(project, tf, c)
            if digest and any(_whole_name(p).search(c.args[0].v) for p in pw_params):
                return digest
    return ""


def login_form_of(project: Project, ff: FileFacts, call: Call) -> str:
    """The class of the bound login form whose ``is_valid()`` ``call`` is (its callee as
    written), or '': `form = AuthenticationForm(request, data=request.POST); form.is_valid()`,
    Django's login form calls authenticate() in its clean() (OpenSlides' login view), also
    through a project subclass (nautobot's ``LoginForm``)."""
    for c in ff.calls:
        if c.assigned == call.recv and c.func == call.func and c.line <= call.line \
                and (last_name(c.callee) == "AuthenticationForm" and not _own_clean(project, ff, c.callee)
                     or _django_login_form(project, ff, c.callee)):
            return c.callee
    return ""


def _literal_plaintext(project: Project, ff: FileFacts, call: Call) -> bool:
    """bcrypt's compare of a constant, not of a submitted password:
    ``bcrypt.compare('dummy', DUMMY_HASH, cb)`` run on a malformed request or
    an unknown user only to spend the time a real check takes, so a response's
    timing does not tell which accounts exist (signalk-server's tokensecurity
    login).  The real check beside it is the one reported."""
    return bool(call.args) and project.resolve(ff, call.args[0]).k == STR


def against_literal_hash(ff: FileFacts, call: Call) -> bool:
    """Is a Python password check given a hash the module made at import
    from a literal password (``UNUSED_PASSWORD = bcrypt.hashpw(b"ralph",
    bcrypt.gensalt())``, then ``bcrypt.checkpw(pw, UNUSED_PASSWORD)``)?  Run
    for an unknown user only to spend a check's time (ralph's Basic auth),
    it is no account's stored hash; a login that checks no other keeps it."""
    return bool(literal_hash_name(ff, call))


# what a module hashes a password with: bcrypt's hashpw, Werkzeug's generate_password_hash,
# passlib's / pwdlib's hash (and passlib's older encrypt), Django's make_password
_HASHERS = frozenset({"hashpw", "generate_password_hash", "hash", "encrypt", "make_password"})


def literal_hash_name(ff: FileFacts, call: Call) -> str:
    """The name of the hash ``against_literal_hash`` finds ``call`` given, or ''."""
    if ff.lang != "py":
        return ""
    names = {a.v for a in (*call.args, *call.kwargs.values()) if a.k == IDENT and a.v.isidentifier()}
    if not names:
        return ""
    return next((name for name in per_calls("literal-hashes", ff, _literal_hashes) if name in names), "")


def _literal_hashes(calls: list[Call]) -> list[str]:
    """The names module-level code binds to a hash of a literal password
    (``DUMMY = make_password("x")``), in file order."""
    return [c.assigned for c in calls if c.assigned and not c.func and last_name(c.callee) in _HASHERS and c.args and c.args[0].k == STR]


def password_check(project: Project, ff: FileFacts, call: Call) -> bool:
    callee = call.callee
    # (cheap first: RS502 asks about every call; a method call's name is its method)
    name = call.method
    if ff.lang != "py" and not name and not call.recv and callee not in _CHECK_NAMES:
        # `compareHash(pw, user.password)` where `compareHash = Promise.promisify(bcrypt.compare)`
        # (a promisified hash is bcrypt's compare only when tested against the stored hash)
        target = promisified(ff, call)
        if target and last_name(target) in ("compare", "compareSync", "verify", "verifySync") \
                and (package_of(target) in _BCRYPT_JS or last_name(target) == "verify"):
            return True
        if target or callee in _PROMISIFIED or _pbkdf2_hasher(ff, call):
            return _rehash_compared(project, ff, call)
    if ff.lang != "py" and name in _JS_HASH:
        return _rehash_compared(project, ff, call)
    if name == "is_valid" and ff.lang == "py" and call.recv.isidentifier():
        return bool(login_form_of(project, ff, call))
    if ff.lang == "py" and py_rehash(project, ff, call):
        return True
    if ff.lang != "py" and js_rehash(project, ff, call):
        return True
    if ff.lang != "py" and callee in _HASH_WASM_CHECKS:
        return True
    if name and name not in _CHECK_NAMES and callee not in _DJANGO_CHECKS:
        return False
    name = name or last_name(callee)
    if name not in _CHECK_NAMES and callee not in _DJANGO_CHECKS:
        return False
    mod = package_of(callee)
    if ff.lang != "py":
        if mod in _BCRYPT_JS and name in ("compare", "compareSync", "verify", "verifySync"):
            return not _literal_plaintext(project, ff, call)
        if name in ("compare", "compareSync") and call.recv.startswith("this.") and call.recv[5:] in _BCRYPT_JS and _lazy_require(ff, call.recv):
            return True  # `this.bcrypt = require('bcrypt')` loaded lazily, then `this.bcrypt.compare(...)`
        if mod in _ARGON_JS and name in ("verify",):
            return True
        if mod in _VERIFY_JS and name == "verify":
            return True
        # a package's password helper (not the project's own, nor a method of one of its objects)
        # (package_of: '' for `./` modules; a bare name the file does not import is a function of its own)
        return name in _JS_LIBRARY_CHECKS and not call.recv and callee != name and bool(mod)
    if mod == "bcrypt" and name == "checkpw":
        return True
    if mod == "bcrypt" and name == "hashpw":
        # `bcrypt.hashpw(password, salt) == stored`: re-hash and compare, checkpw by hand
        return any(isinstance(cmp, list) and len(cmp) >= 3 and cmp[0] == call.line and "hashpw(" in str(cmp[2])
                   for cmp in (ff.extra or {}).get("compares", [])) or _hashpw_kept_and_compared(project, ff, call)
    if name == "check_password_hash":
        if mod in ("werkzeug", "flask_bcrypt"):
            return True
        if call.recv == "self" and any(f.cls and f.name == name for f in ff.funcs):
            return False  # the class's own method of that name (its primitive, if any, is reported)
        if call.recv and _project_defines(project, name) and any(d.func is not None for d in definitions(project, ff, callee)):
            return False  # `utils.check_password_hash(...)`: the project's wrapper, whose primitive is reported
        return bool(call.recv) or not _project_defines(project, name)
    if callee in _DJANGO_CHECKS:
        if callee.endswith("authenticate") and "password" in call.kwargs and project.resolve(ff, call.kwargs["password"]).k in (STR, NULL):
            # authenticate(request, username='', password='', user=account), also through a
            # `**credentials` dict literal: a constant, no guess someone submitted (tendenci's
            # sign-in after activation, which its backend grants to the user object)
            return False
        pw = call.kwargs.get("password")
        if callee.endswith("authenticate") and pw is not None and pw.v and call.func and any(
                c.method == "set_password" and c.args and c.args[0].v == pw.v and c.line < call.line
                for c in project.calls_in(ff, call.func)):
            # `user.set_password(form.cleaned_data['password'])`, then `authenticate(username=...,
            # password=form.cleaned_data['password'])` to sign in with it (sentry's recover_confirm): no guess
            return False
        # authenticate(request, remote_user=...) / (token=...): a backend that
        # trusts a header or a token, no password is checked; authenticate(request)
        # alone hands the backend only the request (an OIDC callback's code exchange)
        return not (callee.endswith("authenticate") and "password" not in call.kwargs and "**" not in call.kwargs and len(call.args) < 3
                    and (any(k != "request" for k in call.kwargs) or (len(call.args) + len(call.kwargs)) <= 1))
    if mod in ("passlib", "pwdlib", "libpass") and name in ("verify", "verify_and_update"):
        return True
    if mod == "flask_security" and name in ("verify_and_update_password", "verify_password"):
        return True  # Flask-Security's helpers around passlib (it has no lockout of its own)
    if name == "verify_and_update_password" and call.recv and not _project_defines(project, name):
        # Flask-Security's UserMixin method (`user.verify_and_update_password(pw)` in a Basic-auth
        # request loader, faraday's load_user_from_request); a project method of that name is
        # judged by the check inside it
        return _scope_imports(project, ff.path, ("flask_security",))
    if mod == "argon2" and name == "verify":
        return True
    if mod == "nacl" and name == "verify" and callee.split(".")[1:2] == ["pwhash"]:
        # PyNaCl's libsodium password hashing (r2r's NaClCryptoProvider): `nacl.pwhash.verify(hash, pw)`,
        # `argon2id.verify(...)`, `scrypt.verify(...)` from nacl.pwhash (not nacl.signing's VerifyKey.verify)
        return True
    if name in ("verify", "verify_and_update", "verify_password") and call.recv:
        lib = _hasher_type(project, ff, call)
        if lib:
            return True
        if name != "verify_password" and _PY_HASHER.search(call.recv.split(".")[-1]) and _scope_imports_hasher(project, ff.path):
            # `config.password_context.verify(...)` calling the project's own
            # wrapper class: the primitive inside the wrapper is the check
            return not _wrapper_method(project, name)
        return False
    if _py_library_helper(project, call, name):
        return True
    if name == "check_password" and call.recv and not _project_defines(project, "check_password"):
        # `user.check_password(DEFAULT_PASSWORD)`: a comparison with a constant
        # (a default-password warning), not a guess someone submitted
        return not (call.args and project.resolve(ff, call.args[0]).k in (STR, TMPL))
    return False


def _py_library_helper(project: Project, call: Call, name: str) -> bool:
    """``check_password(password, user.hash)`` imported from an installed
    package's password module (cherrypy-foundation's ``passwd.check_password``,
    argon2 or salted SHA underneath): the library's check of a password against
    its stored hash, like werkzeug's ``check_password_hash``.  Not the
    project's own function of that name, nor a one-argument call (a strength
    check such as ``check_password(pw)`` has no stored hash to compare)."""
    if name not in _PY_LIBRARY_CHECKS or call.recv or "." not in call.callee or len(call.args) < 2:
        return False
    module = call.callee.rsplit(".", 1)[0]
    own = py_modules(project)
    return bool(package_of(module)) and module not in own and package_of(module) not in own \
        and not _project_defines(project, name)


def _scope_imports_hasher(project: Project, path: str) -> bool:
    return _scope_imports(project, path, ("passlib", "argon2", "pwdlib", "libpass"))


def _scope_imports(project: Project, path: str, packages: tuple[str, ...]) -> bool:
    """A file that runs with ``path`` imports one of ``packages``."""
    for f in scope_files(project, path):
        if any(package_of(m) in packages for m in f.modules):
            return True
    return False


# ---------------------------------------------------------------- evidence
def _words_match(regex: re.Pattern[str], name: str) -> bool:
    """``regex`` (written for lower-case words run together) matches ``name``
    starting at a word start: ``failedLoginAttempts``, ``LOCKOUT_MINUTES`` and
    ``locked_until`` match, ``blockAttribute`` (``lockat`` mid-word) does not."""
    # (remembered: every file's names are asked about, and the same names
    # recur across files -- `id`, `name`, `user`...)
    key = (regex, name)
    got = _WORDS_MATCHED.get(key)
    if got is None:
        if len(_WORDS_MATCHED) >= 20000:
            _WORDS_MATCHED.clear()  # (bounded: a large project has many more names)
        got = _WORDS_MATCHED[key] = _words_match_now(regex, name)
    return got


_WORDS_MATCHED: dict[tuple[re.Pattern[str], str], bool] = {}


def _words_match_now(regex: re.Pattern[str], name: str) -> bool:
    # cheap first (every name of a file is asked about): the words run together
    # are the name's ASCII letters and digits, lower-cased -- for a name made of
    # those and '_' only, that is the name lower-cased without '_', and a match
    # needs one of the regex's words in it
    needed = _NEEDED.get(regex)
    if needed is not None:
        low = name.lower().replace("_", "")
        if low.isascii() and low.isalnum() and not any(w in low for w in needed):
            return False
    words = name_words(name)
    joined = "".join(words)
    starts = set()
    pos = 0
    for w in words:
        starts.add(pos)
        pos += len(w)
    return any(m.start() in starts for m in regex.finditer(joined)) or any(
        regex.match(joined, st) is not None for st in starts
    )


_FIELD = lazy_re(
    r"fail(?:ed|ure)?(?:login|auth|signin|password)?(?:attempt|count|tries|logins?)"
    r"|(?:login|signin|auth|password)(?:attempt|fail|tries)"
    r"|lock(?:ed)?(?:until|expires?|expiry)|lockout|islocked|accountlocked"
    r"|attempts?(?:left|remaining)|(?:bad|wrong|invalid)(?:login|password)(?:attempt|count)"
)
# (a bare `check_lock()` / `is_locked()` is as often a lock file or a mutex: an account word is needed)
_FUNC = lazy_re(r"lockout|lockaccount|failedlogin|loginfail|loginattempt"
                   r"|check(?:account|user|login)lock|is(?:account|user)?lockedout|is(?:account|user)locked|accountlocked")
# a verb that notes a failure or an attempt of anything (`recordFailure`,
# JupyterHub's `_track_failure_count` of server spawns, litellm's
# `carry_failed_attempt_usage`): an account word or a lock is needed as well,
# in its name or in the name of the module it lives in
_FUNC_GENERIC = lazy_re(r"recordfail|registerfail|trackfail|incrementfail|bumpfail|notefail|failedattempt|resetattempts|clearattempts")
# what a generic failure function or a bare count must name (or the file it is
# in), besides a lock, to be about signing in (`self.failed_login_attempts`)
_ACCOUNT_WORD = lazy_re(r"login|signin|logon|auth|passw|pwd|account|user|credential")
_CONST = lazy_re(
    r"max(?:login|failed|auth|signin|password|wrong|bad)(?:login|password)?(?:attempts|tries|retries|failures)"
    # (a bare `FAIL_LIMIT` / `MAX_FAILURES` caps failed downloads or jobs as often: a login word is needed)
    r"|lockout|accountlock|loginlock|maxfail(?:ed|ures)?(?:login|signin|auth|password)s?|fail(?:ed|ure)?(?:login|signin|auth)s?(?:threshold|limit)"
    r"|(?:login|signin|auth|password)fail(?:ed|ures?)?(?:threshold|limit)"
)
# a word every match of the regex holds (the gate in _words_match)
_NEEDED = {_FIELD: ("fail", "attempt", "tries", "lock", "count"), _FUNC: ("fail", "attempt", "lock"), _FUNC_GENERIC: ("fail", "attempt"),
           _CONST: ("fail", "attempt", "tries", "lock")}


def _names_account(text: str) -> bool:
    """Lower-case ``text`` names an account or a lock (see ``_ACCOUNT_WORD``)."""
    return _ACCOUNT_WORD.search(text) is not None or "lock" in text


def _module_name(path: str) -> str:
    return posixpath.basename(path).rsplit(".", 1)[0].lower()


def _signin_home(ff: FileFacts) -> bool:
    """The file is about accounts or signing in: its module's name or one of
    its classes' names says so (``auth.py``, ``class User``, ``LoginThrottle``)."""
    home = _module_name(ff.path)
    if _names_account(home) or _USERISH.search(home):
        return True
    for c in (ff.extra or {}).get("classes", []) or []:
        name = c.get("name", "") if isinstance(c, dict) else ""
        if isinstance(name, str) and (_names_account(name.lower()) or _USERISH.search(name)):
            return True
    return False


def _work_lock(ff: FileFacts, name: str) -> bool:
    """``name`` is a lock named for no account (``LOCK_EXPIRED_SECONDS``) in a
    module about tasks, jobs, workers, queues or caches -- its name or one of
    its classes' names says so (mindsdb's ``task_monitor.py``, ``class
    TaskMonitor``): a lock on work, not an account's lockout."""
    if _ACCOUNT_WORD.search("".join(name_words(name))) is not None:
        return False
    homes = [_module_name(ff.path)] + [c.get("name", "") for c in (ff.extra or {}).get("classes", []) or [] if isinstance(c, dict)]
    return any(isinstance(h, str) and _INFRA_WORDS.intersection(name_words(h)) for h in homes)


# a decoy sign-in, run so that a missing account answers as slowly as a wrong password
_DECOY_WORDS = frozenset({"fake", "dummy", "decoy", "simulate", "simulated"})


def _failure_func(name: str, path: str) -> bool:
    """``name`` (a function defined or called in the file at ``path``) notes or checks failed sign-ins."""
    if _DECOY_WORDS.intersection(name_words(name)):
        return False  # mediagoblin's `fake_login_attempt()`: a password hashed in vain so an unknown user takes as long, no count
    if _words_match(_FUNC, name):
        return True
    if not _words_match(_FUNC_GENERIC, name):
        return False
    # (litellm's `carry_failed_attempt_usage()`: failed model calls' usage, no sign-in)
    return _names_account("".join(name_words(name))) or _names_account(_module_name(path))
_KEY_TEXT = lazy_re(r"(?<![A-Za-z])(?:fail|attempt|lock)|Fail|Attempt|Lock|(?<![A-Za-z])(?:FAIL|ATTEMPT|LOCK)")
_EVENT_CALLS = frozenset({"trigger", "emit", "fire", "dispatch", "publish", "signal", "on", "once", "addListener",
                          "subscribe", "bind", "notify", "send_robust", "track"})
# analytics calls (Segment, Mixpanel): `track(user_id, event_name, properties)`
_ANALYTICS_CALLS = frozenset({"track"})
# a request sent to a URL the call names (`session.post("https://...", data=...)`, a client's own
# `self.std_http_post("/api/v1/accounts/login/", data=req)`): its body holds another API's parameters
_HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "request", "fetch"})
_URL_START = lazy_re(r"(?i)https?://|/")


def _sends_to_url(c: Call) -> bool:
    """``c`` is an HTTP request (a verb in its name) to the URL or path its first argument spells."""
    first = c.args[0] if c.args else None
    return first is not None and first.k in (STR, TMPL) and bool(_URL_START.match(first.v)) \
        and bool(_HTTP_VERBS.intersection(name_words(c.method or last_name(c.callee))))


def _fixed_request_field(c: Call, value: Val | None) -> bool:
    """A field of ``c``'s request body with a fixed value (mautrix-instagram's
    ``"login_attempt_count": "0"`` in the form it posts to Instagram's
    ``/api/v1/accounts/login/``): a parameter sent to another service, no count
    kept here (a count sent there -- ``attempts + 1`` -- still is one)."""
    return value is not None and value.k in (STR, NUM) and _sends_to_url(c)


# what is done with a signal (blinker, Django, ckan's `ckan.signal`): sending or receiving it
_SIGNAL_METHODS = frozenset({"send", "send_robust", "send_async", "emit", "connect", "connect_via", "disconnect", "fire", "trigger", "dispatch"})
# `failed_login = ns.signal("failed_login")`, `login_failed = Signal()`: the event, not a count
_SIGNAL_FACTORIES = frozenset({"signal", "Signal", "NamedSignal", "ModelSignal"})
_SQLISH = lazy_re(r"fail(?:ed)?_?(?:login_?)?attempts?|login_?attempts?|lock(?:ed)?_?until|lockout|failed_?logins?|login[:_-]fail", re.I)
# `'SSO_LOGIN_FAILED'`: the name of an error or an event, not a key or a column
_ERROR_CODE = lazy_re(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_INCR = frozenset({"incr", "incrby", "incrBy", "INCR", "INCRBY", "hincrby", "hIncrBy", "HINCRBY", "increment", "zincrby", "zIncrBy", "incrbyfloat"})
_USER_KEY = lazy_re(r"user|email|login|account|name|ident|phone", re.I)
# the positions of the arguments that name the counter (and a hash's or sorted
# set's member): Redis `hincrby(key, field, amount)`, `zincrby(key, amount, member)`;
# the rest of the incr family names it first (`incr(key, amount)`, statsd `incr(stat, count)`)
_INCR_KEY_AT = {"hincrby": (0, 1), "hIncrBy": (0, 1), "HINCRBY": (0, 1), "zincrby": (0, 2), "zIncrBy": (0, 2)}


def _counter_key_args(name: str, args: list[Val]) -> list[Val]:
    """The arguments of an incr-family call that name what is counted, not by
    how much (Airflow's scheduler: `stats.incr(name + "_end", num_failed)`, a
    metric raised by the number of failed jobs, is no per-account counter)."""
    return [a for i, a in enumerate(args) if i in _INCR_KEY_AT.get(name, (0,))]
def _per_ip(key_text: str) -> bool:
    """``f"login_attempts:{request.client.host}"``: the key's variable part is the client address."""
    parts = re.findall(r"\$\{([^}]*)\}|\{([^}]*)\}", key_text)
    dyn = " ".join(a or b for a, b in parts)
    return bool(dyn) and bool(_IP_KEY.search(dyn)) and not _USER_KEY.search(dyn)


# a counter keyed by the client address counts per IP, not per account
_IP_KEY = lazy_re(r"\bip\b|\.ip\b|remote_?addr|remoteAddress|x-forwarded-for|client\.host", re.I)
# (Flask-Security has no failed-login lockout: importing it is no evidence)
_LOCKOUT_LIBS = ("express-brute", "axes", "defender", "django_axes", "django_defender", "@nestjs-modules/brute")


# limiters that count requests per client IP unless told otherwise: a
# `loginAttemptLimiter = rateLimit(...)` is a rate limit, not a lockout
_IP_LIMITERS = ("express-rate-limit", "express-slow-down", "@nestjs/throttler", "@fastify/rate-limit", "slowapi", "flask_limiter", "hono-rate-limiter", "koa-ratelimit", "koa-limit")


def _ip_limiter(call: Call) -> bool:
    if package_of(call.callee) not in _IP_LIMITERS and not call.callee.startswith(("slowapi", "flask_limiter")):
        return False
    for a in call.args:
        if a.k == OBJ and (a.open or (a.keys and ("keyGenerator" in a.keys or "key_func" in a.keys))):
            return False  # keyed by something else than the IP: may be per account
    return "key_func" not in call.kwargs


def _limiter_keyed_by_account(ff: FileFacts, call: Call) -> bool:
    """An express-rate-limit-style limiter (express-slow-down, hono-rate-limiter)
    whose inline ``keyGenerator`` counts per account
    (``keyGenerator: (req) => req.body.email``, the account the request names):
    what a rate-limiter-flexible limiter consumed with the username does.  Not a key that also holds the
    client address (``${req.ip}:${req.body.email}``): each address has its
    own count, so guesses spread over many addresses are never stopped."""
    if ff.lang == "py" or package_of(call.callee) not in _IP_LIMITERS:
        return False
    sources = dict((r[0], r[1]) for r in (ff.extra or {}).get("key_fns", ()) or () if isinstance(r, list) and len(r) == 2)
    if not sources:
        return False
    for a in call.args:
        gen = a.keys.get("keyGenerator") if a.k == OBJ and a.keys else None
        text = sources.get(gen.v, "") if gen is not None and gen.k == FN else ""
        if text and _SUBMITTED.search(text) and _ACCOUNT_KEY.search(text) and not _IP_KEY.search(text):
            return True
    return False


# what the request submitted (the account being signed in to), not `req.user` (the signed-in one)
_SUBMITTED = lazy_re(r"\b(?:body|query|params)\b")


_METRIC_CLASSES = frozenset({"Counter", "Gauge", "Histogram", "Summary"})


# the receiver of a metrics client's calls: `stats.incr(...)`, `self.statsd.increment(...)`, `metrics.incr(...)`
_METRICS_CLIENT = lazy_re(r"(?i)(?:^|[._])(?:stats|statsd|dogstatsd|metrics)(?:_?client)?$")


def _metric(call: Call) -> bool:
    """``failed_logins = Counter("app_failed_logins", ...)``: a metric (Prometheus,
    or the project's own class of that name) counts failures for a dashboard,
    it locks nothing; ``collections.Counter()`` may well count per account. So
    does a metrics client's counter (Airflow's ``stats.incr("triggers.failed")``)."""
    if call.method in _INCR and _METRICS_CLIENT.search(call.recv):
        return True
    return last_name(call.callee) in _METRIC_CLASSES and call.callee != "collections.Counter" and bool(call.args) and call.args[0].k == STR


# calls that build or print text: their keyword names are placeholders of a
# message (`_('{failed_count} of {total} objects failed').format(failed_count=n)`,
# NetBox's bulk-edit error), not a stored counter
_TEXT_CALLS = frozenset({"format", "format_map", "gettext", "ngettext", "gettext_lazy", "ngettext_lazy", "_", "print",
                         "debug", "info", "warning", "warn", "error", "exception", "critical", "log"})


def _keyed_by_account(project: Project, ff: FileFacts, call: Call) -> bool:
    """A flask-limiter / slowapi limit whose ``key_func`` reads the username or
    e-mail of the request: a per-account limit, which a lockout is for."""
    kf = call.kwargs.get("key_func")
    if kf is None:
        return False
    target = project.fn_target(ff, kf)
    if target is None:
        return False
    for c in project.calls_in(ff, target.id):
        for a in c.args:
            if a.k == STR and _USER_KEY.search(a.v) and not _IP_KEY.search(a.v):
                return True
    return False


def account_limited(project: Project, ff: FileFacts, check: Call) -> bool:
    """The password check sits in a view limited per account by
    django-ratelimit (``@ratelimit(key="post:username")``, or
    ``@method_decorator(ratelimit(...))`` on its class), or in an
    authentication backend (``authenticate`` of a class) while some view of
    the project is limited that way (Spirit: the login view counts per
    submitted username, the backend checks the password), or in a DRF view
    whose ``throttle_classes`` count per submitted account
    (:func:`_drf_throttled_per_account`).  The limit covers only the view it
    decorates, not the service."""
    if not check.func:
        return False
    scopes = project.scopes(ff, check.func)
    for f in scopes:
        if any(_account_limit(project, ff, d) for d in f.decorators):
            return True
    for cls in {f.cls for f in scopes if f.cls}:
        if any(_account_limit(project, ff, d) for d in class_decorators(ff, cls)) or _drf_throttled_per_account(project, ff, cls):
            return True
    if any(f.name == "authenticate" and f.cls for f in scopes):
        return _project_limits_accounts(project)
    return False


# where a DRF request keeps what it submitted: `request.data`, `request.POST`, `request.query_params`
_SUBMITTED_DATA = frozenset({"data", "POST", "GET", "query_params"})


def _drf_throttled_per_account(project: Project, ff: FileFacts, cls: str) -> bool:
    """A DRF view class whose ``throttle_classes`` name a throttle whose
    ``get_cache_key`` (its own or a project base's) keys the count by the
    username or e-mail the request submits (``request.data.get("username")``):
    a limit per account, as django-ratelimit's ``key="post:username"`` -- not
    one keyed by the client address (``self.get_ident(request)``) or by a
    header (``request.headers.get("User-Agent")``)."""
    tc = class_attrs(ff, cls).get("throttle_classes")
    for item in (tc.items or []) if tc is not None and tc.k == ARR else []:
        home = base_class_home(project, ff, item.v) if item.k == IDENT else None
        got = inherited_method(project, home[0], home[1], "get_cache_key") if home is not None else None
        if got is not None and any(
            c.recv.rsplit(".", 1)[-1] in _SUBMITTED_DATA and any(a.k == STR and _USER_KEY.search(a.v) and not _IP_KEY.search(a.v) for a in c.args)
            for c in project.calls_in(got[0], got[1].id)
        ):
            return True
    return False


def _account_limit(project: Project, ff: FileFacts, dec: Val) -> bool:
    """A decorator that is, or wraps (``method_decorator(ratelimit(...))``), a per-account ratelimit."""
    call = project.call_of(ff, dec) if dec.k == CALL else None
    if call is None:
        return False
    if last_name(call.callee) == "ratelimit":
        return bool(_ratelimit_account_field(call))
    if last_name(call.callee) != "method_decorator" or not call.args:
        return False
    first = call.args[0]
    # `method_decorator((sensitive_post_parameters(), ratelimit(key="post:username")))`: a list of decorators
    return any(_account_limit(project, ff, a) for a in (first.items or [] if first.k in (ARR, "tuple") else [first]))


@per_project
def _project_limits_accounts(project: Project) -> bool:
    return any(
        last_name(c.callee) == "ratelimit" and _ratelimit_account_field(c)
        for ff in project.parsed_code_files() if ff.lang == "py" for c in ff.calls
    )


def _ratelimit_account_field(call: Call) -> str:
    """django-ratelimit's ``@ratelimit(key="post:username")`` (or a project
    decorator of that name counting per submitted ``field="email"``, Spirit's):
    a limit per account named in the form.  Its text, or ''."""
    key, field = call.kwargs.get("key"), call.kwargs.get("field")
    if key is not None and key.k == STR and key.v.startswith(("post:", "get:", "data:")) and _USER_KEY.search(key.v.split(":", 1)[1]):
        return f'key="{key.v}"'
    if field is not None and field.k == STR and _USER_KEY.search(field.v):
        return f'field="{field.v}"'
    return ""


def _val_text(v: Val) -> str:
    return v.v if v.k in (STR, TMPL, IDENT) else ""


# a home-made limiter asked whether a key is over its limit (sentry's
# `ratelimiter.is_limited('auth:login:username:{}'.format(...), limit=10)`)
_LIMIT_CHECKS = frozenset({"is_limited", "is_rate_limited"})
_ACCOUNT_KEY = lazy_re(r"user|e-?mail|account|phone|ident", re.I)


def _limit_key(c: Call) -> str:
    """The text of the key a limiter call counts under: its ``key=`` or first
    argument, a string, f-string, name or ``'...{}'.format(...)``."""
    v = c.kwargs.get("key") or (c.args[0] if c.args else None)
    if v is None:
        return ""
    if v.k == CALL and v.v.endswith(".format"):
        return v.v
    return _val_text(v)


# the lifetime or store of a cache named after failed logins, not a count:
# radicale's `_cache_failed_logins_expiry` (unless it names a lock)
_NOT_A_COUNT = frozenset({"cache", "cached", "expiry", "expire", "expires", "ttl", "timeout", "seconds", "secs"})


# the last word of a name for what a failure says, looks like or triggers, not a count of
# failures (pyload's account plugins: `LOGIN_FAIL_PATTERN`, a regex for another site's error page;
# askbot's `auth_fail_func = load_module(...)`, a configured function called on a failed sign-in;
# flood's `failedLoginResponse = 'Failed login.'`, the answer to a failed sign-in)
_NOT_A_FIELD_TAIL = frozenset({"message", "messages", "msg", "error", "err", "text", "label", "string", "str", "title",
                               "response", "responses", "reply", "replies",
                               "reason", "description", "desc", "template", "notice", "alert", "event", "hook",
                               "callback", "handler", "func", "funcs", "function", "functions", "fn",
                               "url", "path", "route", "page", "view", "code", "status",
                               "pattern", "patterns", "regex", "regexp", "re", "rx", "selector", "marker",
                               # (and their plurals: mlflow's `_AUTH_FAILURE_STATUS_CODES = (401, 403)`)
                               "errors", "texts", "labels", "strings", "titles", "reasons", "templates", "events", "hooks",
                               "callbacks", "handlers", "urls", "paths", "routes", "pages", "views", "codes", "statuses",
                               "regexes", "selectors", "markers"})


def _field(name: str) -> bool:
    """A failed-attempt counter or lock field named ``name``."""
    if not _words_match(_FIELD, name):
        return False
    words = name_words(name)
    if _DECOY_WORDS.intersection(words):
        return False  # `auth_tools.fake_login_attempt`, `"auth_fake_login_attempt": ...`: the decoy's name
    if "".join(words) in _BARE_LOCK:
        return False  # a bare `is_locked` is as often a questionnaire's or a record's (evap): see _user_lock
    if "lock" in "".join(words):
        return True
    if _NOT_A_COUNT.intersection(words):
        return False
    if words[-1] in ("fail", "failed"):
        return False  # `password_login_failed = True`: a flag for the error message, no count
    if words[-1] in _NOT_A_FIELD_TAIL:
        return False  # `LOGIN_FAILED_MESSAGE = 'Invalid username/password'`: what a failure shows, no count
    if _LIMITER_TAIL.intersection(words[-1:]) or words[-2:] in (["rate", "limit"], ["rate", "limits"]):
        # indico's `config.FAILED_LOGIN_RATE_LIMIT` ('5 per 15 minutes'): the rate of a limiter on
        # failures, whose key (indico's: the client address) the name does not give; no account's count
        return False
    # `_gpu_memory_collection_fail_count`: the failures of something else
    first = next((i for i, w in enumerate(words) if w.startswith("fail")), -1)
    return first <= 0 or all(w in _COUNT_OWNERS for w in words[:first])


# the last word of a name for a limiter or its rate (`FAILED_LOGIN_RATE_LIMIT`, `failedLoginLimiter`)
_LIMITER_TAIL = frozenset({"ratelimit", "ratelimits", "ratelimiter", "limiter", "throttle", "throttles", "throttling", "throttler"})
_BARE_LOCK = frozenset({"islocked", "locked"})
# a count of failures with no word saying of what (`failCount`, `failure_count`, `failed_count`)
_BARE_FAIL_COUNTS = frozenset({"failcount", "failscount", "failurecount", "failurescount", "failedcount"})


def _bare_fail_count(name: str) -> bool:
    return "".join(name_words(name)) in _BARE_FAIL_COUNTS


_USERISH = lazy_re(r"(?i)user|account|member|profile|customer|login|credential|person|principal|identity")


def _user_lock(name: str, owner: str) -> bool:
    """A bare lock flag (``is_locked``, ``locked``) on an account: read from a
    user-ish receiver (``user.is_locked``), set on a user-ish class or query
    (``User.objects.filter(is_locked=True)``)."""
    return "".join(name_words(name)) in _BARE_LOCK and bool(_USERISH.search(_queried_models(owner) or owner))


# the model of a Django manager in a query's text (`Page` of `Page.objects.filter(...)`, `Order.all_objects`)
_MANAGER_MODEL = lazy_re(r"(?<![\w.])([A-Za-z_]\w*)\.(?:\w+_)?objects\b")


def _queried_models(owner: str) -> str:
    """The models whose Django managers a query's text starts from, or '':
    wagtail's ``(... | Page.objects.filter(locked_by=self.request.user)).filter(locked=True)``
    filters pages (a content lock), whoever its arguments name."""
    return " ".join(_MANAGER_MODEL.findall(owner))


# what may come before a failure counter's `fail...` word (`user_failed_attempts`, `max_failed_logins`)
_COUNT_OWNERS = frozenset({"user", "users", "account", "accounts", "login", "logins", "auth", "password", "signin", "member",
                           "admin", "client", "max", "num", "n", "total", "consecutive", "recent", "current", "is", "has", "get"})


# a setting about a cache, queue or worker lock (geonode's MEMCACHED_LOCK_EXPIRE), or about another
# credential than a password (zenml's MAX_FAILED_DEVICE_AUTH_ATTEMPTS for OAuth device codes), not an account's lockout
_INFRA_WORDS = frozenset({"memcached", "memcache", "cache", "redis", "celery", "task", "tasks", "job", "jobs", "worker", "queue", "file", "db",
                          "device"})
_OTHER_CREDENTIAL = lazy_re(r"(?i)device")
# a package or module of a second factor (`mfa/services.py`, `two_factor/models.py`, `totp.py`): what
# it counts or locks are wrong codes of a device, which slows no one guessing the password before it
_SECOND_FACTOR_PARTS = frozenset({"mfa", "otp", "totp", "hotp", "2fa", "twofactor", "two_factor", "webauthn", "u2f"})


def _second_factor_module(path: str) -> bool:
    """``path`` is in a package, or is a module, named for a second factor."""
    parts = posixpath.splitext(path)[0].lower().split("/")
    return any(p in _SECOND_FACTOR_PARTS for p in parts)
# a string that reads like the name of a setting or a key (`cache_failed_logins_expiry`)
_OPTION_NAME = lazy_re(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+")
# a label or a phrase for people to read (`"Lockout Reset"`): words and spaces, no key or SQL punctuation
_LABEL = lazy_re(r"[A-Za-z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*)+[.!?]?")
_SQL_WORD = lazy_re(r"(?i)\b(?:select|update|insert|delete|from|where|set|into|values|alter|table|column)\b")
# the name of a template, page or image file (`'login_failed.mako'`, `"auth/lockout.html"`): a page to
# show, not a key or a column that counts anything
_PAGE_FILE = lazy_re(r"(?i)[\w./-]+\.(?:mako|html?|xhtml|jinja2?|j2|tmpl|tpl|hbs|handlebars|mustache|ejs|pug|jade|twig|njk|erb|haml|liquid|png|svg|gif|jpe?g|css)")


_ARITHMETIC = frozenset({"len", "sum", "max", "min", "int", "float", "round", "abs", "sorted", "list", "set", "tuple", "dict", "Counter"})


def _account_field(name: str) -> bool:
    """``name`` (a constant or variable) names failed-attempt tracking, not infrastructure's."""
    return _field(name) and not _INFRA_WORDS.intersection(name.lower().split("_"))


_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
# reads a log line is made of (`request.META.get("REMOTE_ADDR")`, `str(user)`)
_READS = frozenset({"get", "getattr", "str", "repr", "format", "gettext", "_"})


# a logger fetched for the line (`logger = logging.getLogger('netbox.auth.login')`): part of writing it
_LOGGER_GETTERS = frozenset({"getLogger", "get_logger", "getChild"})
# a getter's name (`get_client_ip`, `getClientIp`); `get_or_create`, `get_and_incr`, `getset` write as well
_GETTER = lazy_re(r"get(?:_|(?=[A-Z]))(?!or_|and_|set)[A-Za-z0-9_]+")
# calls that store something: a getter making one is no mere look-up
_STORE_VERBS = frozenset({"save", "update", "create", "bulk_create", "bulk_update", "update_or_create", "delete", "insert", "insert_one",
                          "update_one", "replace_one", "set", "setex", "setnx", "hset", "hmset", "add", "put", "push", "lpush", "rpush",
                          "append_entry", "execute", "executemany", "commit", "lock", "record", "log_attempt"})


def _project_getter(project: Project, ff: FileFacts, c: Call) -> bool:
    """``c`` calls a project function named as a getter whose body stores
    nothing and calls no other project function (netbox's
    ``client_ip := get_client_ip(request)``, a header read for the log line)."""
    if c.awaited or not _GETTER.fullmatch(c.method or last_name(c.callee)):
        return False
    targets = callee_funcs(project, ff, c)
    for tf, g in targets:
        for inner in project.calls_in(tf, g.id):
            name = inner.method or last_name(inner.callee)
            if name in _STORE_VERBS or name in _INCR or _failure_func(name, tf.path) or callee_funcs(project, tf, inner):
                return False
    return bool(targets)


def _only_logs(project: Project, ff: FileFacts, f: Func) -> bool:
    """``f``'s body does nothing but write a log line (integreat-cms's
    ``@receiver(user_login_failed) def user_login_failed_callback(...)``:
    ``ip = request.META.get(...)``, ``authlog.warning("login failed user=%s, ip=%s", ...)``):
    a failure noted in a log, no count kept on the account.  Fetching the
    logger and calling a project getter for what the line says (netbox's
    ``get_client_ip(request)``) are part of writing it."""
    logged = False
    for c in project.calls_in(ff, f.id):
        name = c.method or last_name(c.callee)
        if c.callee == "print" or (name in _LOG_METHODS and c.recv and ("log" in c.recv.lower() or c.recv == "console")):
            logged = True
        elif (name in _LOGGER_GETTERS and not c.awaited) or _project_getter(project, ff, c):
            continue
        elif name not in _READS or c.awaited:
            return False
    return logged


def _quiet(project: Project, ff: FileFacts, f: Func) -> bool:
    """``f`` keeps no count: its body only writes a log line, or does nothing at
    all (evennia's ``DefaultAccount.at_failed_login``, a docstring and ``pass``:
    a hook that exists to be overridden)."""
    return f.id in ((ff.extra or {}).get("noop_funcs") or ()) or _only_logs(project, ff, f)


def _not_overridden(project: Project, ff: FileFacts, name: str) -> bool:
    """No other Python module of the project defines a function ``name`` that
    is not quiet (a subclass overriding the hook with a count of its own)."""
    for other in project.code_files():
        if other is ff or other.lang != "py" or not project.may_mention(other.path, name):
            continue
        full = project.full(other, name)
        if any(g.name == name and not _quiet(project, full, g) for g in full.funcs):
            return False
    return True


def _file_evidence(project: Project, ff: FileFacts) -> str:
    home: list[bool] = []  # _signin_home(ff), computed on first need

    def about_signin(name: str) -> bool:
        """A count, key or field name read here is about signing in: it names an
        account or a lock, or the file is about accounts or signing in (litellm's
        logging module: `failed_attempts_cost`, `'failed_attempts_usage'` of model calls)."""
        if _names_account("".join(name_words(name)) if name.isidentifier() else name.lower()):
            return True
        return signin_file()

    def signin_file() -> bool:
        if not home:
            home.append(_signin_home(ff))
        return home[0]

    # django-axes installed with AXES_ENABLED = False tracks nothing: neither
    # its app nor an import of it (mayan's login audit log imports axes.helpers
    # for the client's IP) is evidence
    axes_off = axes_switched_off(project) is not None
    for m in ff.modules:
        if axes_off and m.split(".")[0] in ("axes", "django_axes"):
            continue
        if package_of(m) in _LOCKOUT_LIBS or m.split(".")[0] in _LOCKOUT_LIBS:
            return f"{m} imported in {ff.path}"
    for name, val in ff.consts.items():
        if val.k == STR and re.fullmatch(r"[a-z][a-z0-9_]*", val.v) and val.v in name.lower():
            continue  # CONF_LOGIN_ATTEMPTS_THRESHOLD = "login_attempts_threshold": the name of a config option
        # (each part of a class constant's dotted name on its own: evennia's
        # `DefaultAccount.lockstring`, a permission lock string, runs `account` into `lock`)
        if any((_words_match(_CONST, part) and not _INFRA_WORDS.intersection(part.lower().split("_"))) or _account_field(part)
               for part in name.split(".")):
            return f"{name} in {ff.path}"
        if name.endswith("APPS") or "MIDDLEWARE" in name or name == "AUTHENTICATION_BACKENDS":
            for it in val.items or []:
                if it.k == STR and (it.v == "axes" or it.v.startswith("axes.")) and axes_off:
                    continue
                if it.k == STR and (it.v == "axes" or it.v.startswith(("axes.", "defender")) or it.v == "defender"):
                    return f"{it.v} in {ff.path}"
    called = {c.method for c in ff.calls if c.method}
    # `signals.failed_login.send(login)`: a signal announcing the failure counts nothing
    # (a receiver that counts is evidence of its own, in its own code)
    signals = {c.recv for c in ff.calls if c.recv and c.method in _SIGNAL_METHODS}
    for a in ff.attrs:
        member = a.rsplit(".", 1)[-1]
        if member in called or a in signals:
            continue  # `errorpages.social_auth_failed(...)`: a function, not a failure field
        owner = a.rsplit(".", 1)[0]
        if _bare_fail_count(member) and not _USERISH.search(owner):
            continue  # `evalMetrics.failCount`, `stats.failureCount`: failures of something else than a sign-in
        if (_field(member) or _user_lock(member, owner)) and not _OTHER_CREDENTIAL.search(a):
            if not _USERISH.search(owner) and (not about_signin(member) or _work_lock(ff, member)):
                # litellm: ClickhouseBatchLogger's `self._failed_attempts` (its flushes) and
                # `logging_obj.failed_attempts_billed_on_success` (model calls): a bare count on
                # no account, in no file about signing in; mindsdb's TaskMonitor
                # `self.LOCK_EXPIRED_SECONDS`: a task's lock, not an account's
                continue
            return f"{a} in {ff.path}"
    for cls, attrs in ((ff.extra.get("class_attrs") or {}) if ff.extra else {}).items():
        for attr in attrs:
            if _user_lock(attr, cls):
                return f"{cls}.{attr} in {ff.path}"  # class User(AbstractUser): is_locked = BooleanField()
    log_only = {f.name for f in ff.funcs if _failure_func(f.name, ff.path) and _quiet(project, ff, f)}
    for f in ff.funcs:
        if _failure_func(f.name, ff.path) and f.name not in log_only:
            return f"{f.name}() in {ff.path}"
    for c in ff.calls:
        name = c.method or last_name(c.callee)
        if _metric(c) or name in _TEXT_CALLS or name.endswith(("Error", "Exception")):
            continue  # its name and labels describe a dashboard series; a message's placeholders; an error's message
        if name in ("limit", "shared_limit") and _keyed_by_account(project, ff, c):
            return f"{c.callee}(key_func=<per account>) in {ff.path}:{c.line}"
        if _limiter_keyed_by_account(ff, c):
            return f"{c.callee}(keyGenerator=<per account>) in {ff.path}:{c.line}"
        if c.assigned and _account_field(c.assigned.rsplit(".", 1)[-1]) and not _ip_limiter(c) and name not in _SIGNAL_FACTORIES \
                and not ("." not in c.assigned and not c.recv and c.callee in _ARITHMETIC) and about_signin(c.assigned):
            # (`failure_count = len(df[...])`: a local counted from data -- timesketch's
            # brute-force *detector* over someone else's logs -- tracks no sign-in)
            return f"{c.assigned} in {ff.path}:{c.line}"
        if name in _INCR:
            for arg in _counter_key_args(name, c.args):
                text = _val_text(project.resolve(ff, arg)) or _val_text(arg)
                if _KEY_TEXT.search(text) and not _per_ip(text):
                    return f"{c.callee}({_val_text(arg)}) in {ff.path}:{c.line}"
        # (and a method call of it -- evennia's `account.at_failed_login(session)` of the empty
        # hook DefaultAccount defines -- when no other module defines one that does more)
        if _failure_func(name, ff.path) and not (name in log_only and (c.callee == name or (c.method == name and _not_overridden(project, ff, name)))):
            return f"{name}() in {ff.path}:{c.line}"
        if name in _LIMIT_CHECKS and re.search(r"limit|throttl", c.recv or c.callee, re.I):
            key = _limit_key(c)
            if _ACCOUNT_KEY.search(key) and not _IP_KEY.search(key) and not _per_ip(key):
                return f"{c.callee}({key}) in {ff.path}:{c.line}"
        if name in ("consume", "penalty", "block") and c.args and ("rate-limiter-flexible" in c.recv_type or re.search(r"limit|brute|fail", c.recv, re.I)):
            arg = c.args[0]
            if _USER_KEY.search(_val_text(arg)) or _KEY_TEXT.search(c.recv):
                return f"{c.callee}({_val_text(arg)}) in {ff.path}:{c.line}"
        # (the first argument of an event call names the event: girder's
        # `events.trigger('no_password_login_attempt', ...)` counts nothing; nor does
        # a plugin hook's name, `hook_handle("auth_failed_login", user)`: a receiver that
        # counts is evidence in its own code)
        # (an analytics call names its event second, after whom it is about: Segment's and
        # Mixpanel's `track(user_id, "$login_failed", props)` records an event, counts nothing)
        named = c.args[1:] if name in _EVENT_CALLS or "hook" in name_words(name) else c.args
        if name in _ANALYTICS_CALLS and len(c.args) > 1 and c.args[1].k in (STR, TMPL):
            named = c.args[2:]
        for value in [*named, *c.kwargs.values()]:
            for v in walk_vals(value):
                if v.k == OBJ and v.keys:
                    for k in v.keys:
                        if _bare_fail_count(k) and not _USERISH.search(c.text or c.callee):
                            continue  # `knex('emails').update({ failed_count: ... })`: failed deliveries, no sign-in
                        if _fixed_request_field(c, v.keys[k]):
                            continue
                        if _field(k) and about_signin(k):
                            return f"{k} in {ff.path}:{c.line}"
                elif v.k in (STR, TMPL) and _SQLISH.search(v.v) and not _per_ip(v.v) and not _ERROR_CODE.fullmatch(v.v) \
                        and not (_OPTION_NAME.fullmatch(v.v) and _INFRA_WORDS.intersection(v.v.lower().split("_"))) \
                        and not (v.v.isidentifier() and _INFRA_WORDS.intersection(name_words(v.v))) \
                        and not (_OPTION_NAME.fullmatch(v.v) and not about_signin(v.v)) \
                        and not (_LABEL.fullmatch(v.v) and not _SQL_WORD.search(v.v) and not signin_file()) \
                        and not _PAGE_FILE.fullmatch(v.v):
                    # (radicale's `configuration.get("auth", "cache_failed_logins_expiry")`: how long
                    # a cache remembers failed credentials, a setting about a cache, no count;
                    # litellm's `'failed_attempts_usage'` key of model calls, in its logging module;
                    # mitmproxy's WBXML code page `addToken(0x16, "MaxDevicePasswordFailedAttempts")`,
                    # an ActiveSync device policy's name, camelCase or not, is a setting of a device;
                    # esphome's `BinarySensorSchema(description="Lockout Reset")`, a boiler's fault
                    # flag: words for people to read, in a file about no account, are no key or column;
                    # sickrage's `self.render('login_failed.mako', ...)`: a template's file name)
                    return f"'{v.v[:40]}' in {ff.path}:{c.line}"
        if last_name(c.callee).endswith("Filter") or _OTHER_CREDENTIAL.search(c.callee):
            continue  # zenml's OAuthDeviceFilter(failed_auth_attempts=...), OAuthDeviceInternalUpdate(...): a list query, a device code's counter
        for k in c.kwargs:
            if (_field(k) and about_signin(k)) or _user_lock(k, c.recv or c.callee):
                return f"{k}= in {ff.path}:{c.line}"
    return ""


def lockout_evidence(project: Project, path: str) -> str:
    """A description of the failed-attempt tracking that covers ``path``'s service
    (in code of its own language: Python or JS/TS), or ''."""
    own = project.files.get(path)
    python = own is not None and own.lang == "py"
    password_side = not _second_factor_module(path)
    files = scope_files(project, path)
    # the answer depends on the path only through these: asked once per scope
    # and kind of path, not once per sign-in route (every route of a service
    # of many files read them all again)
    known = own is not None
    return per_scope(project, "lockout_evidence", files,  # type: ignore[no-any-return]
                     lambda: _scope_evidence(project, files, known, python, password_side), known, python, password_side)


def _scope_evidence(project: Project, files: list[FileFacts], known: bool, python: bool, password_side: bool) -> str:
    """:func:`lockout_evidence` for one scope: the first file's evidence, in
    the scope's order, among the files of the path's language (``known``: the
    path is a file of the project) and, on the password side, not of a second
    factor."""
    cache = project.__dict__.setdefault("_rs_lockout_files", {})
    for f in files:
        if known and (f.lang == "py") != python and f.lang in ("py", "js", "ts"):
            continue  # a Python login is not locked by the browser bundle next to it (nor the reverse)
        if password_side and _second_factor_module(f.path):
            # byro's `mfa/services.py` (`VerifyResult.locked_until`): a TOTP device's throttle, not the password's
            # (a check in a second factor's own code, a recovery code's, is judged with that throttle)
            continue
        got = cache.get(f.path)
        if got is None:
            got = _file_evidence(project, f)
            cache[f.path] = got
        if got:
            return got
    return ""
