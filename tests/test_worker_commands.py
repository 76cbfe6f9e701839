"""Workers started outside compose/Procfile/Dockerfile: Kubernetes manifests,
Helm templates, supervisor program files, systemd units, shebang scripts.

RS301 (queue-no-consumer) must see them as consumers; CI pipelines that start
a worker for a test run must not count as production workers.
"""

from __future__ import annotations

import time

from helpers import hits, scan_tree

from riskscan.discovery import discover
from riskscan.frontends.text import extract

# (a Procfile that starts only the web process: the scan knows how processes
# start, so a missing worker can be told; with no process definitions at all
# RS301 does not judge Celery/RQ, see test_queues_consistency)
CELERY_APP = {
    "Procfile": "web: gunicorn proj.web:app\n",
    "requirements.txt": "celery[redis]==5.3.6\nflask==3.0.0\ngunicorn==21.2.0\n",
    "proj/__init__.py": "",
    "proj/celery_app.py": """\
        import os

        from celery import Celery

        app = Celery("proj", broker=os.environ["REDIS_URL"])
        app.autodiscover_tasks(["proj"])
    """,
    "proj/tasks.py": """\
        from proj.celery_app import app


        @app.task(autoretry_for=(ConnectionError,), max_retries=5, retry_backoff=True)
        def send_welcome(user_id):
            print("welcome", user_id)
    """,
    "proj/web.py": """\
        from flask import Flask, jsonify

        from proj.tasks import send_welcome

        app = Flask(__name__)


        @app.post("/users/<int:user_id>/welcome")
        def welcome(user_id):
            send_welcome.delay(user_id)
            return jsonify(queued=True), 202
    """,
}
DELAY = ("proj/web.py", 10)

K8S_WEB = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 2
      template:
        spec:
          containers:
            - name: web
              image: registry.example.com/proj:1.4.2
              command: ["gunicorn", "proj.web:app", "--bind", "0.0.0.0:8000"]
              ports:
                - containerPort: 8000
"""

K8S_WORKER = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: worker
    spec:
      template:
        spec:
          containers:
            - name: worker
              image: registry.example.com/proj:1.4.2
              command: ["celery", "-A", "proj.celery_app", "worker"]
              args:
                - --loglevel=info
                - --concurrency=4
"""

HELM_WORKER = """\
    {{- if .Values.worker.enabled }}
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: {{ include "proj.fullname" . }}-worker
      labels:
        {{- include "proj.labels" . | nindent 4 }}
    spec:
      replicas: {{ .Values.worker.replicas }}
      template:
        spec:
          containers:
            - name: worker
              image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
              command:
                - celery
              args:
                - -A
                - {{ .Values.celeryApp | quote }}
                - worker
                - --concurrency={{ .Values.worker.concurrency }}
              {{- with .Values.worker.resources }}
              resources:
                {{- toYaml . | nindent 12 }}
              {{- end }}
    {{- end }}
"""

SUPERVISOR = """\
    ; managed by ansible
    [program:celery]
    command=/srv/proj/venv/bin/celery -A proj.celery_app worker
        --loglevel=INFO --concurrency=4
    directory=/srv/proj
    user=proj
    autostart=true
    stopwaitsecs=600
"""

SYSTEMD = """\
    [Unit]
    Description=Celery workers
    After=network.target

    [Service]
    Type=simple
    User=proj
    WorkingDirectory=/srv/proj
    ExecStart=/srv/proj/venv/bin/celery -A proj.celery_app worker \\
        --loglevel=INFO
    Restart=always

    [Install]
    WantedBy=multi-user.target
"""

# the unit from the Celery documentation: the executable comes from EnvironmentFile
SYSTEMD_DOCS = """\
    [Unit]
    Description=Celery Service
    After=network.target

    [Service]
    Type=forking
    EnvironmentFile=/etc/conf.d/celery
    Environment="CELERY_APP=proj.celery_app"
    ExecStart=/bin/sh -c '${CELERY_BIN} -A $CELERY_APP multi start $CELERYD_NODES \\
        --pidfile=${CELERYD_PID_FILE} --logfile=${CELERYD_LOG_FILE} --loglevel="${CELERYD_LOG_LEVEL}"'
    ExecStop=/bin/sh -c '${CELERY_BIN} multi stopwait $CELERYD_NODES'

    [Install]
    WantedBy=multi-user.target
"""

GH_WORKFLOW = """\
    name: ci
    on: [push]
    jobs:
      test:
        runs-on: ubuntu-latest
        services:
          redis:
            image: redis:7
        steps:
          - uses: actions/checkout@v4
          - run: pip install -r requirements.txt
          - name: start a worker for the integration tests
            run: celery -A proj.celery_app worker --detach
          - uses: docker://python:3.12
            with:
              args: celery -A proj.celery_app worker --detach
"""

GITLAB_CI = """\
    image: python:3.12
    services:
      - redis:7
    test:
      script:
        - celery -A proj.celery_app worker --detach
        - pytest
      variables:
        command: celery -A proj.celery_app worker
"""

RQ_APP = {
    "Procfile": "web: gunicorn app:app\n",
    "requirements.txt": "rq==1.16.1\nflask==3.0.0\n",
    "app.py": """\
        import os

        from flask import Flask, jsonify
        from redis import Redis
        from rq import Queue, Retry

        from jobs import render_report

        app = Flask(__name__)
        queue = Queue("reports", connection=Redis.from_url(os.environ["REDIS_URL"]))


        @app.post("/reports/<int:report_id>")
        def render(report_id):
            job = queue.enqueue(render_report, report_id, retry=Retry(max=3))
            return jsonify(job=job.id), 202
    """,
    "jobs.py": """\
        def render_report(report_id):
            print("rendering", report_id)
    """,
}
ENQUEUE = ("app.py", 15)


def rs301(tmp_path, files: dict[str, str]) -> list[tuple[str, int]]:
    return hits(scan_tree(tmp_path, files, select=("RS301",)), "RS301")


def kinds(tmp_path, files: dict[str, str]) -> dict[str, str]:
    from helpers import write_tree

    write_tree(tmp_path, files)
    return {f.path: f.kind for f in discover(str(tmp_path)).files}


# --------------------------------------------------------------------------- RS301 consumers
def test_baseline_celery_without_worker_is_reported(tmp_path):
    assert rs301(tmp_path, CELERY_APP) == [DELAY]


def test_eager_celery_in_the_settings_template_needs_no_worker(tmp_path):
    # askbot: the site generated from setup_templates/settings.py.jinja2 runs tasks inline
    template = """\
        SECRET_KEY = '{{ secret_key }}'
        {% if debug %}
        DEBUG = True
        {% endif %}
        CELERY_TASK_ALWAYS_EAGER = True  # no worker in the default install
    """
    assert rs301(tmp_path, {**CELERY_APP, "proj/setup_templates/settings.py.jinja2": template}) == []


def test_django_settings_template_sets_eager(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, "proj/conf/project_template/settings.py-tpl": "CELERY_TASK_ALWAYS_EAGER = True\n"}) == []


def test_settings_template_with_eager_off_still_needs_a_worker(tmp_path):
    files = {**CELERY_APP, "proj/setup_templates/settings.py.j2": "CELERY_TASK_ALWAYS_EAGER = False\n# CELERY_TASK_ALWAYS_EAGER = True\n"}
    assert rs301(tmp_path, files) == [DELAY]


def test_python_settings_template_constants():
    facts = extract("site/settings.py.jinja2", b"A = True\nB = 'x'  # c\nC = 30\n  D = True\nE = {{ e }}\nA = False\n")
    assert facts.commands == []
    assert facts.extra == {"kind": "python-template"}
    assert {k: (v.k, v.v, v.line) for k, v in facts.consts.items()} == {"A": ("bool", "false", 6), "B": ("str", "x", 2), "C": ("num", "30", 3)}


def test_k8s_deployment_list_command_starts_the_worker(tmp_path):
    files = {**CELERY_APP, "deploy/k8s/web.yaml": K8S_WEB, "deploy/k8s/worker.yaml": K8S_WORKER}
    assert rs301(tmp_path, files) == []


def test_k8s_multi_document_manifest(tmp_path):
    files = {**CELERY_APP, "k8s/app.yaml": K8S_WEB + "    ---\n" + K8S_WORKER}
    assert rs301(tmp_path, files) == []


def test_k8s_command_string_and_block_scalar(tmp_path):
    manifest = """\
        apiVersion: batch/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: worker
                  command: ["/bin/sh", "-c"]
                  args:
                    - |
                      python -m proj.wait_for_redis
                      exec celery -A proj.celery_app worker -l info
    """
    assert rs301(tmp_path, {**CELERY_APP, "ops/worker.yml": manifest}) == []


def test_helm_template_starts_the_worker(tmp_path):
    files = {**CELERY_APP, "charts/proj/templates/worker-deployment.yaml": HELM_WORKER}
    assert rs301(tmp_path, files) == []


def test_supervisor_program_file_starts_the_worker(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, "deploy/supervisor/conf.d/celery.ini": SUPERVISOR}) == []


def test_supervisor_conf_file_starts_the_worker(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, "deploy/supervisor/celery.conf": SUPERVISOR}) == []


def test_systemd_unit_starts_the_worker(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, "deploy/systemd/celery.service": SYSTEMD}) == []


def test_systemd_unit_from_the_celery_docs(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, "deploy/celery.service": SYSTEMD_DOCS}) == []


def test_ansible_template_of_a_systemd_unit(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, "ansible/roles/app/templates/celery.service.j2": SYSTEMD}) == []


def test_rq_baseline_without_worker_is_reported(tmp_path):
    assert rs301(tmp_path, RQ_APP) == [ENQUEUE]


def test_rq_worker_in_shebang_shell_script(tmp_path):
    script = "#!/usr/bin/env bash\nset -euo pipefail\nexec rq worker --url \"$REDIS_URL\" reports\n"
    assert rs301(tmp_path, {**RQ_APP, "bin/worker": script}) == []


def test_rq_worker_in_extensionless_python_script(tmp_path):
    script = """\
        #!/usr/bin/env python3
        import os

        from redis import Redis
        from rq import Queue, Worker

        conn = Redis.from_url(os.environ["REDIS_URL"])
        Worker([Queue("reports", connection=conn)], connection=conn).work()
    """
    assert rs301(tmp_path, {**RQ_APP, "scripts/worker": script}) == []


# --------------------------------------------------------------------------- still reported
def test_k8s_manifest_for_the_web_server_only_is_not_a_worker(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, "deploy/k8s/web.yaml": K8S_WEB}) == [DELAY]


def test_k8s_celery_beat_is_not_a_worker(tmp_path):
    beat = K8S_WORKER.replace('"worker"]', '"beat"]').replace("name: worker", "name: beat")
    assert rs301(tmp_path, {**CELERY_APP, "deploy/k8s/beat.yaml": beat}) == [DELAY]


def test_github_actions_worker_is_not_production(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, ".github/workflows/ci.yml": GH_WORKFLOW}) == [DELAY]


def test_gitlab_ci_worker_is_not_production(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, ".gitlab-ci.yml": GITLAB_CI}) == [DELAY]


def test_supervisor_file_without_a_worker_program(tmp_path):
    conf = "[program:web]\ncommand=gunicorn proj.web:app\n[eventlistener:mail]\ncommand=celery -A proj.celery_app worker\n"
    assert rs301(tmp_path, {**CELERY_APP, "deploy/web.conf": conf}) == [DELAY]


def test_systemd_exec_stop_is_not_a_start(tmp_path):
    unit = "[Service]\nExecStart=/srv/venv/bin/gunicorn proj.web:app\nExecStopPost=/srv/venv/bin/celery -A proj.celery_app worker\n"
    assert rs301(tmp_path, {**CELERY_APP, "deploy/web.service": unit}) == [DELAY]


def test_shebang_script_of_another_language_is_not_read(tmp_path):
    script = "#!/usr/bin/env ruby\nsystem('celery -A proj.celery_app worker')\n"
    assert rs301(tmp_path, {**CELERY_APP, "bin/worker": script}) == [DELAY]


def test_extensionless_file_without_shebang_is_not_read(tmp_path):
    assert rs301(tmp_path, {**CELERY_APP, "scripts/NOTES": "run: celery -A proj.celery_app worker\n"}) == [DELAY]


def test_yaml_value_that_is_not_a_command(tmp_path):
    values = """\
        worker:
          enabled: false
          command:
            enabled: true
        docs: "start with celery -A proj.celery_app worker"
    """
    assert rs301(tmp_path, {**CELERY_APP, "charts/proj/values.yaml": values}) == [DELAY]


# --------------------------------------------------------------------------- discovery
def test_discovery_kinds(tmp_path):
    got = kinds(
        tmp_path,
        {
            "k8s/worker.yaml": K8S_WORKER,
            "charts/proj/templates/worker.yaml": HELM_WORKER,
            "charts/proj/templates/_helpers.tpl": '{{- define "proj.name" -}}x{{- end }}\n',
            "deploy/conf.d/celery.ini": SUPERVISOR,
            "deploy/celery.service": SYSTEMD,
            "bin/worker": "#!/bin/sh\nexec rq worker\n",
            "bin/www": "#!/usr/bin/env node\nrequire('../app').listen(3000)\n",
            "scripts/consume": "#!/usr/bin/python3\nimport rq\n",
            "run": "#!/bin/sh\nexec celery -A proj worker\n",
            "render.yaml": "services:\n  - type: worker\n    startCommand: celery -A proj worker\n",
            "stack.yml": "services:\n  web:\n    image: nginx:1.25\n",
            ".github/workflows/ci.yml": GH_WORKFLOW,
            ".gitlab-ci.yml": GITLAB_CI,
            "docs/openapi.yaml": "openapi: 3.0.0\ninfo:\n  title: x\n",
            "nginx/site.conf": "server { listen 80; }\n",
            "tox.ini": "[tox]\nenvlist = py312\n",
            "deploy/other.service": "just text\n",
            "bin/tool.rb": "#!/usr/bin/env ruby\n",
            "bin/data": "no shebang\n",
            "lib/worker": "#!/bin/sh\nexec rq worker\n",
            "setup_templates/settings.py.jinja2": "DEBUG = False\n",
            "conf/project_template/project_name/settings.py-tpl": "DEBUG = False\n",
            "templates/page.html.j2": "<p>{{ x }}</p>\n",
        },
    )
    assert got == {
        "bin/worker": "text",
        "bin/www": "js",
        "charts/proj/templates/worker.yaml": "text",
        "deploy/celery.service": "text",
        "deploy/conf.d/celery.ini": "text",
        "k8s/worker.yaml": "text",
        "render.yaml": "text",
        "run": "text",
        "conf/project_template/project_name/settings.py-tpl": "text",
        "scripts/consume": "py",
        "setup_templates/settings.py.jinja2": "text",
        "stack.yml": "compose",
    }


def test_discovery_reads_the_scripts_a_setup_file_installs(tmp_path):
    got = kinds(
        tmp_path,
        {
            "setup.py": 'from setuptools import setup\nsetup(name="web", scripts=["web-server", "./tools/sync"])\n',
            "web-server": "#!/usr/bin/env python\nimport tornado.ioloop\n",
            "tools/sync": "#!/bin/sh\nexec rq worker\n",
            "other-tool": "#!/usr/bin/env python\nimport os\n",  # installed by nothing: not read
            "agent/setup.cfg": "[metadata]\nname = agent\n[options]\nscripts =\n    agent-run\n    bin/agent-ctl\n",
            "agent/agent-run": "#!/usr/bin/python3\nimport rq\n",
            "agent/README": "no shebang\n",
        },
    )
    assert got == {
        "agent/agent-run": "py",
        "setup.py": "py",
        "tools/sync": "text",
        "web-server": "py",
    }


def test_discovery_reads_the_commands_a_package_json_installs(tmp_path):
    got = kinds(
        tmp_path,
        {
            "package.json": '{"name": "mock", "bin": {"mock": "./mock", "mock-ctl": "bin/ctl.js"}}',
            "mock": "#!/usr/bin/env node\nrequire('./lib');\n",
            "other-tool": "#!/usr/bin/env node\nrequire('./lib');\n",  # installed by nothing: not read
            "cli/package.json": '{"name": "cli", "bin": "cli"}',
            "cli/cli": "#!/usr/bin/env node\nrequire('./run');\n",
            "noshebang/package.json": '{"name": "n", "bin": {"n": "n"}}',
            "noshebang/n": "not a script\n",
            "broken/package.json": '{"name": ',
        },
    )
    assert {p: k for p, k in got.items() if not p.endswith("package.json")} == {"cli/cli": "js", "mock": "js"}


# --------------------------------------------------------------------------- extraction
def _commands(path: str, text: str) -> list[list]:
    import textwrap

    return extract(path, textwrap.dedent(text).encode()).commands


def test_yaml_command_and_args_join_into_one_command():
    assert _commands("k8s/worker.yaml", K8S_WORKER) == [[11, "celery -A proj.celery_app worker --loglevel=info --concurrency=4"]]


def test_helm_template_lines():
    assert _commands("charts/x/templates/w.yaml", HELM_WORKER) == [
        [15, 'celery -A {{ .Values.celeryApp | quote }} worker --concurrency={{ .Values.worker.concurrency }}']
    ]


def test_yaml_command_forms():
    text = """\
        app:
          entrypoint: gunicorn -b :$PORT main:app   # App Engine
        services:
          - type: worker
            startCommand: "celery -A proj worker"
        flow:
          command: [ "rq",
                     'worker', high ]
    """
    assert _commands("specs.yaml", text) == [[2, "gunicorn -b :$PORT main:app"], [5, "celery -A proj worker"], [7, "rq worker high"]]


def test_yaml_alias_bomb_is_cheap():
    levels = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + levels
    text = bomb + "spec:\n  command: [celery, worker]\n  args: *i\n"
    start = time.monotonic()
    got = extract("bomb.yaml", text.encode()).commands
    assert time.monotonic() - start < 2
    assert got == [[11, "celery worker"]]


def test_supervisor_program_command_with_continuation():
    expected = "/srv/proj/venv/bin/celery -A proj.celery_app worker --loglevel=INFO --concurrency=4"
    assert _commands("deploy/celery.ini", SUPERVISOR) == [[3, expected]]


def test_supervisor_keys_indented_alike_are_keys_and_deeper_lines_continue_them():
    """ConfigParser (supervisor): arches indents every key of its program four
    spaces; only a line indented deeper than its key continues the value."""
    text = (
        "[program:celery]\n"
        "    command=/venv/bin/celery -A app.celery worker\n"
        "        --loglevel=INFO\n"
        "    directory=/srv/app\n"
        "[program:other]\n"
        "environment=\n"
        "    A=1,\n"
        "    command=not-a-key\n"
    )
    assert _commands("deploy/celery.conf", text) == [[2, "/venv/bin/celery -A app.celery worker --loglevel=INFO"]]


def test_systemd_exec_start_with_environment():
    got = _commands("deploy/celery.service", SYSTEMD_DOCS)
    assert len(got) == 1 and got[0][0] == 9
    assert got[0][1].startswith("/bin/sh -c 'celery -A proj.celery_app multi start $CELERYD_NODES --pidfile=")


# ---------------------------------------------------------------- deploy commands start a process (RS90x)
SQS_CONSUMER = """\
    const { SQSClient, ReceiveMessageCommand } = require('@aws-sdk/client-sqs');
    const sqs = new SQSClient({});
    async function main() {
      for (;;) {
        const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.Q, WaitTimeSeconds: 20 }));
        for (const m of out.Messages || []) { await handle(m); }
      }
    }
    async function handle(m) { console.log(m.Body); }
    main();
"""

K8S_NODE = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: mailer
    spec:
      template:
        spec:
          containers:
            - name: mailer
              image: registry.example.com/mailer:1.0.0
              command: ["node", "%s"]
"""


def test_k8s_command_starts_a_long_running_process_for_the_service_rules(tmp_path):
    """The manifest's command is resolved from the service root (the image's
    working directory), not from the manifest's own folder."""
    files = {
        "mailer/package.json": '{"name": "mailer", "version": "1.0.0"}',
        "mailer/src/consumer.js": SQS_CONSUMER,
        "mailer/deploy/worker.yaml": K8S_NODE % "src/consumer.js",
    }
    assert hits(scan_tree(tmp_path, files, select=("RS902",)), "RS902") == [("mailer/src/consumer.js", 9)]


def test_k8s_command_naming_another_file_starts_nothing_here(tmp_path):
    files = {
        "mailer/package.json": '{"name": "mailer", "version": "1.0.0"}',
        "mailer/src/consumer.js": SQS_CONSUMER,
        "mailer/deploy/worker.yaml": K8S_NODE % "src/other.js",
    }
    assert hits(scan_tree(tmp_path, files, select=("RS902",)), "RS902") == []


def test_start_command_with_a_program_path_and_a_variable_in_an_option():
    """django-ca's systemd unit runs `/opt/.../.venv/bin/gunicorn --config ${DIR}/gunicorn.conf.py ca.wsgi:application`."""
    from riskscan.checks._longrun import _RUN_CMD

    m = _RUN_CMD.search("ExecStart=/opt/django-ca/.venv/bin/gunicorn --config ${CONFIGURATION_DIRECTORY}/gunicorn.conf.py ca.wsgi:application\n")
    assert m is not None and m.group(1) == "ca.wsgi"
    m = _RUN_CMD.search("web: gunicorn app.wsgi:application\n")
    assert m is not None and m.group(1) == "app.wsgi"
