"""RS401/RS402 (WebSockets) and RS501/RS502 (login abuse): the edge cases the
catalog settles, beyond the rule examples: aliases, mitigations in other files,
limiter order, look-alike routes, comments/strings and test files."""

from __future__ import annotations

import pytest

from helpers import hits, scan_tree
from riskscan.checks._credroutes import credential_kind, takes_credentials


def run(tmp_path, files, rule, **kw):
    return hits(scan_tree(tmp_path, files, select=(rule,), **kw), rule)


def finding(tmp_path, files, rule):
    result = scan_tree(tmp_path, files, select=(rule,))
    found = [f for f in result.findings if f.rule_id == rule]
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------------------
# credential routes


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/api/auth/login", "login"),
        ("/login/", "login"),
        ("/users/sign_in", "login"),
        ("/sign-in", "login"),
        ("/auth", "login"),
        ("/oauth/token", "token"),
        ("/api/token/", "token"),
        ("/sessions", "session"),
        ("/api/session/", "session"),
        ("/sessions/{session_id}", ""),
        ("/api/assistant/sessions/:id", ""),
        ("/sessions/<int:pk>", ""),
        ("/api/v1/sessions", "session"),
        ("/users/sessions", "session"),
        ("/mails/compose/sessions/", ""),
        ("/sudo/sessions/", ""),
        ("/login/2fa", "otp"),
        ("/2fa", "otp"),
        ("/settings/2fa/", ""),
        ("/account/security/mfa", ""),
        ("/password/reset/:token", "reset"),
        ("/forgot-password", "reset"),
        ("/2fa/verify", "otp"),
        ("/mfa/verify", "otp"),
        ("/account/2fa/verify", "otp"),
        ("/login/mfa/confirm", "otp"),
        ("/settings/2fa/totp/confirm", ""),  # enrolling a device on the settings page
        (r"^settings/2fa/totp/(?P<device>[0-9]+)/confirm", ""),
        ("/user/security/otp/verify", ""),
        ("/verify-otp", "otp"),
        ("^accounts/login/$", "login"),
        ("/authors", ""),
        ("/auth/logout", ""),
        ("/logout", ""),
        ("/token/refresh", ""),
        ("/refresh-token", ""),
        ("/push/token", ""),
        ("/users/:id", ""),
        ("/author", ""),
        ("/oauth/authorize", ""),
        ("^users/(?P<pk>-?\\d+)/password-reset/$", ""),
        ("/users/:id/reset-password", ""),
        ("/password-reset/", "reset"),
        ("/accounts/password-reset/confirm/<uidb64>/<token>/", "reset"),
        ("/admin-login", "login"),
        ("/api/ldap_login", "login"),
        ("/matrix-login", "login"),
        ("/social-login", ""),
        ("/sso_login", ""),
        ("/login-history", ""),
        # Tornado regex routes with an optional trailing slash group
        ('{self.options["web_root"]}/login(/?)', "login"),
        ("/login(?:/)?$", "login"),
        ("/api/token(/)?", "token"),
        ("/app/login_action", "login"),
        ("/signin-submit", "login"),
        ("/login_page", ""),
        # openhim: `PUT /token/:token` redeems an emailed token and sets the password
        ("/token/:token", "reset"),
        ("/api/token", "token"),
        ("/password-reset-request", "reset"),
        # noggin's `/forgot-password/ask` mails the reset link; `ask` elsewhere is no reset
        ("/forgot-password/ask", "reset"),
        ("/questions/ask", ""),
        ("/password/ask", ""),
        # the npm registry's sign-in (npm login): cnpmjs.org's and verdaccio's spellings, a regex route;
        # not the -rev update of a signed-in account, nor a CouchDB _users document
        ("/-/user/org.couchdb.user::name", "login"),
        ("/-/user/:org_couchdb_user/:_rev?/:revision?", "login"),
        (r"/^\/-\/user\/org\.couchdb\.user:(.+)$/", "login"),
        ("/-/user/org.couchdb.user::name/-rev/:rev", ""),
        ("/_users/org.couchdb.user::name", ""),
    ],
)
def test_credential_kind(path, kind):
    assert credential_kind(path) == kind


def test_safe_methods_take_no_credentials():
    assert takes_credentials("POST") and takes_credentials("ANY") and takes_credentials("put")
    assert not takes_credentials("GET") and not takes_credentials("DELETE")


# ---------------------------------------------------------------------------
# RS501 JS


def test_rs501_limiter_registered_after_route_fires_with_related(tmp_path):
    f = finding(
        tmp_path,
        {
            "src/app.js": """\
                const express = require('express');
                const rateLimit = require('express-rate-limit');
                const app = express();
                const limiter = rateLimit({ windowMs: 60000, limit: 5 });
                app.post('/api/login', login);
                app.use(limiter);
                app.post('/api/token', token);
            """
        },
        "RS501",
    )
    assert (f.path, f.line) == ("src/app.js", 5)
    assert "POST /api/login" in f.message and "after this route" in f.message
    assert [(r.path, r.line) for r in f.related] == [("src/app.js", 6)]


def test_rs501_router_mounted_after_limiter_is_protected(tmp_path):
    files = {
        "src/app.js": """\
            const express = require('express');
            const rateLimit = require('express-rate-limit');
            const app = express();
            const router = express.Router();
            router.post('/login', login);
            app.use(rateLimit({ limit: 10 }));
            app.use('/auth', router);
        """
    }
    assert run(tmp_path, files, "RS501") == []


def test_rs501_aliases_and_helper_built_limiter(tmp_path):
    files = {
        "src/routes.js": """\
            const { default: limit } = require('express-rate-limit');
            const { makeLimiter } = require('./limits');
            const slow = require('express-slow-down');
            const strict = makeLimiter(5);
            const guard = wrap(limit({ limit: 3 }));
            router.post('/login', strict, login);
            router.post('/signin', slow({ delayAfter: 1 }), login);
            router.post('/session', guard, login);
        """,
        "src/limits.js": """\
            const rl = require('express-rate-limit');
            function makeLimiter(n) { return rl({ windowMs: 60000, limit: n }); }
            module.exports = { makeLimiter };
        """,
    }
    assert run(tmp_path, files, "RS501") == []


def test_rs501_limiter_object_from_another_file_by_default_export(tmp_path):
    files = {
        "src/auth.js": """\
            import express from 'express';
            import guard from './guard';
            const router = express.Router();
            router.post('/login', guard, login);
            export default router;
        """,
        "src/guard.js": """\
            import rateLimit from 'express-rate-limit';
            export default rateLimit({ limit: 5 });
        """,
    }
    assert run(tmp_path, files, "RS501") == []


def test_rs501_app_wide_limiter_in_another_file_and_path_prefix(tmp_path):
    files = {
        "src/server.js": """\
            const express = require('express');
            const { rateLimit } = require('express-rate-limit');
            const app = express();
            app.use('/api', rateLimit({ limit: 100 }));
            app.use('/api/auth', require('./routes/auth'));
            app.use('/admin', require('./routes/admin'));
            app.listen(3000);
        """,
        "src/routes/auth.js": """\
            const router = require('express').Router();
            router.post('/login', login);
            module.exports = router;
        """,
        "src/routes/admin.js": """\
            const router = require('express').Router();
            router.post('/login', adminLogin);
            module.exports = router;
        """,
    }
    got = run(tmp_path, files, "RS501")
    assert got == [("src/routes/admin.js", 2)]


def test_rs501_message_shows_the_mounted_path(tmp_path):
    files = {
        "src/server.js": """\
            const app = require('express')();
            app.use('/api/v1/auth', require('./auth'));
        """,
        "src/auth.js": """\
            const router = require('express').Router();
            router.post('/sign-in', signIn);
            module.exports = router;
        """,
    }
    f = finding(tmp_path, files, "RS501")
    assert "POST /api/v1/auth/sign-in" in f.message


def test_rs501_registration_at_a_sign_in_path_says_what_it_does(tmp_path):
    """pypicloud's `PUT /login` registers an account (three helpers deep) and
    checks no password: still unlimited, but the risk is bulk sign-ups, not
    password guessing; its `POST /login` beside it stays a sign-in."""
    files = {
        "app/views.py": """\
            from pyramid.view import view_config


            def register_new_user(access, username, password):
                if access.user_data(username) is not None:
                    raise ValueError("taken")
                access.register(username, password)


            def handle_register_request(request, username, password):
                register_new_user(request.access, username, password)
                return request.response


            @view_config(route_name="login", request_method="PUT", renderer="json")
            def register(request):
                return handle_register_request(request, request.json["username"], request.json["password"])


            @view_config(route_name="login", request_method="POST", renderer="json")
            def do_login(request):
                if request.access.verify_user(request.json["username"], request.json["password"]):
                    return {"ok": True}
        """,
        "app/__init__.py": """\
            from pyramid.config import Configurator


            def main(global_config, **settings):
                config = Configurator(settings=settings)
                config.add_route("login", "/login")
                config.scan()
                return config.make_wsgi_app()
        """,
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    by_line = {f.line: f.message for f in result.findings if f.rule_id == "RS501"}
    reg = next(m for m in by_line.values() if m.startswith("PUT /login"))
    assert "registers new accounts (`register_new_user` at app/views.py:11)" in reg and "create accounts in bulk" in reg
    assert "try passwords" not in reg
    login = next(m for m in by_line.values() if m.startswith("POST /login"))
    assert "try passwords as fast as the server answers" in login


def test_rs501_sign_in_that_also_creates_accounts_is_a_password_endpoint(tmp_path):
    """alerta's `/auth/login` dispatches to an LDAP sign-in, which creates the
    account on its first sign-in, or to the basic one, which checks the
    password in `user.verify_password` -> `utils.check_password_hash` ->
    `bcrypt.checkpw`, below what the walk from the view reaches: the route is
    a password sign-in (passwords guessed), not a registration endpoint."""
    files = {
        "setup.py": """\
            import setuptools

            setuptools.setup(name="alerts", install_requires=["flask", "bcrypt"])
        """,
        "alerts/__init__.py": """\
            from flask import Flask


            def create_app():
                app = Flask(__name__)
                from alerts.auth import auth
                app.register_blueprint(auth)
                return app
        """,
        "alerts/auth/__init__.py": """\
            from flask import Blueprint

            auth = Blueprint("auth", __name__)

            from . import login  # noqa
        """,
        "alerts/auth/login.py": """\
            from flask import current_app

            from . import auth


            @auth.route("/auth/login", methods=["OPTIONS", "POST"])
            def login():
                if current_app.config["AUTH_PROVIDER"] == "ldap":
                    from . import basic_ldap
                    return basic_ldap.login()
                else:
                    from . import basic
                    return basic.login()
        """,
        "alerts/auth/basic.py": """\
            from flask import jsonify, request

            from alerts.models.user import User


            def login():
                username = request.json["username"]
                password = request.json["password"]
                user = User.check_credentials(username, password)
                if not user:
                    return jsonify(status="error"), 401
                return jsonify(token=user.token())
        """,
        "alerts/auth/basic_ldap.py": """\
            import ldap
            from flask import current_app, jsonify, request

            from alerts.models.user import User


            def login():
                username = request.json["username"]
                password = request.json["password"]
                conn = ldap.initialize(current_app.config["LDAP_URL"])
                conn.simple_bind_s(f"uid={username},dc=example,dc=org", password)
                user = User.find_by_username(username)
                if not user:
                    user = User(login=username)
                    user = user.create()
                return jsonify(token=user.token())
        """,
        "alerts/auth/utils.py": """\
            import bcrypt


            def check_password_hash(pwhash, password):
                return bcrypt.checkpw(password.encode("utf-8")[:72], pwhash.encode("utf-8"))
        """,
        "alerts/models/user.py": """\
            from alerts.auth import utils
            from alerts.db import db


            class User:
                def __init__(self, login, password=""):
                    self.login = login
                    self.password = password

                def create(self):
                    return db.create_user(self)

                def token(self):
                    return self.login

                def verify_password(self, password):
                    return utils.check_password_hash(self.password, password)

                @staticmethod
                def find_by_username(username):
                    return db.get_user_by_username(username)

                @staticmethod
                def check_credentials(username, password):
                    user = User.find_by_username(username)
                    if user and user.verify_password(password):
                        return user
                    return None
        """,
        "alerts/db.py": """\
            class Database:
                def create_user(self, user):
                    return user

                def get_user_by_username(self, username):
                    return None


            db = Database()
        """,
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    msgs = [(f.path, f.line, f.message) for f in result.findings if f.rule_id == "RS501"]
    assert [(p, n) for p, n, _m in msgs] == [("alerts/auth/login.py", 6)], msgs
    msg = msgs[0][2]
    assert msg.startswith("POST /auth/login is a credential endpoint") and "try passwords as fast as the server answers" in msg, msg
    assert "registers new accounts" not in msg and "create accounts in bulk" not in msg


def test_rs501_passwordless_sign_in_says_what_it_sends(tmp_path):
    """A sign-in route whose view mails a magic link and reads no password is
    still unlimited, but the risk is mail flooding and account discovery, not
    password guessing; a password sign-in that also mails a notice, and one
    behind passport's local strategy, keep the password message."""
    files = {
        "package.json": '{"name": "pwl", "dependencies": {"express": "4", "bcrypt": "5", "passport": "0.7", "nodemailer": "6"}}',
        "app.js": """\
            const express = require('express');
            const crypto = require('crypto');
            const bcrypt = require('bcrypt');
            const passport = require('passport');
            const { sendMagicLink, sendLoginNotificationEmail } = require('./mailer');
            const db = require('./db');

            const app = express();
            app.post('/login', async (req, res) => {
              const user = await db.users.findByEmail(req.body.email);
              if (user) {
                const token = crypto.randomBytes(32).toString('hex');
                await sendMagicLink(user.email, token);
              }
              res.json({ ok: true });
            });
            app.post('/auth/login', async (req, res) => {
              const user = await db.users.findByEmail(req.body.email);
              if (!user || !(await bcrypt.compare(req.body.password, user.hash))) return res.status(401).end();
              await sendLoginNotificationEmail(user.email);
              res.json({ ok: true });
            });
            app.post('/session/login', passport.authenticate('local'), async (req, res) => {
              await sendLoginNotificationEmail(req.user.email);
              res.json({ ok: true });
            });
            app.listen(3000);
        """,
        "mailer.js": """\
            const nodemailer = require('nodemailer');
            const transport = nodemailer.createTransport({ host: 'smtp' });
            async function sendMagicLink(to, token) {
              await transport.sendMail({ to, subject: 'Sign in', text: `https://app/verify?token=${token}` });
            }
            async function sendLoginNotificationEmail(to) {
              await transport.sendMail({ to, subject: 'New sign-in' });
            }
            module.exports = { sendMagicLink, sendLoginNotificationEmail };
        """,
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    by_start = {f.message.split(" ", 2)[1]: f.message for f in result.findings if f.rule_id == "RS501"}
    assert set(by_start) == {"/login", "/auth/login", "/session/login"}
    magic = by_start["/login"]
    assert "signs in without a password, by what it sends (`sendMagicLink` at app.js:13)" in magic
    assert "flood any address with sign-in messages" in magic and "try passwords" not in magic
    assert "try passwords as fast as the server answers" in by_start["/auth/login"]
    assert "try passwords as fast as the server answers" in by_start["/session/login"]


def test_rs501_limiter_switched_off_is_named(tmp_path):
    """A limiter built with enabled=False protects nothing: the finding says so
    instead of claiming there is no limiter at all."""
    files = {
        "app.py": """\
            from flask import Flask, request
            from flask_limiter import Limiter
            from flask_limiter.util import get_remote_address

            app = Flask(__name__)
            limiter = Limiter(get_remote_address, app=app, default_limits=["10 per minute"], enabled=False)


            @app.route("/api/login", methods=["POST"])
            @limiter.limit("5 per minute")
            def login():
                return check(request.json["username"], request.json["password"])
        """,
    }
    f = finding(tmp_path, files, "RS501")
    assert "the `Limiter` at app.py:6 is built with `enabled=False`, so it limits nothing" in f.message
    assert any(r.line == 6 and r.message == "limiter switched off" for r in f.related)


def test_rs501_hono_sub_app_mounted_in_the_same_file(tmp_path):
    """Hono mounts a sub-app with `app.route('/auth', auth)`: the message shows
    the path clients call, and a limiter on `/auth/*` protects it."""
    files = {
        "package.json": '{"name": "svc", "dependencies": {"hono": "^4.0.0", "hono-rate-limiter": "^0.4.0"}}',
        "src/index.ts": """\
            import { Hono } from 'hono';
            const app = new Hono();
            const auth = new Hono();
            auth.post('/login', async (c) => c.json(await signIn(await c.req.json())));
            app.route('/auth', auth);
            export default app;
        """,
    }
    f = finding(tmp_path, files, "RS501")
    assert f.message.startswith("POST /auth/login is a credential endpoint")
    limited = dict(files)
    limited["src/index.ts"] = files["src/index.ts"].replace(
        "const app = new Hono();",
        "import { rateLimiter } from 'hono-rate-limiter';\n            const app = new Hono();\n"
        "            app.use('/auth/*', rateLimiter({ windowMs: 60000, limit: 10 }));",
    )
    assert run(tmp_path / "limited", limited, "RS501") == []


def test_rs501_message_keeps_a_configurable_base_path_as_written(tmp_path):
    # `${baseUriPath}/`: the base holds its own leading slash ('' or '/unleash')
    files = {
        "src/server.js": """\
            const baseUriPath = process.env.BASE_URI_PATH || '';
            const app = require('express')();
            app.use(`${baseUriPath}/`, require('./routes'));
        """,
        "src/routes.js": """\
            const router = require('express').Router();
            router.post('/auth/login', signIn);
            module.exports = router;
        """,
    }
    f = finding(tmp_path, files, "RS501")
    assert "POST ${baseUriPath}/auth/login is" in f.message


def test_rs501_router_level_limiter(tmp_path):
    files = {
        "src/auth.js": """\
            const router = require('express').Router();
            const { RateLimiterMemory } = require('rate-limiter-flexible');
            const limiter = new RateLimiterMemory({ points: 5, duration: 60 });
            router.use((req, res, next) => limiter.consume(req.ip).then(next, () => res.sendStatus(429)));
            router.post('/login', login);
            module.exports = router;
        """
    }
    assert run(tmp_path, files, "RS501") == []


def test_rs501_other_routers_limiter_does_not_count(tmp_path):
    files = {
        "src/app.js": """\
            const express = require('express');
            const rateLimit = require('express-rate-limit');
            const api = express.Router();
            const auth = express.Router();
            api.use(rateLimit({ limit: 100 }));
            auth.post('/login', login);
        """
    }
    assert run(tmp_path, files, "RS501") == [("src/app.js", 6)]


def test_rs501_not_credential_routes(tmp_path):
    files = {
        "src/app.js": """\
            const app = require('express')();
            app.post('/authors', createAuthor);
            app.post('/auth/logout', logout);
            app.post('/token/refresh', refresh);
            app.get('/login', showLoginPage);
            app.delete('/session', logout);
            app.post('/author/login-history', history);
        """
    }
    assert run(tmp_path, files, "RS501") == []


def test_rs501_comments_strings_and_test_files(tmp_path):
    files = {
        "src/app.js": """\
            const app = require('express')();
            // app.post('/login', login);
            /* app.post('/signin', login); */
            const routes = "app.post('/login', login)";
        """,
        "src/__tests__/auth.js": "const app = require('express')();\napp.post('/login', login);\n",
        "src/auth.spec.ts": "import express from 'express';\nconst app = express();\napp.post('/login', login);\n",
    }
    assert run(tmp_path, files, "RS501") == []
    assert run(tmp_path / "x", {**files}, "RS501", include_tests=True) == [("src/__tests__/auth.js", 2), ("src/auth.spec.ts", 3)]


def test_rs501_fastify_and_koa(tmp_path):
    files = {
        "f/server.js": """\
            const fastify = require('fastify')();
            fastify.register(require('@fastify/rate-limit'), { max: 100 });
            fastify.post('/login', login);
        """,
        "f/package.json": '{"name": "f"}',
        "g/server.js": """\
            const fastify = require('fastify')();
            fastify.register(require('@fastify/rate-limit'), { global: false });
            fastify.post('/login', { config: { rateLimit: { max: 3 } } }, login);
            fastify.post('/token', token);
        """,
        "g/package.json": '{"name": "g"}',
        "k/app.js": """\
            const Router = require('@koa/router');
            const router = new Router();
            router.post('/login', login);
        """,
        "k/package.json": '{"name": "k"}',
    }
    assert run(tmp_path, files, "RS501") == [("g/server.js", 4), ("k/app.js", 3)]


def test_rs501_limiter_in_another_service_does_not_count(tmp_path):
    files = {
        "svc-a/package.json": '{"name": "a"}',
        "svc-a/app.js": "const app = require('express')();\napp.use(require('express-rate-limit')({ limit: 5 }));\n",
        "svc-b/package.json": '{"name": "b"}',
        "svc-b/app.js": "const app = require('express')();\napp.post('/login', login);\n",
    }
    assert run(tmp_path, files, "RS501") == [("svc-b/app.js", 2)]


def test_rs501_nest_guards(tmp_path):
    files = {
        "src/auth.controller.ts": """\
            import { Controller, Post, UseGuards } from '@nestjs/common';
            import { ThrottlerGuard } from '@nestjs/throttler';

            @UseGuards(ThrottlerGuard)
            @Controller('auth')
            export class AuthController {
              @Post('login')
              login() {}
            }

            @Controller('otp')
            export class OtpController {
              @Post('verify')
              verify() {}
            }
        """
    }
    assert run(tmp_path, files, "RS501") == [("src/auth.controller.ts", 13)]


# ---------------------------------------------------------------------------
# RS502 JS


def test_rs502_message_names_call_and_route(tmp_path):
    f = finding(
        tmp_path,
        {
            "src/app.js": """\
                const bcrypt = require('bcrypt');
                app.post('/login', async (req, res) => {
                  const ok = await bcrypt.compare(req.body.password, user.hash);
                  res.sendStatus(ok ? 200 : 401);
                });
            """
        },
        "RS502",
    )
    assert f.line == 3
    assert "bcrypt.compare" in f.message and "/login" in f.message
    assert [(r.path, r.line) for r in f.related] == [("src/app.js", 2)]


def test_rs502_lockout_in_shared_lib_and_by_username_limiter(tmp_path):
    files = {
        "apps/api/package.json": '{"name": "api", "dependencies": {"@acme/auth": "*"}}',
        "apps/api/src/login.js": """\
            const { compare } = require('bcryptjs');
            const { noteFailure } = require('@acme/auth');
            async function login(email, pw, user) {
              if (!(await compare(pw, user.hash))) await noteFailure(email);
            }
        """,
        "packages/auth/package.json": '{"name": "@acme/auth"}',
        "packages/auth/index.js": """\
            exports.noteFailure = (email) => redis.incr('auth:failed:' + email);
        """,
    }
    assert run(tmp_path, files, "RS502") == []


def test_rs502_per_ip_limiter_is_not_lockout(tmp_path):
    files = {
        "src/app.js": """\
            const bcrypt = require('bcrypt');
            const { RateLimiterRedis } = require('rate-limiter-flexible');
            const byIp = new RateLimiterRedis({ storeClient: redis, points: 5, duration: 60 });
            async function login(req) {
              await byIp.consume(req.ip);
              return bcrypt.compare(req.body.password, hash);
            }
        """
    }
    assert run(tmp_path, files, "RS502") == [("src/app.js", 6)]


def test_rs502_look_alikes_comments_and_tests(tmp_path):
    files = {
        "src/app.js": """\
            const jwt = require('jsonwebtoken');
            const semver = require('semver');
            jwt.verify(token, secret);
            semver.compare(a, b);
            // bcrypt.compare(pw, hash)
            const s = "await bcrypt.compare(pw, hash)";
        """,
        "src/login.test.js": "const bcrypt = require('bcrypt');\nbcrypt.compare('a', 'b');\n",
    }
    assert run(tmp_path, files, "RS502") == []


# ---------------------------------------------------------------------------
# RS401 / RS402 JS


def test_rs401_heartbeat_in_another_file_counts(tmp_path):
    files = {
        "src/server.ts": """\
            import { WebSocketServer } from 'ws';
            import { keepAlive } from './lib/keepalive';
            export const wss = new WebSocketServer({ port: 8080 });
            keepAlive(wss);
        """,
        "src/lib/keepalive.ts": """\
            export function keepAlive(wss: any) {
              setInterval(() => {
                for (const ws of wss.clients) {
                  if (ws.stale) { ws.terminate(); continue; }
                  ws.stale = true;
                  ws.ping();
                }
              }, 30000);
            }
        """,
    }
    assert run(tmp_path, files, "RS401") == []


def test_rs401_heartbeat_only_in_tests_does_not_count(tmp_path):
    files = {
        "src/server.js": "const WebSocket = require('ws');\nconst wss = new WebSocket.Server({ port: 8080 });\n",
        "test/heartbeat.js": "ws.on('pong', () => {});\nws.ping();\nws.terminate();\n",
    }
    assert run(tmp_path, files, "RS401") == [("src/server.js", 2)]


def test_rs401_worker_terminate_is_not_liveness(tmp_path):
    files = {
        "src/server.js": """\
            const { Server } = require('ws');
            const { Worker } = require('worker_threads');
            const wss = new Server({ port: 8080 });
            const worker = new Worker('./job.js');
            worker.terminate();
        """
    }
    assert run(tmp_path, files, "RS401") == [("src/server.js", 3)]


def test_rs401_aliases_and_look_alikes(tmp_path):
    files = {
        "src/a.js": """\
            const { Server: WsServer } = require('ws');
            const { Server: IoServer } = require('socket.io');
            const { Server: MockServer } = require('mock-socket');
            const a = new WsServer({ port: 1 });
            const b = new IoServer(http);
            const c = new MockServer('ws://x');
            const d = new WebSocket.Server({ port: 2 });
        """
    }
    assert run(tmp_path, files, "RS401") == [("src/a.js", 4)]


def test_rs402_message_mentions_max_payload_only_when_unset(tmp_path):
    f = finding(tmp_path, {"src/a.js": "const WebSocket = require('ws');\nconst wss = new WebSocket.Server({ port: 1 });\n"}, "RS402")
    assert "`wss`" in f.message and "maxPayload" in f.message
    f2 = finding(tmp_path / "b", {"src/a.js": "const WebSocket = require('ws');\nconst wss = new WebSocket.Server({ port: 1, maxPayload: 1e6 });\n"}, "RS402")
    assert "maxPayload" not in f2.message


def test_rs402_auth_close_is_not_a_cap_but_counted_close_is(tmp_path):
    files = {
        "src/a.js": """\
            const { WebSocketServer } = require('ws');
            const wss = new WebSocketServer({ port: 1 });
            wss.on('connection', (ws, req) => {
              if (!req.headers.authorization) return ws.close(4001, 'unauthorized');
            });
        """,
        "src/b.js": """\
            const { WebSocketServer } = require('ws');
            const wss = new WebSocketServer({ port: 2 });
            const sockets = new Set();
            wss.on('connection', (ws) => {
              if (sockets.size >= 100) return ws.terminate();
              sockets.add(ws);
            });
        """,
    }
    assert run(tmp_path, files, "RS402") == [("src/a.js", 2)]


def test_rs402_options_from_a_spread_count_as_set(tmp_path):
    files = {"src/a.js": "const WebSocket = require('ws');\nconst wss = new WebSocket.Server({ ...opts });\n"}
    assert run(tmp_path, files, "RS402") == []


def test_ws_rules_ignore_test_files(tmp_path):
    files = {"src/ws.spec.ts": "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 0 });\n"}
    assert run(tmp_path, files, "RS401") == [] and run(tmp_path, files, "RS402") == []


# ---------------------------------------------------------------------------
# Python


def test_py_rs501_flask_blueprint_with_limiter_applied_to_blueprint(tmp_path):
    files = {
        "app/auth.py": """\
            from flask import Blueprint
            from app.ext import limiter

            bp = Blueprint("auth", __name__)
            limiter.limit("5 per minute")(bp)

            @bp.post("/login")
            def login():
                return "ok"
        """,
        "app/ext.py": """\
            from flask_limiter import Limiter
            from flask_limiter.util import get_remote_address
            limiter = Limiter(get_remote_address)
        """,
    }
    assert run(tmp_path, files, "RS501") == []


def test_py_rs501_limiter_without_defaults_does_not_cover_undecorated_route(tmp_path):
    files = {
        "app.py": """\
            from flask import Flask
            from flask_limiter import Limiter
            from flask_limiter.util import get_remote_address as gra

            app = Flask(__name__)
            limiter = Limiter(gra, app=app)

            @app.route("/login", methods=["POST"])
            def login():
                return "ok"

            @app.route("/signin", methods=["POST"])
            @limiter.limit("5/minute")
            def signin():
                return "ok"
        """
    }
    assert run(tmp_path, files, "RS501") == [("app.py", 8)]


def test_py_rs501_slowapi_defaults_need_the_middleware(tmp_path):
    base = """\
        from fastapi import FastAPI
        from slowapi import Limiter
        from slowapi.middleware import SlowAPIMiddleware
        from slowapi.util import get_remote_address

        limiter = Limiter(key_func=get_remote_address, default_limits=["100/minute"])
        app = FastAPI()
        app.state.limiter = limiter
        {mw}

        @app.post("/auth/token")
        async def token():
            return {{}}
    """
    assert run(tmp_path / "a", {"main.py": base.format(mw="app.add_middleware(SlowAPIMiddleware)")}, "RS501") == []
    assert run(tmp_path / "b", {"main.py": base.format(mw="")}, "RS501") == [("main.py", 11)]


def test_py_rs501_fastapi_router_dependencies_and_include_router(tmp_path):
    files = {
        "app/routers/auth.py": """\
            from fastapi import APIRouter
            router = APIRouter(prefix="/auth")

            @router.post("/login")
            async def login():
                return {}
        """,
        "app/main.py": """\
            from fastapi import Depends, FastAPI
            from fastapi_limiter.depends import RateLimiter
            from app.routers import auth

            app = FastAPI()
            app.include_router(auth.router, dependencies=[Depends(RateLimiter(times=5, seconds=60))])
        """,
    }
    assert run(tmp_path, files, "RS501") == []


def test_py_rs501_drf_view_with_throttle_classes(tmp_path):
    files = {
        "api/views.py": """\
            from rest_framework.throttling import AnonRateThrottle
            from rest_framework.views import APIView

            class LoginView(APIView):
                throttle_classes = [AnonRateThrottle]

                def post(self, request):
                    return None
        """,
        "api/urls.py": """\
            from django.urls import path
            from api.views import LoginView

            urlpatterns = [path("login/", LoginView.as_view())]
        """,
    }
    assert run(tmp_path, files, "RS501") == []


def test_py_rs502_wrapper_and_lockout_fields(tmp_path):
    files = {
        "svc/models.py": """\
            from django.db import models

            class Account(models.Model):
                failed_login_attempts = models.IntegerField(default=0)
        """,
        "svc/views.py": """\
            from django.contrib.auth import authenticate

            def login_view(request):
                return authenticate(request, username="a", password="b")
        """,
    }
    assert run(tmp_path, files, "RS502") == []


def test_py_rs502_redis_counter_in_helper(tmp_path):
    files = {
        "app/auth.py": """\
            import bcrypt
            from app.lockout import register_failure

            def login(user, pw):
                if not bcrypt.checkpw(pw.encode(), user.pw_hash):
                    register_failure(user.email)
        """,
        "app/lockout.py": """\
            def register_failure(email):
                r.incr(f"login:failures:{email}")
        """,
    }
    assert run(tmp_path, files, "RS502") == []


def test_py_rs402_websockets_handler_counts_connections(tmp_path):
    files = {
        "server.py": """\
            import websockets

            CONNECTIONS = set()
            MAX = 100

            async def handler(ws):
                if len(CONNECTIONS) >= MAX:
                    await ws.close(1013, "server full")
                    return
                CONNECTIONS.add(ws)

            async def main():
                async with websockets.serve(handler, "", 8001):
                    pass
        """
    }
    assert run(tmp_path, files, "RS402") == []


def test_py_ws_look_alikes_and_strings(tmp_path):
    files = {
        "app.py": """\
            import json
            # ws = web.WebSocketResponse()
            DOC = "websockets.serve(handler, ping_interval=None)"

            class WebSocketResponse:
                pass

            r = WebSocketResponse()
        """
    }
    assert run(tmp_path, files, "RS401") == [] and run(tmp_path, files, "RS402") == []


def test_aiohttp_socket_built_in_a_constructor_is_named_by_its_class(tmp_path):
    # Home Assistant's websocket_api: `WebSocketHandler.__init__` builds the
    # response; the findings name the handler class, not `__init__`
    files = {
        "app/ws.py": """\
            from aiohttp import web

            class WebSocketHandler:
                def __init__(self, request):
                    self._request = request
                    self._wsock = web.WebSocketResponse()

                async def async_handle(self):
                    await self._wsock.prepare(self._request)
                    async for msg in self._wsock:
                        pass
        """
    }
    for rule in ("RS401", "RS402"):
        f = finding(tmp_path, files, rule)
        assert "`WebSocketHandler`" in f.message and "__init__" not in f.message, f.message


def test_rs501_order_only_read_within_one_function(tmp_path):
    files = {
        "src/app.js": """\
            const express = require('express');
            const rateLimit = require('express-rate-limit');
            const app = express();
            function routes() { app.post('/login', login); }
            app.use(rateLimit({ limit: 10 }));
            routes();
        """
    }
    assert run(tmp_path, files, "RS501") == []


def test_rs501_koa_limiter_before_router_mount(tmp_path):
    files = {
        "src/app.js": """\
            const Koa = require('koa');
            const Router = require('@koa/router');
            const ratelimit = require('koa-ratelimit');
            const app = new Koa();
            const router = new Router();
            router.post('/login', login);
            app.use(ratelimit({ driver: 'memory', db: new Map(), max: 10 }));
            app.use(router.routes());
        """
    }
    assert run(tmp_path, files, "RS501") == []


def test_py_rs501_django_auth_urlconf_include(tmp_path):
    files = {"proj/urls.py": "from django.urls import include, path\nurlpatterns = [path('accounts/', include('django.contrib.auth.urls'))]\n"}
    found = [f for f in scan_tree(tmp_path, files, select=("RS501",)).findings if f.rule_id == "RS501"]
    assert [(f.path, f.line) for f in found] == [("proj/urls.py", 2)] * 2
    login, reset = sorted(found, key=lambda f: "password_reset" in f.message)
    assert "/accounts/login/" in login.message and "try passwords" in login.message
    # the URLconf's password_reset/ mails reset links: its own finding, with the mail-flood consequence
    assert "/accounts/password_reset/" in reset.message and "reset mails" in reset.message
    assert len({f.fingerprint for f in found}) == 2
    # django-axes counts failed sign-ins: the login is covered, the reset request (it signs no one in) is not
    with_axes = {**files, "proj/settings.py": "INSTALLED_APPS = ['django.contrib.auth', 'axes']\n"}
    left = [f for f in scan_tree(tmp_path / "b", with_axes, select=("RS501",)).findings if f.rule_id == "RS501"]
    assert len(left) == 1 and "/accounts/password_reset/" in left[0].message


def test_py_rs501_drf_default_throttles_do_not_cover_stock_django_views(tmp_path):
    # doccano 1.8.4's URLconf with DRF default throttles configured: the admin's
    # login/ and rest_framework.urls' login/ are Django's LoginView (DRF
    # throttles never run for them), dj_rest_auth's LoginView is a DRF view
    files = {
        "proj/settings.py": """\
            REST_FRAMEWORK = {
                "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
            }
        """,
        "proj/urls.py": """\
            from django.contrib import admin
            from django.urls import include, path

            urlpatterns = [
                path("admin/", admin.site.urls),
                path("api-auth/", include("rest_framework.urls")),
                path("v1/auth/", include("dj_rest_auth.urls")),
            ]
        """,
    }
    found = sorted((f for f in scan_tree(tmp_path, files, select=("RS501",)).findings if f.rule_id == "RS501"), key=lambda f: f.line)
    assert [(f.path, f.line) for f in found] == [("proj/urls.py", 5), ("proj/urls.py", 6)]
    for f in found:
        assert "DRF's `DEFAULT_THROTTLE_CLASSES` (proj/settings.py:2) do not run for it" in f.message
        assert [(r.path, r.line) for r in f.related] == [("proj/settings.py", 2)]


def test_py_rs501_drf_empty_throttle_classes_opts_out_of_defaults(tmp_path):
    files = {
        "proj/settings.py": "REST_FRAMEWORK = {'DEFAULT_THROTTLE_CLASSES': ['rest_framework.throttling.AnonRateThrottle']}\n",
        "api/views.py": """\
            from rest_framework.views import APIView

            class LoginView(APIView):
                throttle_classes = []

                def post(self, request):
                    return None

            class SignupView(APIView):
                def post(self, request):
                    return None
        """,
        "api/urls.py": """\
            from django.urls import path
            from api.views import LoginView, SignupView

            urlpatterns = [
                path("login/", LoginView.as_view()),
                path("session/", SignupView.as_view()),
            ]
        """,
    }
    assert run(tmp_path, files, "RS501") == [("api/urls.py", 5)]


def test_py_rs501_flask_methodview_and_drf_action(tmp_path):
    files = {
        "app.py": """\
            from flask import Flask
            from flask.views import MethodView

            app = Flask(__name__)

            class LoginAPI(MethodView):
                def post(self):
                    return "ok"

            app.add_url_rule("/login", view_func=LoginAPI.as_view("login"))
        """,
        "api/views.py": """\
            from rest_framework import viewsets
            from rest_framework.decorators import action

            class AuthViewSet(viewsets.ViewSet):
                @action(detail=False, methods=["post"])
                def login(self, request):
                    return None

                @action(detail=False, methods=["get"])
                def session(self, request):
                    return None
        """,
    }
    assert run(tmp_path, files, "RS501") == [("api/views.py", 5), ("app.py", 10)]


def test_py_rs402_channels_consumers(tmp_path):
    files = {
        "chat/consumers.py": """\
            from channels.generic.websocket import AsyncWebsocketConsumer

            class ChatConsumer(AsyncWebsocketConsumer):
                async def connect(self):
                    await self.accept()

            class CappedConsumer(AsyncWebsocketConsumer):
                async def connect(self):
                    if len(ONLINE) >= MAX_CONNECTIONS:
                        await self.close(code=1013)
                        return
                    await self.accept()
        """
    }
    assert run(tmp_path, files, "RS402") == [("chat/consumers.py", 3)]
    assert run(tmp_path, files, "RS401") == []


def test_py_rs402_channels_consumer_imported_only_when_installed_is_named_as_channels(tmp_path):
    """micboard's consumers.py imports AsyncWebsocketConsumer from Channels
    when it is installed and defines a stub of that name otherwise: the
    consumer is a Channels one, not a Starlette endpoint."""
    files = {
        "live/consumers.py": """\
            from live.deps import CHANNELS_PRESENT

            if CHANNELS_PRESENT:
                from channels.generic.websocket import AsyncWebsocketConsumer
            else:
                class AsyncWebsocketConsumer:
                    pass

            class StatusFeed(AsyncWebsocketConsumer):
                async def connect(self):
                    await self.accept()
        """
    }
    f = finding(tmp_path, files, "RS402")
    assert (f.path, f.line) == ("live/consumers.py", 9)
    assert "(Django Channels)" in f.message and "Starlette" not in f.message
    files = {
        "feed/endpoints.py": """\
            from starlette.endpoints import WebSocketEndpoint

            class Feed(WebSocketEndpoint):
                async def on_connect(self, websocket):
                    await websocket.accept()
        """
    }
    f = finding(tmp_path / "b", files, "RS402")
    assert "(Starlette)" in f.message and "Channels" not in f.message


def test_py_rs402_autobahn_message_notes_an_unlimited_message_size(tmp_path):
    """zaqar's MessagingProtocol runs on a factory that never calls
    setProtocolOptions: Autobahn's maxMessagePayloadSize stays 0, no limit,
    and RS402's message says so; a factory that sets it (or hands options on
    that riskscan cannot read) gets no such note."""
    protocol = """\
        from autobahn.asyncio.websocket import WebSocketServerFactory, WebSocketServerProtocol

        class Relay(WebSocketServerProtocol):
            def onMessage(self, payload, is_binary):
                self.sendMessage(payload, is_binary)

        def make_factory(url, opts):
            factory = WebSocketServerFactory(url)
            factory.protocol = Relay
            %s
            return factory
    """
    unset = finding(tmp_path / "a", {"relay/ws.py": protocol % "factory.setProtocolOptions(autoPingInterval=20)"}, "RS402")
    assert "maxMessagePayloadSize is not set either" in unset.message and "100 MiB" not in unset.message
    zero = finding(tmp_path / "b", {"relay/ws.py": protocol % "factory.setProtocolOptions(maxMessagePayloadSize=0)"}, "RS402")
    assert "maxMessagePayloadSize is not set either" in zero.message
    for i, call in enumerate(("factory.setProtocolOptions(maxMessagePayloadSize=2 ** 20)", "factory.setProtocolOptions(**opts)")):
        capped = finding(tmp_path / f"c{i}", {"relay/ws.py": protocol % call}, "RS402")
        assert "maxMessagePayloadSize" not in capped.message


def test_ws_wrappers_express_ws_and_fastify_websocket(tmp_path):
    files = {
        "a/server.js": """\
            const app = require('express')();
            const { getWss } = require('express-ws')(app);
            app.ws('/live', (ws) => {
              if (getWss().clients.size >= 500) return ws.close(1013, 'busy');
            });
        """,
        "a/package.json": '{"name": "a"}',
        "b/server.js": """\
            import Fastify from 'fastify';
            import websocket from '@fastify/websocket';
            const app = Fastify();
            await app.register(websocket, { options: { maxPayload: 65536 } });
            app.get('/live', { websocket: true }, (socket) => socket.send('hi'));
        """,
        "b/package.json": '{"name": "b"}',
    }
    assert run(tmp_path, files, "RS401") == [("a/server.js", 2), ("b/server.js", 4)]
    assert run(tmp_path, files, "RS402") == [("b/server.js", 4)]


def test_rs501_request_mocks_are_not_routes(tmp_path):
    files = {
        "src/handlers.js": """\
            import { rest } from 'msw';
            export const handlers = [rest.post('/api/login', (req, res, ctx) => res(ctx.json({ token: 'x' })))];
        """,
        "mock/server.js": "const app = require('express')();\napp.post('/login', (req, res) => res.json({}));\n",
    }
    assert run(tmp_path, files, "RS501") == []


def test_py_rs501_route_dependency_protects_only_its_route(tmp_path):
    files = {
        "main.py": """\
            from fastapi import Depends, FastAPI
            from fastapi_limiter.depends import RateLimiter

            app = FastAPI()

            @app.post("/auth/token", dependencies=[Depends(RateLimiter(times=5, seconds=60))])
            async def token():
                return {}

            @app.post("/auth/login")
            async def login():
                return {}
        """
    }
    assert run(tmp_path, files, "RS501") == [("main.py", 10)]


def test_rs501_hapi_plugin_limiter(tmp_path):
    files = {
        "a/server.js": """\
            const Hapi = require('@hapi/hapi');
            const server = Hapi.server({ port: 3000 });
            await server.register({ plugin: require('hapi-rate-limit'), options: { userLimit: 100 } });
            server.route({ method: 'POST', path: '/login', handler: login });
        """,
        "a/package.json": '{"name": "a"}',
        "b/server.js": """\
            const Hapi = require('@hapi/hapi');
            const server = Hapi.server({ port: 3000 });
            server.route({ method: 'POST', path: '/login', handler: login });
        """,
        "b/package.json": '{"name": "b"}',
    }
    assert run(tmp_path, files, "RS501") == [("b/server.js", 3)]


def test_rs502_job_retry_and_lock_names_are_not_lockout(tmp_path):
    files = {
        "src/app.js": """\
            const bcrypt = require('bcrypt');
            const MAX_ATTEMPTS = 3;
            const LOCK_TTL_MS = 30000;
            queue.add('email', data, { attempts: MAX_ATTEMPTS });
            const blockAttribute = job.lockedAt;
            async function login(pw, user) { return bcrypt.compare(pw, user.hash); }
        """
    }
    assert run(tmp_path, files, "RS502") == [("src/app.js", 6)]


def test_rs501_reset_route_carrying_the_token_speaks_of_guessing_tokens_not_mails(tmp_path):
    # alerta's POST /auth/reset/<hash>: it sets a new password from a token and sends no mail
    files = {
        "requirements.txt": "flask\n",
        "app.py": """\
            from flask import Flask, request

            app = Flask(__name__)


            @app.route('/auth/forgot', methods=['POST'])
            def forgot():
                return send_reset_mail(request.json['email'])


            @app.route('/auth/reset/<hash>', methods=['POST'])
            def reset(hash):
                return set_password_from_token(hash, request.json['password'])
        """,
    }
    got = {f.line: f.message for f in scan_tree(tmp_path, files, select=("RS501",)).findings if f.rule_id == "RS501"}
    assert sorted(got) == [6, 11]
    assert "flood users with reset mails" in got[6]
    assert "try reset tokens or codes" in got[11] and "reset mails" not in got[11]


def test_rs501_django_include_prefixes_are_chained_through_nested_urlconfs(tmp_path):
    # argus: site/urls.py includes api_v2_urls at api/v2/, which includes the knox URLs at auth/token/
    files = {
        "requirements.txt": "django\n",
        "argus/__init__.py": "",
        "argus/site/__init__.py": "",
        "argus/site/urls.py": """\
            from django.urls import include, path

            urlpatterns = [path("api/v2/", include(("argus.site.api_v2_urls", "api"), namespace="v2"))]
        """,
        "argus/site/api_v2_urls.py": """\
            from django.urls import include, path

            urlpatterns = [path("auth/token/", include("argus.auth.knox.urls"))]
        """,
        "argus/auth/__init__.py": "",
        "argus/auth/knox/__init__.py": "",
        "argus/auth/knox/urls.py": """\
            from django.urls import path
            from . import views

            urlpatterns = [path("login/", views.LoginView.as_view(), name="knox_login")]
        """,
        "argus/auth/knox/views.py": """\
            from django.contrib.auth import authenticate
            from django.http import JsonResponse
            from django.views import View

            class LoginView(View):
                def post(self, request):
                    user = authenticate(request, username=request.POST["u"], password=request.POST["p"])
                    return JsonResponse({"ok": user is not None})
        """,
    }
    got = finding(tmp_path, files, "RS501")
    assert got.path == "argus/auth/knox/urls.py"
    assert got.message.startswith("route /api/v2/auth/token/login/ ")


def test_rs501_mounted_django_path_keeps_its_final_slash(tmp_path):
    # doccano 1.8.4: config/urls.py mounts users.urls at v1/, which includes
    # dj_rest_auth.urls at auth/: Django serves /v1/auth/login/, and a POST to
    # /v1/auth/login (no slash) does not reach the LoginView
    from riskscan.fingerprint import fingerprint

    files = {
        "requirements.txt": "django\ndj-rest-auth\n",
        "config/__init__.py": "",
        "config/urls.py": """\
            from django.urls import include, path

            urlpatterns = [path("v1/", include("users.urls"))]
        """,
        "users/__init__.py": "",
        "users/urls.py": """\
            from django.urls import include, path

            urlpatterns = [path("auth/", include("dj_rest_auth.urls"))]
        """,
    }
    found = [f for f in scan_tree(tmp_path, files, select=("RS501",)).findings if f.rule_id == "RS501"]
    shown = sorted(f.message.split(" is a credential")[0] for f in found)
    assert shown == ["route /v1/auth/login/", "route /v1/auth/password/reset/"]
    # the fingerprint a baseline holds is the one earlier versions gave (anchor without the final slash)
    login = next(f for f in found if "/login/" in f.message)
    line = 'urlpatterns = [path("auth/", include("dj_rest_auth.urls"))]'
    assert login.fingerprint == fingerprint("RS501", "users/urls.py", "route:urls:/v1/auth/login", line, 0)
    # a route written without the slash, or at the mount's own path, ends as written
    flask = {
        "app/__init__.py": """\
            from flask import Flask
            from .auth import bp

            app = Flask(__name__)
            app.register_blueprint(bp, url_prefix="/auth/")
        """,
        "app/auth.py": """\
            from flask import Blueprint, request

            bp = Blueprint("auth", __name__)

            @bp.route("/login", methods=["POST"])
            def login():
                return request.form["password"]

            @bp.route("/", methods=["POST"])
            def token():
                return request.form["password"]
        """,
    }
    got = [f.message.split(" is a credential")[0] for f in scan_tree(tmp_path / "flask", flask, select=("RS501",)).findings]
    assert got == ["POST /auth/login"]


def test_rs501_reset_beside_forgot_is_the_redeem_step(tmp_path):
    # /forgot-password mails the link; /reset-password redeems its token and sets the password
    files = {
        "src/index.js": """\
            const router = require('express').Router();
            router.post('/forgot-password', forgot);
            router.post('/reset-password', reset);
            const app = require('express')();
            app.use('/api/v1/account', router);
            app.listen(3000);
        """,
    }
    result = scan_tree(tmp_path, files, select=["RS501"])
    by_path = {f.message.split(" is ")[0]: f.message for f in result.findings}
    assert "reset mails" in by_path["POST /api/v1/account/forgot-password"]
    assert "try reset tokens" in by_path["POST /api/v1/account/reset-password"]


def test_rs501_reset_in_a_module_beside_the_forgot_module_is_the_redeem_step(tmp_path):
    # acebase-server: one route per module, the database's name interpolated when the route is registered
    files = {
        "src/routes/lost-password.ts": """\
            export const addRoute = (env) => {
                env.app.post(`/auth/${env.store.name}/forgot_password`, async (req, res) => { await env.mailCode(req.body.email); res.send('OK'); });
            };
        """,
        "src/routes/new-password.ts": """\
            export const addRoute = (env) => {
                env.app.post(`/auth/${env.store.name}/reset_password`, async (req, res) => { await env.redeem(req.body.code, req.body.password); res.send('OK'); });
            };
        """,
        "src/server.ts": """\
            import express from 'express';
            import { createServer } from 'http';
            const app = express();
            createServer(app).listen(8080);
        """,
    }
    result = scan_tree(tmp_path, files, select=["RS501"])
    by_path = {f.message.split(" is ")[0]: f.message for f in result.findings}
    assert "reset mails" in by_path["POST /auth/${env.store.name}/forgot_password"]
    assert "try reset tokens" in by_path["POST /auth/${env.store.name}/reset_password"]


def test_rs501_message_when_the_service_tracks_failed_attempts_per_account(tmp_path):
    # node-red: the password grant counts attempts per username before bcrypt; no limiter on the route
    files = {
        "package.json": '{"name": "nr-auth", "main": "lib/index.js", "dependencies": {"express": "^4.21.0", "oauth2orize": "^1.12.0", "bcryptjs": "^3.0.0"}}',
        "lib/strategies.js": """\
            const bcrypt = require('bcryptjs');
            let loginAttempts = [];
            exports.passwordTokenExchange = function (client, username, password, scope, done) {
                loginAttempts.push({ time: Date.now(), user: username });
                const attemptCount = loginAttempts.filter((e) => e.user == username).length;
                if (attemptCount > 5) return done(new Error('Too many login attempts'), false);
                bcrypt.compare(password, users[username].password).then((ok) => done(null, ok ? 'token' : false));
            };
        """,
        "lib/index.js": """\
            const express = require('express');
            const oauth2orize = require('oauth2orize');
            const strategies = require('./strategies');
            const server = oauth2orize.createServer();
            server.exchange(oauth2orize.exchange.password(strategies.passwordTokenExchange));
            const app = express();
            app.post('/auth/token', server.token(), server.errorHandler());
            app.listen(1880);
        """,
    }
    f = finding(tmp_path, files, "RS501")
    assert "tracks failed attempts per account" in f.message and "password spraying" in f.message
    assert "as fast as the server answers" not in f.message


_INTEGREAT_LOGIN = {
    "requirements.txt": "django\n",
    "app/__init__.py": "",
    "app/urls.py": """\
        from django.contrib.auth import views as auth_views
        from django.urls import path

        urlpatterns = [path("login/", auth_views.LoginView.as_view(), name="login")]
    """,
    "app/backends.py": """\
        from django.contrib.auth import get_user_model
        from django.contrib.auth.backends import BaseBackend

        UserModel = get_user_model()


        class EmailAuthenticationBackend(BaseBackend):
            def authenticate(self, request, **kwargs):
                user = UserModel.objects.filter(email=kwargs.get("username")).first()
                if user is not None and user.check_password(kwargs.get("password")):
                    return user
                return None
    """,
}

_LOG_ONLY_RECEIVER = """\
    import logging

    from django.contrib.auth.signals import user_login_failed
    from django.dispatch import receiver

    authlog = logging.getLogger("auth")


    @receiver(user_login_failed)
    def user_login_failed_callback(sender, credentials, request, **kwargs):
        ip = request.META.get("REMOTE_ADDR")
        authlog.warning("login failed user=%s, ip=%s", credentials["username"], ip)
"""


def test_a_failed_login_receiver_that_only_logs_tracks_no_account(tmp_path):
    # integreat-cms 2026.7.1: `@receiver(user_login_failed) def user_login_failed_callback(...)` writes
    # a log line (integreat_cms/core/signals/auth_signals.py:64-81) and counts nothing: RS501 must
    # not say the service tracks failed attempts per account, and RS502 reports the backend's check
    files = {**_INTEGREAT_LOGIN, "app/signals.py": _LOG_ONLY_RECEIVER}
    f = finding(tmp_path / "a", files, "RS501")
    assert "tracks failed attempts per account" not in f.message and "as fast as the server answers" in f.message
    assert run(tmp_path / "b", files, "RS502") == [("app/backends.py", 10)]


def test_a_failed_login_receiver_that_counts_is_still_tracking(tmp_path):
    # the look-alike: the same receiver also bumps a per-account counter in the cache
    counting = _LOG_ONLY_RECEIVER.replace(
        '    ip = request.META.get("REMOTE_ADDR")\n',
        '    ip = request.META.get("REMOTE_ADDR")\n        key = "fails:" + credentials["username"]\n        cache.set(key, cache.get(key, 0) + 1, 900)\n',
    ).replace("import logging\n", "import logging\n\n    from django.core.cache import cache\n")
    assert "cache.set(" in counting
    files = {**_INTEGREAT_LOGIN, "app/signals.py": counting}
    f = finding(tmp_path / "a", files, "RS501")
    assert "tracks failed attempts per account" in f.message
    assert run(tmp_path / "b", files, "RS502") == []


def test_rs501_a_login_view_at_a_second_factor_path_takes_a_password(tmp_path):
    # integreat-cms 2026.7.1: `path("mfa/", WebAuthnLoginView.as_view())` under login/ (cms/urls/public.py:87);
    # `WebAuthnLoginView(auth_views.LoginView)` only overrides get() to render the WebAuthn page, so a POST
    # there is Django's username-and-password form: the password message, not the 6-digit-code one
    files = {
        "requirements.txt": "django\n",
        "app/__init__.py": "",
        "app/urls.py": """\
            from django.urls import path

            from app.views import OTPLoginView, WebAuthnLoginView

            urlpatterns = [
                path("login/mfa/", WebAuthnLoginView.as_view()),
                path("login/otp/", OTPLoginView.as_view()),
            ]
        """,
        "app/views.py": """\
            from django.contrib.auth import views as auth_views
            from django.shortcuts import render

            from app.forms import OTPForm


            class WebAuthnLoginView(auth_views.LoginView):
                template_name = "login_webauthn.html"

                def get(self, request, *args, **kwargs):
                    return render(request, self.template_name, {})


            class OTPLoginView(auth_views.LoginView):
                form_class = OTPForm
        """,
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    by_path = {f.message.split(" is ")[0]: f.message for f in result.findings}
    assert "as fast as the server answers" in by_path["route /login/mfa/"]
    assert "6-digit code" in by_path["route /login/otp/"]  # its own form: a code step


def test_rs501_a_failed_login_rate_limit_setting_is_no_per_account_tracking(tmp_path):
    # indico 3.2.9: `make_rate_limiter('login', config.FAILED_LOGIN_RATE_LIMIT)` (indico/core/auth.py:20)
    # limits failed sign-ins per client address (flask-limiter keyed by request.remote_addr); the
    # OAuth token endpoint beside it has no limiter, and no account's failures are counted anywhere
    files = {
        "requirements.txt": "flask\nflask-limiter\nauthlib\n",
        "app/__init__.py": "",
        "app/auth.py": """\
            from flask import request
            from flask_limiter import Limiter

            from app.config import config

            limiter = Limiter(key_func=lambda: request.remote_addr, auto_check=False)
            login_limits = config.FAILED_LOGIN_RATE_LIMIT
        """,
        "app/server.py": """\
            from authlib.integrations.flask_oauth2 import AuthorizationServer
            from flask import Flask

            app = Flask(__name__)
            auth_server = AuthorizationServer(app)


            @app.route("/oauth/token", methods=["POST"])
            def issue_token():
                return auth_server.create_token_response()
        """,
    }
    f = finding(tmp_path, files, "RS501")
    assert "per account" not in f.message and "try credentials or client secrets" in f.message


def test_rs401_a_device_ping_is_not_named_as_a_half_heartbeat(tmp_path):
    # zigbee2mqtt: `device.zh.ping()` checks a radio device; the message must not send users there
    files = {
        "package.json": '{"name": "bridge", "main": "src/index.js", "dependencies": {"ws": "^8.18.0"}}',
        "src/availability.js": """\
            async function pingDevice(device) { await device.zh.ping(true); }
            module.exports = { pingDevice };
        """,
        "src/index.js": """\
            const { WebSocketServer } = require('ws');
            const wss = new WebSocketServer({ port: 8080 });
            wss.on('connection', (ws) => ws.on('message', (d) => ws.send(d)));
        """,
    }
    f = finding(tmp_path, files, "RS401")
    assert "it pings in" not in f.message and "availability.js" not in f.message


def test_rs501_reset_beside_a_password_reminder_is_the_redeem_step(tmp_path):
    # ihatemoney: /password-reminder mails the link, /reset-password?token=... sets the password
    files = {
        "app.py": """\
            from flask import Flask
            app = Flask(__name__)

            @app.route("/password-reminder", methods=["POST"])
            def remind():
                return "sent"

            @app.route("/reset-password", methods=["POST"])
            def reset():
                return "done"
        """,
    }
    result = scan_tree(tmp_path, files, select=["RS501"])
    by_path = {f.message.split(" is ")[0]: f.message for f in result.findings}
    assert "reset mails" in by_path["POST /password-reminder"]
    assert "try reset tokens" in by_path["POST /reset-password"]


def test_rs501_reset_beside_a_reset_request_is_the_redeem_step(tmp_path):
    # r2r 3.6.6 core/main/api/v3/users_router.py: POST /users/request-password-reset mails
    # a token, POST /users/reset-password takes it with the new password and mails nothing
    files = {
        "core/users_router.py": """\
            from fastapi import APIRouter, Body

            class UsersRouter:
                def __init__(self, services):
                    self.services = services
                    self.router = APIRouter()
                    self._setup_routes()

                def _setup_routes(self):
                    @self.router.post("/users/request-password-reset")
                    async def request_password_reset(email: str = Body(...)):
                        return await self.services.auth.request_password_reset(email)

                    @self.router.post("/users/reset-password")
                    async def reset_password(reset_token: str = Body(...), new_password: str = Body(...)):
                        return await self.services.auth.confirm_password_reset(reset_token, new_password)
        """,
        # a look-alike: "request" in a sibling that is no reset step (an access request)
        "other/app.py": """\
            from fastapi import FastAPI, Body
            app = FastAPI()

            @app.post("/request-access")
            async def request_access(email: str = Body(...)):
                return {"ok": True}

            @app.post("/reset-password")
            async def reset_password(email: str = Body(...)):
                return {"sent": True}
        """,
    }
    result = scan_tree(tmp_path, files, select=["RS501"])
    by_path = {(f.path, f.message.split(" is ")[0]): f.message for f in result.findings}
    assert "reset mails" in by_path[("core/users_router.py", "POST /users/request-password-reset")]
    redeem = by_path[("core/users_router.py", "POST /users/reset-password")]
    assert "try reset tokens" in redeem and "reset mails" not in redeem
    assert "reset mails" in by_path[("other/app.py", "POST /reset-password")]


@pytest.mark.parametrize("path, mails", [
    ("/users/request-password-reset", True),
    ("/password-reset-request", True),
    ("/password/reset-request", True),
    ("/password-reset/request", True),
    ("/auth/requestresetpsw", True),
    ("/forgot-password", True),
    ("/reset-password", False),
    ("/request-access", False),
    ("/password/request", False),
])
def test_rs501_reset_request_step_names(path, mails):
    from riskscan.checks._credroutes import _forgot
    assert _forgot(path) is mails


def test_rs502_a_hasher_family_is_one_finding_that_lists_the_other_schemes(tmp_path):
    # modoboa 2.9.0 core/password_hashers/advanced.py: one subclass of PasswordHasher per
    # passlib scheme, each with its own verify(); one missing lockout, one finding
    base = (
        "class PasswordHasher:\n"
        "    def verify(self, clearvalue, hashed_value):\n"
        "        return self.encrypt(clearvalue) == hashed_value\n"
    )
    advanced = (
        "from passlib.hash import bcrypt, md5_crypt\n"
        "from .base import PasswordHasher\n"
        "\n"
        "class BLFCRYPTHasher(PasswordHasher):\n"
        "    def verify(self, clearvalue, hashed_value):\n"
        "        return bcrypt.verify(clearvalue, hashed_value)\n"
        "\n"
        "class MD5CRYPTHasher(PasswordHasher):\n"
        "    def verify(self, clearvalue, hashed_value):\n"
        "        return md5_crypt.verify(clearvalue, hashed_value)\n"
    )
    files = {"requirements.txt": "passlib\n", "hashers/base.py": base, "hashers/advanced.py": advanced}
    found = [f for f in scan_tree(tmp_path, files, select=("RS502",)).findings if f.rule_id == "RS502"]
    assert [(f.path, f.line) for f in found] == [("hashers/advanced.py", 6)]
    assert [(r.path, r.line, r.message) for r in found[0].related] == [
        ("hashers/advanced.py", 10, "another password check, in `MD5CRYPTHasher.verify`, another implementation of `PasswordHasher.verify`"),
    ]


def test_rs502_scheme_helpers_of_one_sign_in_are_one_finding_that_names_the_caller(tmp_path):
    # motioneye 0.44.0 handlers/login.py: LoginHandler.post verifies an argon2 hash or a
    # legacy SHA-1 digest, each through a module helper of its own: one sign-in, one finding
    login = (
        "from hashlib import sha1\n"
        "from hmac import compare_digest\n"
        "from argon2 import PasswordHasher\n"
        "from tornado.web import RequestHandler\n"
        "ph = PasswordHasher()\n"
        "\n"
        "def verify_argon2_password(stored_hash, plaintext_password):\n"
        "    return ph.verify(stored_hash, plaintext_password)\n"
        "\n"
        "def verify_legacy_sha1_password(stored_hash, plaintext_password):\n"
        "    return compare_digest(sha1(plaintext_password.encode()).hexdigest(), stored_hash)\n"
        "\n"
        "class LoginHandler(RequestHandler):\n"
        "    def post(self):\n"
        "        stored, scheme = lookup(self.get_argument('username'))\n"
        "        if scheme == 'argon2':\n"
        "            return verify_argon2_password(stored, self.get_argument('password'))\n"
        "        return verify_legacy_sha1_password(stored, self.get_argument('password'))\n"
    )
    files = {"requirements.txt": "tornado\nargon2-cffi\n", "camera/login.py": login}
    found = [f for f in scan_tree(tmp_path, files, select=("RS502",)).findings if f.rule_id == "RS502"]
    assert [(f.path, f.line) for f in found] == [("camera/login.py", 8)]
    assert [(r.path, r.line, r.message) for r in found[0].related] == [
        ("camera/login.py", 11, "another password check, in `verify_legacy_sha1_password`, which `LoginHandler.post` also calls"),
    ]


def test_py_rs502_hand_rolled_digest_says_salted_only_when_it_is(tmp_path):
    """Kallithea's legacy check digests the password alone; the message says
    "with the stored salt" only when something besides the password is hashed."""
    files = {
        "app.py": (
            "import hashlib\n"
            "from flask import Flask, request\n"
            "app = Flask(__name__)\n"
            "@app.post('/login')\n"
            "def login():\n"
            "    user, password = find_user(request.form['username']), request.form['password']\n"
            "    if hashlib.sha256(password.encode()).hexdigest() != user.password_hash:\n"
            "        return 'denied', 401\n"
            "    return 'ok'\n"
            "@app.post('/signin')\n"
            "def signin():\n"
            "    user = find_user(request.form['username'])\n"
            "    if hashlib.sha1(user.salt + request.form['password'].encode()).hexdigest() != user.password_hash:\n"
            "        return 'denied', 401\n"
            "    return 'ok'\n"
        ),
    }
    result = scan_tree(tmp_path, files, select=("RS502",))
    msgs = {f.line: f.message for f in result.findings if f.rule_id == "RS502"}
    assert sorted(msgs) == [7, 13]
    assert "(the submitted password digested and compared with the stored digest)" in msgs[7]
    assert "(the submitted password digested with the stored salt and compared with the stored digest)" in msgs[13]


def test_py_rs402_names_the_path_the_router_is_mounted_at(tmp_path):
    # autogenstudio: `@router.websocket("/runs/{run_id}")` in routes/ws.py,
    # served at /api/ws/runs/{run_id} through `app.include_router(ws.router, prefix="/api/ws")`
    files = {
        "studio/routes/ws.py": (
            "from fastapi import APIRouter, WebSocket\n"
            "router = APIRouter()\n"
            "@router.websocket('/runs/{run_id}')\n"
            "async def run_websocket(websocket: WebSocket, run_id: int):\n"
            "    await websocket.accept()\n"
            "    while True:\n"
            "        await websocket.send_text(await websocket.receive_text())\n"
        ),
        "studio/app.py": (
            "import uvicorn\n"
            "from fastapi import FastAPI\n"
            "from .routes import ws\n"
            "app = FastAPI()\n"
            "app.include_router(ws.router, prefix='/api/ws')\n"
            "uvicorn.run(app)\n"
        ),
    }
    found = finding(tmp_path, files, "RS402")
    assert found.path == "studio/routes/ws.py"
    assert "`run_websocket` /api/ws/runs/{run_id}" in found.message


def test_rs502_names_a_compiled_import_by_its_module(tmp_path):
    """thelounge ships tsc output: `bcryptjs_1.default.compare(...)` is named
    `bcryptjs.compare` in the message (Babel's `_bcryptjs.default` too); the
    fingerprint is the one the compiled name always had."""
    interop = (
        'var __importDefault = function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };\n'
        'const bcryptjs_1 = __importDefault(require("bcryptjs"));\n'
        'const express_1 = __importDefault(require("express"));\n'
        "const app = (0, express_1.default)();\n"
        'app.post("/login", async (req, res) => {\n'
        "    const user = await findUser(req.body.username);\n"
        "    res.json({ ok: await bcryptjs_1.default.compare(req.body.password, user.password) });\n"
        "});\n"
        "app.listen(3000);\n"
    )
    manifest = '{"name": "x", "dependencies": {"express": "4", "bcryptjs": "2"}}'
    found = finding(tmp_path, {"package.json": manifest, "lib/app.js": interop}, "RS502")
    assert found.message.startswith("`bcryptjs.compare` in the POST /login handler checks a password")
    babel = interop.replace("bcryptjs_1", "_bcryptjs")
    again = finding(tmp_path / "babel", {"package.json": manifest, "lib/app.js": babel}, "RS502")
    assert again.message.startswith("`bcryptjs.compare` in the POST /login handler")


def test_rs402_ws4py_cherrypy_tool_is_named_as_the_tool(tmp_path):
    """A server found through ws4py's CherryPy tool is named as that tool in
    the message, not as a WSGI application (zuul-web's console stream)."""
    result = scan_tree(
        tmp_path,
        {
            "portal/tools.py": """
import cherrypy
from ws4py.server.cherrypyserver import WebSocketTool

cherrypy.tools.websocket = WebSocketTool()
""",
            "portal/server.py": """
import cherrypy
from ws4py.websocket import WebSocket


class TailSocket(WebSocket):
    def received_message(self, message):
        self.send(message.data)


class Api:
    @cherrypy.expose
    @cherrypy.tools.websocket(handler_cls=TailSocket)
    def tail(self):
        pass


cherrypy.quickstart(Api(), "/api")
""",
        },
        select=("RS402",),
    )
    (f,) = [f for f in result.findings if f.rule_id == "RS402"]
    assert f.message.startswith("ws4py CherryPy WebSocket tool (handler `TailSocket`) accepts any number of concurrent connections")


def test_rs401_ws_message_speaks_of_broadcasts_only_when_the_service_broadcasts(tmp_path):
    """A ws server nobody broadcasts through (code-server's /healthz socket) is
    not said to send every broadcast to dead clients; one whose service walks
    ``wss.clients`` is."""
    server = """
const { WebSocketServer } = require('ws');
const wss = new WebSocketServer({ port: 8080, maxPayload: 65536 });
wss.on('connection', (ws) => ws.on('message', (m) => ws.send(m)));
"""
    quiet = scan_tree(tmp_path / "quiet", {"server.js": server}, select=("RS401",))
    (f,) = quiet.findings
    assert f.message.endswith("they stay in the server's client set, and keep their memory and file descriptor")
    loud = scan_tree(tmp_path / "loud", {"server.js": server + "setInterval(() => wss.clients.forEach((c) => c.send('tick')), 1000);\n"}, select=("RS401",))
    (g,) = loud.findings
    assert g.message.endswith("keep their memory and file descriptor, and still receive every broadcast")


def test_py_rs501_reset_form_checking_the_current_password_says_passwords_are_guessed(tmp_path):
    """noggin 1.11.0's anonymous ``/password-reset`` (where an expired password
    is changed) hands the current password it is sent to the directory's
    ``change_password``: a password check anyone can call, not a mail sent.
    The mailing step beside it, and a reset link that carries a token, keep
    their own consequences."""
    files = {
        "portal/views.py": """\
from flask import Flask, redirect, request

from portal.forms import ChangeForm, ForgotForm, NewPasswordForm
from portal.directory import directory_client, mail_reset_link, set_password_with_token

app = Flask(__name__)


def _apply_change(form, login):
    client = directory_client()
    return client.change_password(login, form.password.data, form.current_password.data, form.otp.data)


@app.route("/password-reset", methods=["GET", "POST"])
def password_reset():
    form = ChangeForm()
    if form.validate_on_submit():
        _apply_change(form, request.args["username"])
    return redirect("/")


@app.route("/forgot-password", methods=["POST"])
def forgot_password():
    form = ForgotForm()
    mail_reset_link(form.email.data)
    return redirect("/")


@app.route("/reset-password/<token>", methods=["POST"])
def reset_with_token(token):
    form = NewPasswordForm()
    set_password_with_token(token, form.password.data)
    return redirect("/")
""",
    }
    result = scan_tree(tmp_path, files, select=("RS501",))
    by_path = {f.message.split(" ", 2)[1]: f for f in result.findings if f.rule_id == "RS501"}
    assert set(by_path) == {"/password-reset", "/forgot-password", "/reset-password/<token>"}
    change = by_path["/password-reset"]
    assert "hands the account's current password, taken from an anonymous request, to `client.change_password`" in change.message
    assert "try passwords for any account" in change.message and "reset mails" not in change.message
    assert [(r.path, r.line) for r in change.related] == [("portal/views.py", 11)]
    assert "reset mails" in by_path["/forgot-password"].message
    assert "try reset tokens" in by_path["/reset-password/<token>"].message


def test_rs501_reset_ask_step_mails_and_its_sibling_redeems():
    """``/forgot-password/ask`` (noggin) is the step that mails the link, so a
    ``/reset-password`` beside it is the step that redeems the mailed token."""
    from riskscan.checks._credroutes import consequence

    assert "reset mails" in consequence("reset", "/forgot-password/ask", ["/reset-password"])
    assert "try reset tokens" in consequence("reset", "/reset-password", ["/forgot-password/ask"])
    assert "reset mails" in consequence("reset", "/reset-password", ["/questions/ask"])


def test_py_rs501_home_page_sign_in_form_names_the_form(tmp_path):
    """noggin 1.11.0 signs users in on its home page: ``POST /``, whose view
    validates ``LoginUserForm``. The finding names the form, since the path
    says nothing of a sign-in."""
    files = {
        "desk/views.py": """\
from flask import Blueprint, redirect

from desk.forms import UserLoginForm
from desk.auth import start_session

pages = Blueprint("pages", __name__)


@pages.route("/", methods=["GET", "POST"])
def front():
    entry = UserLoginForm(prefix="login")
    if entry.validate_on_submit():
        start_session(entry.username.data, entry.password.data)
    return redirect("/")
""",
    }
    f = finding(tmp_path, files, "RS501")
    assert (f.path, f.line) == ("desk/views.py", 9)
    assert f.message.startswith("POST / (its view validates the sign-in form `UserLoginForm`) is a credential endpoint")
    assert "try passwords as fast as the server answers" in f.message


def test_rs402_socketio_message_notes_a_raised_message_size(tmp_path):
    """p3x-redis-ui-server 2026.10.100 builds its socket.io server with
    { maxHttpBufferSize: 268435456 } (dist/service/socket.io/index.mjs:1): one
    message may be 256 MiB, taken whole into memory, and RS402's message says
    so, as it does for a ws server's unset maxPayload; a size riskscan cannot
    read, socket.io's own default or a smaller one get no such note."""
    server = """\
        const { Server } = require('socket.io');
        const SIZE = 5e7;
        const io = new Server(httpServer, { path: '/socket.io', maxHttpBufferSize: %s });
        io.on('connection', (socket) => socket.on('msg', (m) => socket.emit('ack', m.length)));
    """
    for i, (size, shown) in enumerate((("268435456", "256 MiB"), ("10e7", "100 MB"), ("100 * 1024 * 1024", "100 MiB"), ("SIZE", "50 MB"))):
        f = finding(tmp_path / f"a{i}", {"srv/io.js": server % size, "srv/package.json": '{"name": "srv"}'}, "RS402")
        assert f"maxHttpBufferSize raises the size of one message to {shown} (socket.io's default is 1 MB)" in f.message, f.message
    for i, size in enumerate(("1e6", "65536", "Number(process.env.MAX_BUFFER)", "opts.size")):
        f = finding(tmp_path / f"b{i}", {"srv/io.js": server % size, "srv/package.json": '{"name": "srv"}'}, "RS402")
        assert "maxHttpBufferSize" not in f.message, f.message


_SENTRY_LOGIN = {
    "__init__.py": "",
    "app.py": "from .ratelimits import backend as ratelimiter  # NOQA\n",
    "ratelimits/__init__.py": "from .base import RateLimiter\nbackend = RateLimiter()\n",
    "ratelimits/base.py": "class RateLimiter(object):\n    def is_limited(self, key, limit, window=None):\n        return False\n",
    "web/__init__.py": "",
    "web/frontend/__init__.py": "",
    "web/urls.py": """
        from django.conf.urls import url
        from sentry.web.frontend.auth_login import AuthLoginView
        from sentry.web.frontend.other import OtherLoginView

        urlpatterns = [
            url(r'^auth/login/$', AuthLoginView.as_view(), name='sentry-login'),
            url(r'^other/login/$', OtherLoginView.as_view()),
        ]
    """,
    "web/frontend/auth_login.py": """
        from django.contrib import auth
        from django.views.generic import View


        class AuthLoginView(View):
            def handle_basic(self, request):
                form = AuthenticationForm(request, request.POST or None)
                if request.method == 'POST':
                    from sentry.app import ratelimiter

                    if ratelimiter.is_limited(u'auth:login:username:{}'.format(request.POST['username']), limit=10, window=60):
                        return self.respond('too many')
                    elif form.is_valid():
                        auth.login(request, form.get_user())
                return self.respond('login.html')

            def post(self, request):
                return self.handle_basic(request)
    """,
    "web/frontend/other.py": """
        from django.contrib import auth
        from django.views.generic import View


        class OtherLoginView(View):
            def post(self, request):
                form = AuthenticationForm(request, request.POST or None)
                if form.is_valid():
                    auth.login(request, form.get_user())
                return self.respond('login.html')
    """,
    "requirements.txt": "django\n",
}


def test_rs501_a_scanned_package_resolves_its_own_absolute_imports(tmp_path):
    """From the sentry review: `riskscan check src/sentry` scans the package
    itself, whose modules import each other as `sentry.web...` and
    `sentry.app`; the root's own name now resolves them, so the sign-in
    view's limiter (`from sentry.app import ratelimiter`) and the route's
    view class are found.  The unlimited look-alike is still reported."""
    root = tmp_path / "sentry"
    root.mkdir()
    assert hits(scan_tree(root, _SENTRY_LOGIN, select=("RS501",)), "RS501") == [("web/urls.py", 8)]
    # the same tree under a directory that is not the package: nothing resolves, both routes reported
    other = tmp_path / "srcdir"
    other.mkdir()
    assert sorted(hits(scan_tree(other, _SENTRY_LOGIN, select=("RS501",)), "RS501")) == [("web/urls.py", 7), ("web/urls.py", 8)]


def test_rs501_flask_route_decorator_signing_in_with_basic_credentials(tmp_path):
    """alerta's `@permission(scope)`: a route decorator of the project's own whose
    wrapper reads the Authorization header and checks the Basic credentials'
    password four calls down (`User.check_credentials` -> `user.verify_password`
    -> `utils.check_password_hash` -> `bcrypt.checkpw`): one finding at the
    decorator, naming a decorated route by a method that is not a CORS preflight
    (`methods=["OPTIONS", "GET"]` is the GET route); a decorator that only
    decodes a bearer token signs nothing in."""
    from riskscan.ruledefs import load_rules
    from test_rule_examples import example_files

    (ex,) = [e for e in load_rules(examples=True)["RS501"].examples if e.get("name", "").startswith("a Flask route decorator of the project's own that signs requests in")]
    result = scan_tree(tmp_path, example_files(ex), select=("RS501",))
    found = [(f.path, f.line, f.message) for f in result.findings if f.rule_id == "RS501"]
    assert [(p, n) for p, n, _m in found] == [("alerts/auth/decorators.py", 11)], found
    msg = found[0][2]
    assert msg.startswith("`permission` (a route decorator) signs requests in with HTTP Basic credentials checked against the account's password "
                          "(`bcrypt.checkpw` at alerts/auth/utils.py:5) on the routes it decorates (2 seen, such as GET /alerts at alerts/views.py:8)"), msg


@pytest.mark.parametrize(
    ("name", "counts"),
    [
        # one object: the signed-in user's session (assemblyline-ui's `current_session.get('ip')`), Flask-Login's user
        ("current_session", False), ("current_user", False), ("activeClient", False), ("currentSessionId", False),
        # the set of open ones, or a count of them
        ("active_connections", True), ("open_sockets", True), ("connected_users", True), ("current_user_count", True),
        ("activeConnectionCount", True), ("numClients", True), ("connCount", True),
    ],
)
def test_rs402_counter_names_a_state_word_before_a_singular_noun_is_one_object(name, counts):
    from riskscan.checks.websocket import _COUNTER_NAME

    assert bool(_COUNTER_NAME.search(name)) is counts
