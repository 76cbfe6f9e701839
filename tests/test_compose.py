"""Compose frontend (YAML 1.2, safety bounds, compose detection, lines) and the
merged compose model (overrides, extends, .env interpolation, profiles, ports)."""

from __future__ import annotations

import json
import time
import textwrap

import pytest

from riskscan.checks._compose_interp import UNKNOWN, interpolate
from riskscan.facts import from_json, to_json
from riskscan.frontends import SkipFile
from riskscan.frontends.compose import extract

from helpers import hits, scan_tree

COMPOSE_RULES = ("RS204", "RS801", "RS802", "RS803", "RS804", "RS805", "RS806", "RS807", "RS808")


def model(text: str, path: str = "docker-compose.yml") -> dict | None:
    ff = extract(path, textwrap.dedent(text).encode())
    # facts are cached as JSON: the model must survive the round trip unchanged
    again = from_json("FileFacts", json.loads(json.dumps(to_json(ff))))
    assert again.compose == ff.compose
    return ff.compose


def svc(m: dict, name: str) -> dict:
    return m["services"][name]


# --------------------------------------------------------------------------- YAML 1.2 values
def test_yaml_12_core_schema_values():
    m = model(
        """
        services:
          app:
            image: myorg/app:1.0
            restart: no
            ports:
              - 22:22
              - 8080:80
            environment:
              FEATURE: on
              DEBUG: off
              LEGACY: yes
              ENABLED: true
              RETRIES: 3
              RATIO: 0.5
              EMPTY:
            stop_grace_period: 1:30
        """
    )
    app = svc(m, "app")
    assert app["restart"] == "no"
    assert app["ports"] == ["22:22", "8080:80"]
    env = app["environment"]
    assert env == {"FEATURE": "on", "DEBUG": "off", "LEGACY": "yes", "ENABLED": True, "RETRIES": 3, "RATIO": 0.5, "EMPTY": None}
    assert app["stop_grace_period"] == "1:30"


def test_line_numbers_for_keys_and_items():
    m = model(
        """
        services:
          web:
            image: nginx:1.27
            ports:
              - "80:80"
              - "443:443"
            logging:
              driver: json-file
        """
    )
    lines = m["lines"]
    assert lines["/services/web"] == 3
    assert lines["/services/web/image"] == 4
    assert lines["/services/web/ports/1"] == 7
    assert lines["/services/web/logging/driver"] == 9
    assert svc(m, "web")["__lines__"][""] == 3
    assert svc(m, "web")["__lines__"]["ports"] == 5


def test_anchors_aliases_and_merge_keys():
    m = model(
        """
        x-logging: &logging
          driver: json-file
          options:
            max-size: 10m
        x-base: &base
          restart: unless-stopped
          logging: *logging
        services:
          api:
            <<: *base
            image: myorg/api:1.0
            restart: always
          worker:
            <<: [*base]
            image: myorg/worker:1.0
        """
    )
    api, worker = svc(m, "api"), svc(m, "worker")
    assert api["restart"] == "always"  # explicit key wins over the merge
    assert worker["restart"] == "unless-stopped"
    assert worker["logging"]["options"]["max-size"] == "10m"
    # the merged key keeps the line where it was written (inside x-base)
    assert m["lines"]["/services/worker/logging"] == 8
    assert "x-logging" not in m  # extension fields are resolved, not services


def test_same_file_extends_resolved():
    m = model(
        """
        services:
          base:
            image: node:20-alpine
            environment:
              A: "1"
          api:
            extends: base
            environment:
              B: "2"
          other:
            extends:
              file: common.yml
              service: x
        """
    )
    api = svc(m, "api")
    assert api["image"] == "node:20-alpine"
    assert api["environment"] == {"A": "1", "B": "2"}
    assert "extends" not in api
    assert svc(m, "other")["extends"] == {"file": "common.yml", "service": "x"}


def test_reset_and_override_tags_are_kept_for_the_project_merge():
    m = model(
        """
        services:
          api:
            ports: !reset []
            environment: !override
              A: "1"
        """,
        path="docker-compose.override.yml",
    )
    api = svc(m, "api")
    assert api["ports"] == {"!reset": []}
    assert api["environment"] == {"!override": {"A": "1"}}


# --------------------------------------------------------------------------- safety
def test_duplicate_keys_are_a_parse_problem():
    with pytest.raises(SkipFile, match=r"duplicate key 'image' at line 5"):
        model(
            """
            services:
              api:
                image: a:1
                image: b:2
            """
        )


def test_billion_laughs_is_rejected_fast():
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    text += "services:\n  x:\n    image: redis\n    labels: *i\n"
    t0 = time.process_time()  # (CPU time: a busy machine does not make it longer)
    with pytest.raises(SkipFile, match="alias"):
        extract("docker-compose.yml", text.encode())
    assert time.process_time() - t0 < 2  # expanded, the aliases would be 9**9 values


def test_recursive_alias_is_rejected():
    with pytest.raises(SkipFile):
        extract("docker-compose.yml", b"services: &s\n  x:\n    image: redis\n    labels: *s\n")


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system ['id']", "!!python/name:os.system", "!custom value"],
)
def test_non_standard_tags_are_rejected(tag):
    with pytest.raises(SkipFile, match="unsupported YAML tag"):
        extract("docker-compose.yml", f"services:\n  x:\n    image: redis\n    command: {tag}\n".encode())


def test_deep_nesting_is_rejected():
    flow = "[" * 5000 + "]" * 5000
    with pytest.raises(SkipFile, match="nesting"):
        extract("docker-compose.yml", f"services:\n  x:\n    image: redis\n    labels: {flow}\n".encode())
    block = "services:\n  x:\n    image: redis\n    labels:\n" + "".join(" " * (6 + 2 * i) + f"k{i}:\n" for i in range(250))
    with pytest.raises(SkipFile, match="nesting"):
        extract("docker-compose.yml", block.encode())


def test_syntax_error_in_compose_file_is_skipped_with_a_line():
    with pytest.raises(SkipFile, match=r"YAML syntax error at line \d+"):
        extract("docker-compose.yml", b"services:\n  x:\n    image: [redis\n")


def test_legacy_v1_compose_file_is_skipped_with_its_reason(tmp_path):
    v1 = "ethercalc:\n  image: audreyt/ethercalc\n  ports: ['80:8000']\nredis:\n  image: redis:latest\n"
    with pytest.raises(SkipFile, match="legacy compose v1 format"):
        extract("docker-compose.yml", v1.encode())
    # listed as skipped with that reason, not scanned-with-nothing-to-say
    from helpers import scan_tree as scan

    result = scan(tmp_path, {"docker-compose.yml": v1})
    assert [s.reason for s in result.skipped if s.path == "docker-compose.yml"][0].startswith("legacy compose v1 format")
    # an empty or v2+ file is not v1
    assert extract("docker-compose.yml", b"version: '3'\nx-common: {restart: always}\n").lang == "compose"
    assert extract("docker-compose.yml", b"services:\n  redis:\n    image: redis:7\n").compose is not None


# --------------------------------------------------------------------------- what is compose
@pytest.mark.parametrize(
    ("path", "text"),
    [
        (
            "k8s/deploy.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nservices:\n  api:\n    image: myorg/api:1.0\n",
        ),
        (
            ".github/workflows/ci.yml",
            "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\nservices:\n  db:\n    image: postgres:16\n",
        ),
        (
            ".gitlab-ci.yml",
            "stages: [test]\nservices:\n  - postgres:16\ntest:\n  script: [make test]\n",
        ),
        (
            "chart/values.yaml",
            "services:\n  api:\n    image:\n      repository: myorg/api\n      tag: 1.0.0\n    replicaCount: 2\n",
        ),
        ("config/app.yml", "services:\n  mailer:\n    host: smtp.example.com\n"),
        ("chart/values-min.yaml", "services:\n  api:\n    image: myorg/api\n    port: 8080\n    replicas: 3\n"),
        ("ci/.woodpecker.yml", "steps:\n  test:\n    image: node\nservices:\n  db:\n    image: mysql\n"),
        ("config/services.yaml", "services:\n  _defaults:\n    autowire: true\n"),
        ("config/bad.yml", "services:\n  x: [\n"),
    ],
)
def test_other_yaml_is_not_compose(path, text):
    ff = extract(path, text.encode())
    assert ff.lang == "compose" and ff.compose is None


def test_file_of_partial_definitions_for_extends_is_compose():
    m = model("services:\n  webapp:\n    restart: always\n    environment:\n      A: 1\n", path="common-services.yml")
    assert m is not None and m["services"]["webapp"]["restart"] == "always"


def test_compose_shaped_yaml_with_another_name_is_compose():
    m = model("name: shop\nservices:\n  api:\n    build: .\nx-foo: 1\n", path="deploy/stack.yml")
    assert m is not None and "api" in m["services"] and m["named"] is False


def test_dotenv_facts_redact_secrets():
    ff = extract(".env", b'# comment\nTAG=1.2.3\nexport LOG_SIZE="10m"\nDB_PASSWORD=hunter2\nDATABASE_URL=postgres://u:pw@db/x\nQUOTED=\'a # b\'\nX=1 # note\n')
    env = ff.extra["env"]
    assert ff.lang == "dotenv"
    assert env["TAG"] == "1.2.3" and env["LOG_SIZE"] == "10m" and env["QUOTED"] == "a # b" and env["X"] == "1"
    assert env["DB_PASSWORD"] == "***"
    assert "pw" not in env["DATABASE_URL"]
    assert ff.extra["lines"]["TAG"] == 2


# --------------------------------------------------------------------------- interpolation
def test_interpolation_forms():
    env = {"SET": "v", "EMPTY": ""}
    assert interpolate("${SET}", env) == "v"
    assert interpolate("$SET-x", env) == "v-x"
    assert interpolate("${MISSING:-d}", env) == "d"
    assert interpolate("${EMPTY:-d}", env) == "d"
    assert interpolate("${EMPTY-d}", env) == ""
    assert interpolate("${MISSING-d}", env) == "d"
    assert interpolate("${MISSING}", env) == UNKNOWN
    assert interpolate("${MISSING:?boom}", env) == UNKNOWN
    assert interpolate("${SET:?boom}", env) == "v"
    assert interpolate("${SET:+alt}", env) == "alt"
    assert interpolate("${MISSING:+alt}", env) == ""
    assert interpolate("$$HOME ${A:-${SET}}", env) == "$HOME v"


def test_deeply_nested_interpolation_is_bounded():
    text = "${A:-" * 10000 + "x" + "}" * 10000
    t0 = time.process_time()  # (CPU time: a busy machine does not make it longer)
    out = interpolate(text, {})
    assert time.process_time() - t0 < 2
    assert out == UNKNOWN


# --------------------------------------------------------------------------- merged model, end to end
def scan(tmp_path, files, *rules):
    return scan_tree(tmp_path, files, select=rules or COMPOSE_RULES)


def test_override_fixes_risk_and_reports_where_fix_belongs(tmp_path):
    result = scan(
        tmp_path,
        {
            "docker-compose.yml": """\
                services:
                  redis:
                    image: redis:7.2
                    ports:
                      - "6379:6379"
                """,
            "docker-compose.override.yml": """\
                services:
                  redis:
                    volumes:
                      - redisdata:/data
                    ports: !reset []
                volumes:
                  redisdata:
                """,
        },
        "RS204",
        "RS804",
        "RS806",
    )
    assert hits(result, "RS204") == [] and hits(result, "RS804") == [] and hits(result, "RS806") == []


def test_prod_overlay_is_the_analysed_set_and_named_in_message(tmp_path):
    result = scan(
        tmp_path,
        {
            "docker-compose.yml": "services:\n  db:\n    image: postgres:16.3\n",
            "docker-compose.prod.yml": "services:\n  db:\n    ports:\n      - \"5432:5432\"\n",
            "docker-compose.dev.yml": "services:\n  db:\n    volumes:\n      - pg:/var/lib/postgresql/data\n",
        },
        "RS806",
        "RS804",
    )
    assert hits(result, "RS806") == [("docker-compose.prod.yml", 4)]
    assert hits(result, "RS804") == [("docker-compose.yml", 2)]  # the dev overlay's volume does not count
    msg = next(f.message for f in result.findings if f.rule_id == "RS806")
    assert "`db`" in msg and "docker-compose.yml + docker-compose.prod.yml" in msg


def test_extends_other_file(tmp_path):
    files = {
        "app/docker-compose.yml": """\
            services:
              api:
                extends:
                  file: ../shared/base.yml
                  service: node
                image: myorg/api:1.0.0
            """,
        "shared/base.yml": """\
            services:
              node:
                image: node:20
                restart: unless-stopped
                mem_limit: 512m
                logging:
                  driver: json-file
            """,
    }
    result = scan(tmp_path, files, "RS801", "RS803", "RS805")
    # restart and mem_limit are inherited; the logging block without max-size is reported where it is written
    assert hits(result, "RS803") == [] and hits(result, "RS805") == []
    assert hits(result, "RS801") == [("shared/base.yml", 6)]


def test_env_interpolation_uses_dotenv_beside_file(tmp_path):
    files = {
        "docker-compose.yml": """\
            services:
              cache:
                image: redis:${REDIS_TAG:-7.2}
              api:
                image: myorg/api:${API_TAG}
              web:
                image: nginx:${NGINX_TAG}
            """,
        ".env": "API_TAG=latest\n",
    }
    result = scan(tmp_path, files, "RS807")
    assert hits(result, "RS807") == [("docker-compose.yml", 5)]  # web's tag is unknown: no finding


def test_profiles(tmp_path):
    files = {
        "docker-compose.yml": """\
            services:
              api:
                image: myorg/api:1.0.0
                restart: always
              adminer:
                image: adminer:4
                profiles: [debug]
              metrics:
                image: prom/prometheus:v2.53.0
                profiles: [monitoring]
            """,
    }
    result = scan(tmp_path, files, "RS803")
    assert hits(result, "RS803") == [("docker-compose.yml", 8)]
    result = scan(tmp_path, {".env": "COMPOSE_PROFILES=debug\n"}, "RS803")
    assert hits(result, "RS803") == [("docker-compose.yml", 5)]


def test_long_syntax_ports(tmp_path):
    files = {
        "docker-compose.yml": """\
            services:
              es:
                image: docker.elastic.co/elasticsearch/elasticsearch:8.14.0
                ports:
                  - target: 9200
                    published: 9200
                  - target: 9300
                    host_ip: 127.0.0.1
                  - name: metrics
                    target: 9114
                    host_ip: 0.0.0.0
            """,
    }
    result = scan(tmp_path, files, "RS806")
    assert hits(result, "RS806") == [("docker-compose.yml", 5), ("docker-compose.yml", 9)]


def test_compose_file_env_and_standalone_files(tmp_path):
    files = {
        "docker-compose.yml": "services:\n  api:\n    image: myorg/api:1.0.0\n",
        "docker-compose.hardening.yml": "services:\n  api:\n    mem_limit: 256m\n",
        ".env": "COMPOSE_FILE=docker-compose.yml:docker-compose.hardening.yml\n",
        "tools/compose.yaml": "services:\n  job:\n    image: myorg/tool:1.0.0\n",
    }
    result = scan(tmp_path, files, "RS805")
    assert hits(result, "RS805") == [("tools/compose.yaml", 2)]


def test_compose_services_api(tmp_path):
    from riskscan.checks.compose import compose_services
    from riskscan.project import Project

    files = {
        "docker-compose.yml": """\
            services:
              redis:
                image: docker.io/library/redis:7.2
              replica:
                image: bitnami/redis:7.2
                environment:
                  - REDIS_REPLICATION_MODE=slave
              sentinel:
                image: bitnami/redis-sentinel:7.2
              cache:
                image: memcached:1.6
              migrate:
                build: .
                command: npm run migrate
              api:
                build: .
            """,
    }
    result = scan(tmp_path, files, "RS805")
    project = Project(result.facts)
    got = {s.name: (s.role, s.family, s.file, s.line) for s in compose_services(project)}
    assert got == {
        "redis": ("datastore", "redis", "docker-compose.yml", 2),
        "replica": ("datastore", "redis", "docker-compose.yml", 4),
        "sentinel": ("sentinel", "redis", "docker-compose.yml", 8),
        "cache": ("cache", "memcached", "docker-compose.yml", 10),
        "migrate": ("one-shot", "", "docker-compose.yml", 12),
        "api": ("app", "", "docker-compose.yml", 15),
    }
    replica = next(s for s in compose_services(project) if s.name == "replica")
    assert replica.environment == {"REDIS_REPLICATION_MODE": "slave"}
    assert replica.data["image"] == "bitnami/redis:7.2"


def test_one_shot_services_and_restart_no(tmp_path):
    files = {
        "docker-compose.yml": """\
            services:
              api:
                image: myorg/api:1.0.0
                restart: "no"
                depends_on:
                  loader:
                    condition: service_completed_successfully
              loader:
                image: myorg/tools:1.0.0
              db-migrate:
                image: myorg/api:1.0.0
                command: ["npx", "prisma", "migrate", "deploy"]
              cassandra-seed:
                image: cassandra:4.1
                restart: always
                mem_limit: 2g
            """,
    }
    result = scan(tmp_path, files, "RS803", "RS805")
    # restart "no" alone is not one-shot; the completed-successfully target and the migration job are
    assert hits(result, "RS803") == [("docker-compose.yml", 4)]
    assert hits(result, "RS805") == [("docker-compose.yml", 2)]


def test_dotenv_is_never_a_finding_location(tmp_path):
    files = {
        "docker-compose.yml": "services:\n  db:\n    image: postgres:${PG_TAG}\n    environment:\n      POSTGRES_PASSWORD: ${PG_PASSWORD}\n",
        ".env": "PG_TAG=latest\nPG_PASSWORD=hunter2\n",
    }
    result = scan(tmp_path, files)
    assert not [f for f in result.findings if f.path == ".env"]
    assert hits(result, "RS808") == []
    assert hits(result, "RS807") == [("docker-compose.yml", 3)]
    assert "hunter2" not in json.dumps(to_json(result.facts[".env"]))


@pytest.mark.parametrize(("fixture", "expect"), [("orchestrator", True), ("orchestrator-hardened", False)])
def test_fixture_compose_risks(fixture, expect):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "fixtures" / fixture
    if not (root / "docker-compose.yml").exists():
        pytest.skip("fixture not present")
    result = scan_tree(root, select=COMPOSE_RULES)
    found = {(f.rule_id, f.message.split("`")[1]) for f in result.findings}
    if expect:
        assert ("RS801", "api") in found  # the seed's unbounded log growth
        assert ("RS204", "redis") in found and ("RS806", "redis") in found
    else:
        assert found == set()


# --------------------------------------------------------------------------- RS808 / RS806 helpers
@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("POSTGRES_PASSWORD", True), ("JWT_SECRET", True), ("GITHUB_TOKEN", True), ("STRIPE_API_KEY", True),
        ("SECRET_KEY_BASE", True), ("AWS_SECRET_ACCESS_KEY", True), ("MEILI_MASTER_KEY", True), ("APP_KEY", True),
        ("RABBITMQ_DEFAULT_PASS", True), ("GITEA__database__PASSWD", True), ("MYSQL_PWD", True), ("SESSION_SECRETS", True),
        ("PASSWORD_MIN_LENGTH", False), ("TOKEN_EXPIRES_IN", False), ("REFRESH_TOKEN_EXPIRE_MINUTES", False),
        ("DB_PASSWORD_FILE", False), ("GF_SECURITY_ADMIN_PASSWORD__FILE", False), ("ALLOW_EMPTY_PASSWORD", False),
        ("MYSQL_RANDOM_ROOT_PASSWORD", False), ("API_KEY_HEADER", False), ("AUTH_TOKEN_HEADERS", False),
        ("SECRETS_DIR", False), ("AWS_ACCESS_KEY_ID", False), ("PWD", False), ("PASS_THROUGH_HEADERS", False),
    ],
)
def test_secret_key_names(key, secret):
    from riskscan.checks._compose_secrets import secret_key

    assert secret_key(key) is secret


@pytest.mark.parametrize(
    ("value", "secret"),
    [
        ("s3cr3t", True), ("123456", True), ("$$ecret", True),
        ("${DB_PASSWORD}", False), ("yes", False), ("", False), ("/run/secrets/db", False), ("./keys/jwt.pem", False),
        ("op://prod/api/key", False), ("<your-token>", False), ("***", False), ("http://auth:8080/token", False),
    ],
)
def test_secret_values(value, secret):
    from riskscan.checks._compose_secrets import secret_value

    assert secret_value(value) is secret


@pytest.mark.parametrize(
    ("text", "password"),
    [
        ("postgres://app:hunter2@db:5432/app", "hunter2"),
        ("redis://:pw@redis:6379/0", "pw"),
        ("jdbc:postgresql://db/app?user=app&password=pw", "pw"),
        ("postgres://app:${PW}@db/app", None),
        ("redis://:@redis:6379/0", None),
        ("https://abc123@o1.ingest.sentry.io/42", None),
        ("PLAINTEXT://kafka:9092,PLAINTEXT_HOST://localhost:29092", None),
    ],
)
def test_url_password(text, password):
    from riskscan.checks._compose_secrets import url_password

    assert url_password(text) == password


@pytest.mark.parametrize(
    ("entry", "everywhere"),
    [
        ("5432:5432", True), ("5432", True), ("0.0.0.0:5432:5432", True), ("[::]:5432:5432", True), ("5432-5433:5432-5433", True),
        ("127.0.0.1:5432:5432", False), ("[::1]:5432:5432", False), ("127.0.0.1:6379", False),
        ({"target": 5432, "published": "5432"}, True), ({"target": 5432, "host_ip": "127.0.0.1"}, False),
        ({"target": 5432, "published": "127.0.0.1:5432"}, False),
    ],
)
def test_port_binding(entry, everywhere):
    from riskscan.checks._compose_merge import N
    from riskscan.checks._compose_ports import port_binding

    item = N({k: N(v) for k, v in entry.items()}) if isinstance(entry, dict) else N(entry, raw=entry)
    assert port_binding(item)[0] is everywhere


def test_port_binding_variables():
    from riskscan.checks._compose_interp import interpolate
    from riskscan.checks._compose_merge import N
    from riskscan.checks._compose_ports import port_binding

    def binding(raw: str):
        return port_binding(N(interpolate(raw, {}), raw=raw))[0]

    assert binding("${POSTGRES_PORT}:5432") is True  # a port variable: every interface whatever it holds
    assert binding("${BIND_IP}:5432:5432") is None  # the interface itself is unknown
    assert binding("${DB_HOST_SPEC}:5432") is None
    assert binding("${BIND_IP:-127.0.0.1}:5432:5432") is False


def test_compose_in_a_test_or_dev_environment_folder_is_not_a_deployment(tmp_path):
    # signalk-server's tools/oidc-test-env/docker-compose.yml: a local identity provider for trying OIDC
    stack = "services:\n  traefik:\n    image: traefik:v3.0\n    ports: ['80:80']\n"
    files = {
        "tools/oidc-test-env/docker-compose.yml": stack,
        "dev_environment/compose.yml": stack,
        "docker/regtest/docker-compose.yml": stack,  # lnbits: local Bitcoin regtest nodes for its tests
        "docs/tutorials/compose/compose.pebble.yaml": stack,  # django-ca: a tutorial's stack with a test-only ACME server
        "devstack/tools/oidc/docker-compose.yaml": stack,  # keystone: a DevStack plugin's Keycloak for a development cloud
        "deploy/prod-env/docker-compose.yml": stack,  # a production environment is judged
        # modoboa: test_project/docker-compose.yml, the Redis its test project runs against
        # (a folder the code rules already take for an example or test project)
        "test_project/docker-compose.yml": stack,
        "testapp/docker-compose.yml": stack,
        "demo-app/compose.yml": stack,
        "latest_project/compose.yml": stack,  # (not named as a test project: judged)
        # ipyparallel 9.2.0: ci/slurm/docker-compose.yaml and ci/ssh/docker-compose.yaml, the Slurm
        # cluster and sshd its GitHub workflows start (`cd ci/slurm; docker compose up -d --build`) for its tests
        "ci/slurm/docker-compose.yaml": stack,
        ".ci/compose.yml": stack,
        "ops/ci-server/docker-compose.yml": stack,  # a CI server's deployment: judged
        # intelmq 3.5.0: contrib/development-tools/docker-compose-common-services.yaml, the
        # Postgres, Redis, RabbitMQ and MongoDB its developer docs start "for development purposes"
        "contrib/development-tools/docker-compose-common-services.yaml": stack,
        "dev_tools/compose.yml": stack,
        "devtools/compose.yml": stack,
        "ops/tools/compose.yml": stack,  # tooling not named for development: judged
    }
    got = {path for path, _line in hits(scan_tree(tmp_path, files, select=COMPOSE_RULES), "RS801")}
    assert got == {"deploy/prod-env/docker-compose.yml", "latest_project/compose.yml", "ops/ci-server/docker-compose.yml", "ops/tools/compose.yml"}


def test_compose_a_test_script_brings_up_and_down_around_its_run_is_not_a_deployment(tmp_path):
    # sqlpad 3.1.0: drivers/postgres/test.sh runs `docker-compose up -d`, `npx mocha ./test.js`,
    # `docker-compose down` beside drivers/postgres/docker-compose.yml, a database for the driver's tests
    db = "services:\n  postgres:\n    image: postgres:9.6-alpine\n    ports:\n      - '5432:5432'\n"
    app = "services:\n  api:\n    build: .\n    ports: ['80:80']\n  postgres:\n    image: postgres:16\n"
    up_test_down = "#!/bin/bash\ndocker-compose down\ndocker-compose up -d\nsleep 5\nnpx mocha ./test.js\ndocker-compose down\n"
    files = {
        "drivers/postgres/docker-compose.yml": db,
        "drivers/postgres/test.sh": up_test_down,
        # a package.json script: up, a test runner, down, through -f from the package's folder
        "package.json": json.dumps({"scripts": {
            "test:db": "docker compose -f stacks/mysql/compose.yml up -d && SQL_TEST=1 jest --runInBand; docker compose -f stacks/mysql/compose.yml down",
        }}),
        "stacks/mysql/compose.yml": db.replace("postgres:9.6-alpine", "mysql:8.0").replace("5432", "3306"),
        # a script that cd's into the stack's folder first
        "ci/run-redis-tests.sh": "#!/bin/sh\nset -e\ncd ../infra/redis\ndocker compose up -d\ncd ../..\ngo test ./...\ncd infra/redis && docker compose down -v\n",
        "infra/redis/docker-compose.yml": "services:\n  redis:\n    image: redis:7.2\n    ports: ['6379:6379']\n",
        # judged: a stack that builds the project's own image (a deployment a CI script may test end to end)
        "deploy/compose.yml": app,
        "deploy/e2e.sh": "#!/bin/bash\ndocker compose up -d --build\nnpm run test:e2e\ndocker compose down\n",
        # judged: started and tested but left running (a deploy script's smoke test)
        "ops/docker-compose.yml": db,
        "ops/deploy.sh": "#!/bin/bash\ndocker-compose pull\ndocker-compose up -d\nnpm test\n",
        # judged: restarted with no test in between
        "svc/docker-compose.yml": db,
        "svc/restart.sh": "#!/bin/bash\ndocker-compose down\ndocker-compose up -d\n",
        # judged: tests run before the stack is up, not against it
        "www/docker-compose.yml": db,
        "www/release.sh": "#!/bin/bash\nnpm test\ndocker-compose up -d\ndocker-compose down\n",
        # judged: another folder's stack is the one the script brings up and down
        "api/docker-compose.yml": db,
        "api/test.sh": "#!/bin/bash\ndocker-compose -f ../drivers/postgres/docker-compose.yml up -d\nnpx mocha\ndocker-compose -f ../drivers/postgres/docker-compose.yml down\n",
    }
    got = {path for path, _line in hits(scan_tree(tmp_path, files, select=COMPOSE_RULES), "RS801")}
    assert got == {"deploy/compose.yml", "ops/docker-compose.yml", "svc/docker-compose.yml", "www/docker-compose.yml", "api/docker-compose.yml"}


def test_a_test_runner_service_runs_to_completion(tmp_path):
    # isso: `isso-client`, built from docker/Dockerfile-js-testbed, runs the end-to-end suite and exits
    stack = """\
services:
  api:
    image: ghcr.io/acme/api:1.4.2
  isso-client:
    image: isso-js-testbed
    build:
      context: .
      dockerfile: docker/Dockerfile-js-testbed
    depends_on: [api]
  e2e-tests:
    image: mcr.microsoft.com/playwright:v1.44.0
    depends_on: [api]
"""
    got = {line for _path, line in hits(scan_tree(tmp_path, {"docker-compose.yml": stack}, select=COMPOSE_RULES), "RS805")}
    assert got == {2}  # only `api` is judged for a memory limit


def test_rs808_a_placeholder_secret_is_reported_as_a_default_anyone_knows(tmp_path):
    # umami's compose file ships APP_SECRET: replace-me-with-a-random-string
    files = {
        "docker-compose.yml": (
            "services:\n  app:\n    image: app:1\n    environment:\n"
            "      APP_SECRET: replace-me-with-a-random-string\n      API_TOKEN: s3cr3t-9f8e7d\n      DB_PASSWORD: changeme\n"
        ),
    }
    result = scan(tmp_path, files, "RS808")
    msgs = {f.line: f.message for f in result.findings if f.rule_id == "RS808"}
    assert set(msgs) == {5, 6, 7}
    assert "placeholder" in msgs[5] and "anyone who reads this file" in msgs[5]
    assert "placeholder" in msgs[7]
    assert "placeholder" not in msgs[6] and "committed with the compose file" in msgs[6]
    assert "replace-me" not in msgs[5] and "changeme" not in msgs[7]  # (values are never quoted)


def test_compose_files_under_a_scripts_folder_are_development_stacks(tmp_path):
    # budibase's scripts/integrations/<database>/docker-compose.yml: databases for its integration tests
    db = "services:\n  db:\n    image: postgres:16.1\n    environment:\n      POSTGRES_PASSWORD: root\n    ports:\n      - \"5432:5432\"\n"
    files = {
        "scripts/integrations/postgres/docker-compose.yml": db,
        "scripts/deploy/docker-compose.prod.yml": db,
        "deploy/docker-compose.yml": db,
    }
    result = scan(tmp_path, files, "RS806", "RS808", "RS804")
    paths = {f.path for f in result.findings}
    assert "scripts/integrations/postgres/docker-compose.yml" not in paths
    assert "scripts/deploy/docker-compose.prod.yml" in paths  # (named for production: judged)
    assert "deploy/docker-compose.yml" in paths


# --------------------------------------------------------------------------- RS204 messages
@pytest.mark.parametrize(
    ("code", "volume_loss", "off_loss"),
    [
        # peer-calls 3.0.21: its Redis carries socket.io-redis pub/sub and a socket-id map
        (
            {"src/stores.js": "const Redis = require('ioredis');\nconst redis = new Redis({ host: process.env.REDIS_HOST });\nmodule.exports = { redis };\n"},
            "starts Redis empty and everything the services kept in it is gone (the scanned code keeps no job queue or session in Redis)",
            "a restart or crash empties it, losing everything it held (the scanned code keeps no job queue or session in Redis)",
        ),
        (
            {"src/jobs.js": "const { Queue } = require('bullmq');\nconst q = new Queue('mail', { connection: { host: 'redis' } });\nq.add('send', {}, { attempts: 3 });\n"},
            "starts Redis empty and queued jobs are gone",
            "a restart or crash empties it, losing every queued job and lock it held",
        ),
        (
            {},
            "starts Redis empty and queued jobs and sessions are gone",
            "a restart or crash empties it, losing every queued job, session and lock it held",
        ),
    ],
)
def test_rs204_message_names_what_the_code_keeps_in_redis(tmp_path, code, volume_loss, off_loss):
    files = {
        "package.json": '{"name": "calls", "dependencies": {"ioredis": "^4.16.0", "bullmq": "^5.0.0"}}',
        "docker-compose.yml": "services:\n  redis:\n    image: redis:5-alpine\n  cache:\n    image: redis:7\n    command: redis-server --save ''\n    volumes: [cache:/data]\nvolumes:\n  cache: {}\n",
        **code,
    }
    result = scan_tree(tmp_path, files, select=("RS204",))
    got = {f.line: f.message for f in result.findings if f.rule_id == "RS204"}
    assert sorted(got) == [2, 6]
    assert got[2].endswith(volume_loss), got[2]
    assert off_loss in got[6], got[6]


def test_a_stack_that_a_test_setup_script_starts_is_the_suites_environment(tmp_path):
    # zuul 14.3.0: tools/test-setup-docker.sh picks COMPOSE=docker-compose / "docker compose" / podman-compose,
    # then runs `${ROOTCMD} USER_ID=$(id -u) ${COMPOSE} up -d` beside tools/docker-compose.yaml
    # (MariaDB, Postgres and ZooKeeper on tmpfs for the test suite, which nox runs later)
    db = "services:\n  db:\n    image: mariadb:10.11\n    environment:\n      - MYSQL_ROOT_PASSWORD=hunter2hunter2\n    ports:\n      - '3306:3306'\n"
    setup = (
        "#!/bin/bash\nset -xeu\nSUDO=${SUDO:-env}\ncd $(dirname $0)\n"
        "if command -v docker-compose > /dev/null; then\n  DC=docker-compose\nelif command -v podman-compose > /dev/null; then\n  DC=podman-compose\nfi\n"
        "${SUDO} UID_FOR_DB=$(id -u) ${DC} up -d\n"
    )
    files = {
        "tools/docker-compose.yaml": db,
        "tools/test-setup-docker.sh": setup,
        # judged: the same script under a name that does not say tests
        "ops/docker-compose.yaml": db,
        "ops/bring-up.sh": setup,
        # judged: a test-setup script whose stack builds the project's image
        "app/docker-compose.yaml": db + "  api:\n    build: .\n",
        "app/test-setup.sh": setup,
        # judged: the compose program comes from a command substitution, its value unknown
        "svc/docker-compose.yaml": db,
        "svc/test-setup.sh": "#!/bin/bash\ncd $(dirname $0)\nDC=$(command -v docker-compose)\n${DC} up -d\n",
    }
    got = {path for path, _line in hits(scan_tree(tmp_path, files, select=COMPOSE_RULES), "RS806")}
    assert got == {"ops/docker-compose.yaml", "app/docker-compose.yaml", "svc/docker-compose.yaml"}
