"""RS301-RS304 (job processing) and RS601 (dual writes): cross-file and
negative cases beyond the rule examples."""

from __future__ import annotations

from helpers import hits, scan_tree

RULES = ("RS301", "RS302", "RS303", "RS304", "RS601")


def scan(tmp_path, files, **kw):
    return scan_tree(tmp_path, files, select=RULES, **kw)


# --------------------------------------------------------------------------- RS301
MONOREPO = {
    "package.json": '{"name": "root", "private": true, "workspaces": ["apps/*", "packages/*"]}',
    "packages/shared/package.json": '{"name": "@acme/shared"}',
    "packages/shared/queues.js": "module.exports = { QUEUES: { EXPORTS: 'exports' }, KEYS: { PENDING: 'orchestrator:jobs:pending' } };\n",
    "apps/api/package.json": '{"name": "api"}',
    "apps/api/src/jobs.js": """
        const { Queue } = require('bullmq');
        const { QUEUES, KEYS } = require('../../../packages/shared/queues');
        const exportsQueue = new Queue(QUEUES.EXPORTS, { connection: { host: 'redis' }, defaultJobOptions: { attempts: 3 } });
        async function requestExport(redis, id) {
          await exportsQueue.add('export', { id });
          await redis.lPush(KEYS.PENDING, JSON.stringify({ id }));
        }
        module.exports = { requestExport };
    """,
    "apps/worker/package.json": '{"name": "worker"}',
    "apps/worker/src/main.js": """
        const { Worker } = require('bullmq');
        const { createClient } = require('redis');
        const { QUEUES, KEYS } = require('../../../packages/shared/queues');
        const redis = createClient();
        new Worker(QUEUES.EXPORTS, async (job) => run(job.data), { connection: { host: 'redis' } });
        async function loop() {
          for (;;) {
            const item = await redis.brPop(KEYS.PENDING, 5);
            try { await run(item.element); } catch (err) { await redis.lPush('orchestrator:jobs:dead', item.element); }
          }
        }
        loop();
    """,
}


def test_consumer_in_another_package_clears_rs301(tmp_path):
    result = scan(tmp_path, MONOREPO)
    assert hits(result, "RS301") == []
    assert hits(result, "RS302") == []


def test_removing_the_worker_package_reports_each_producer(tmp_path):
    files = {k: v for k, v in MONOREPO.items() if not k.startswith("apps/worker/")}
    result = scan(tmp_path, files)
    assert hits(result, "RS301") == [("apps/api/src/jobs.js", 6), ("apps/api/src/jobs.js", 7)]
    msgs = sorted(f.message for f in result.findings if f.rule_id == "RS301")
    assert "queue `exports` (BullMQ)" in msgs[0]
    assert "Redis list `orchestrator:jobs:pending`" in msgs[1]


def test_worker_only_in_tests_does_not_count(tmp_path):
    files = {k: v for k, v in MONOREPO.items() if not k.startswith("apps/worker/")}
    files["apps/api/test/worker.test.js"] = MONOREPO["apps/worker/src/main.js"].replace("../../../packages", "../../../packages")
    result = scan(tmp_path, files)
    assert len(hits(result, "RS301")) == 2
    result = scan_tree(tmp_path, None, select=RULES, include_tests=True)
    assert hits(result, "RS301") == []


def test_typescript_constants_module_and_renamed_import(tmp_path):
    files = {
        "src/constants/queues.ts": "export const EMAIL_QUEUE = 'email';\nexport const QUEUE_NAMES = { REPORTS: 'reports' } as const;\n",
        "src/producer.ts": """
            import { Queue as BullQueue } from 'bullmq';
            import { EMAIL_QUEUE, QUEUE_NAMES } from './constants/queues';
            const email = new BullQueue(EMAIL_QUEUE, { connection: {} });
            const reports = new BullQueue(QUEUE_NAMES.REPORTS, { connection: {} });
            export const send = (to: string) => email.add('send', { to }, { attempts: 3 });
            export const report = () => reports.add('daily', {}, { attempts: 3 });
        """,
        "src/consumer.ts": """
            import { Worker } from 'bullmq';
            import { EMAIL_QUEUE } from './constants/queues';
            new Worker(EMAIL_QUEUE, async () => {});
        """,
    }
    result = scan(tmp_path, files)
    assert hits(result, "RS301") == [("src/producer.ts", 7)]


def test_python_constants_module_and_list_consumer(tmp_path):
    files = {
        "app/keys.py": "RESIZE_QUEUE = 'tasks:resize'\nQUEUES = {'mail': 'tasks:mail'}\n",
        "app/api.py": """
            import redis
            from app.keys import RESIZE_QUEUE, QUEUES
            r = redis.Redis()
            def submit(p):
                r.lpush(RESIZE_QUEUE, p)
                r.lpush(QUEUES['mail'], p)
        """,
        "app/worker.py": """
            import redis
            from app import keys
            r = redis.Redis()
            def main():
                while True:
                    _, raw = r.brpop(keys.RESIZE_QUEUE)
                    try:
                        handle(raw)
                    except Exception:
                        r.lpush("tasks:resize:failed", raw)
        """,
    }
    result = scan(tmp_path, files)
    assert hits(result, "RS301") == [("app/api.py", 7)]
    assert hits(result, "RS302") == []


def test_dead_letter_and_feed_lists_are_not_queues(tmp_path):
    files = {
        "a.js": """
            const Redis = require('ioredis');
            const redis = new Redis();
            async function f(x) {
              await redis.lpush('jobs:dead-letter', x);
              await redis.rpush('emails:dlq', x);
              await redis.lpush('jobs:failed', x);
              await redis.lpush('recent:jobs', x);
              await redis.ltrim('recent:jobs', 0, 99);
              await redis.rpush('feed:tasks', x);
            }
            const g = () => redis.lrange('feed:tasks', 0, 10);
            module.exports = { f, g };
        """
    }
    assert hits(scan(tmp_path, files), "RS301") == []


def test_unresolvable_consumer_name_is_assumed_to_consume(tmp_path):
    files = {
        "api.js": "const { Queue } = require('bullmq');\nconst q = new Queue('mail');\nexports.send = () => q.add('x', {}, { attempts: 2 });\n",
        "worker.js": "const { Worker } = require('bullmq');\nnew Worker(process.env.QUEUE_NAME, async () => {});\n",
    }
    assert hits(scan(tmp_path, files), "RS301") == []


def test_consumer_key_passed_as_argument(tmp_path):
    files = {
        "api.js": "const redis = require('./redis');\nexports.push = (j) => redis.lPush('jobs:thumbs', j);\n",
        "worker.js": """
            const redis = require('./redis');
            async function consume(key, fn) {
              for (;;) {
                const res = await redis.brPop(key, 5);
                try { await fn(res.element); } catch (e) { await redis.lPush(`${key}:failed`, res.element); }
              }
            }
            consume('jobs:thumbs', makeThumb);
        """,
    }
    result = scan(tmp_path, files)
    assert hits(result, "RS301") == []
    assert hits(result, "RS302") == []


def test_celery_worker_in_shell_script_or_package_script(tmp_path):
    files = {
        "app/tasks.py": "from celery import shared_task\n\n@shared_task(autoretry_for=(Exception,))\ndef send(x):\n    pass\n",
        "app/views.py": "from .tasks import send\n\ndef view(req):\n    send.delay(1)\n",
        "bin/start-worker.sh": "#!/bin/sh\nexec celery -A app worker --loglevel=info\n",
    }
    assert hits(scan(tmp_path, files), "RS301") == []
    (tmp_path / "bin/start-worker.sh").unlink()
    # nothing in the scan says how processes start (a published wheel): not judged
    assert hits(scan_tree(tmp_path, None, select=RULES), "RS301") == []
    (tmp_path / "Procfile").write_text("web: gunicorn app.wsgi\n")
    assert hits(scan_tree(tmp_path, None, select=RULES), "RS301") == [("app/views.py", 4)]


def test_celery_beat_is_not_a_worker(tmp_path):
    files = {
        "app/tasks.py": "from celery import shared_task\n\n@shared_task(autoretry_for=(Exception,))\ndef send(x):\n    pass\n",
        "app/views.py": "from .tasks import send\n\ndef view(req):\n    send.delay(1)\n",
        "Procfile": "web: gunicorn app.wsgi\nbeat: celery -A app beat -l info\n",
    }
    assert hits(scan(tmp_path, files), "RS301") == [("app/views.py", 4)]


# --------------------------------------------------------------------------- RS302
def test_celery_periodic_tasks_are_not_reported(tmp_path):
    files = {
        "app/celery.py": """
            from celery import Celery
            from celery.schedules import crontab
            app = Celery('x')
            app.conf.beat_schedule = {'cleanup': {'task': 'app.tasks.cleanup', 'schedule': crontab(minute=0)}}
        """,
        "app/tasks.py": "from .celery import app\n\n@app.task\ndef cleanup():\n    purge()\n\n@app.task\ndef real(x):\n    send(x)\n",
        "Procfile": "worker: celery -A app worker\n",
    }
    assert hits(scan(tmp_path, files), "RS302") == [("app/tasks.py", 7)]


def test_bull_job_options_from_variable_or_spread_count_as_set(tmp_path):
    files = {
        "q.js": """
            const { Queue } = require('bullmq');
            const q = new Queue('a');
            const base = { removeOnComplete: true };
            async function go(opts, extra) {
              await q.add('x', {}, opts);
              await q.add('y', {}, { ...extra });
              await q.add('z', {}, { ...base, attempts: Number(process.env.ATTEMPTS) });
              await q.add('w', {}, { ...base });
            }
            module.exports = { go };
        """,
    }
    assert hits(scan(tmp_path, files), "RS302") == [("q.js", 9)]


# --------------------------------------------------------------------------- RS303
def test_ltrim_on_unconsumed_list_is_a_feed(tmp_path):
    files = {
        "a.py": "import redis\nr = redis.Redis()\n\ndef log_event(e):\n    r.lpush('events:recent', e)\n    r.ltrim('events:recent', 0, 99)\n",
    }
    result = scan(tmp_path, files)
    assert hits(result, "RS303") == []
    assert hits(result, "RS301") == []


# --------------------------------------------------------------------------- RS304
def test_status_guards(tmp_path):
    files = {
        "repo.js": """
            const db = require('./db');
            const SQL_GUARDED = `UPDATE jobs SET status = $1 WHERE id = $2 AND status <> 'cancelled'`;
            async function a(id) { await db.query(SQL_GUARDED, ['x', id]); }
            async function b(id) { await db.query("UPDATE jobs SET status = 'x' WHERE id = $1 AND status NOT IN ('done')", [id]); }
            async function c(id, where) { await db.query(`UPDATE jobs SET status = 'x' WHERE ${where}`); }
            async function d(id) { await db.query("UPDATE jobs SET status = CASE WHEN status = 'running' THEN 'done' ELSE status END WHERE id = $1", [id]); }
            async function e(id) { await db.query('UPDATE jobs SET retries = retries + 1 WHERE id = $1', [id]); }
            async function f(id) { await db.query("INSERT INTO jobs (status) VALUES ('queued') ON CONFLICT (id) DO UPDATE SET status = 'queued'"); }
            async function g(id) { await db.query('update jobs set status = $1 where id = $2', ['x', id]); }
            module.exports = { a, b, c, d, e, f, g };
        """,
    }
    assert hits(scan(tmp_path, files), "RS304") == [("repo.js", 10)]


def test_knex_callback_where_is_unknown_and_typeorm_criteria(tmp_path):
    files = {
        "repo.ts": """
            import knex from 'knex';
            const db = knex({ client: 'pg' });
            export async function a(id: string) {
              await db('jobs').where(function () { this.where('status', 'queued'); }).update({ status: 'running' });
            }
            export class JobsService {
              constructor(private readonly jobRepository: Repository<Job>) {}
              async finish(id: string) {
                await this.jobRepository.update({ id, status: 'running' }, { status: 'done' });
                await this.jobRepository.update(id, { status: 'failed' });
              }
            }
        """,
    }
    assert hits(scan(tmp_path, files), "RS304") == [("repo.ts", 11)]


# --------------------------------------------------------------------------- RS601
def test_dual_write_reported_once_in_innermost_function(tmp_path):
    files = {
        "svc.js": """
            const Redis = require('ioredis');
            const { pool } = require('./db');
            const redis = new Redis();
            class Jobs {
              async save(id, data) {
                await pool.query('UPDATE jobs SET data = $1 WHERE id = $2', [data, id]);
                await this.mirror(id, data);
              }
              async mirror(id, data) {
                await redis.hset(`job:${id}`, 'data', data);
              }
              async handle(id, data) {
                await this.save(id, data);
              }
            }
            module.exports = { Jobs };
        """,
    }
    result = scan(tmp_path, files)
    assert hits(result, "RS601") == [("svc.js", 7)]
    [f] = [f for f in result.findings if f.rule_id == "RS601"]
    assert "`Jobs.save`" in f.message and "`redis.hset`" in f.message
    assert [(r.path, r.line) for r in f.related] == [("svc.js", 11)]


def test_helper_in_another_file_is_not_followed(tmp_path):
    files = {
        "cache.js": "const redis = require('./redis');\nexports.put = (k, v) => redis.set(k, v);\n",
        "svc.js": "const cache = require('./cache');\nconst db = require('./db');\nasync function f(id) {\n  await db.query('DELETE FROM carts WHERE id = $1', [id]);\n  await cache.put(id, '');\n}\nmodule.exports = { f };\n",
    }
    assert hits(scan(tmp_path, files), "RS601") == []


def test_python_flask_sqlalchemy_and_counters(tmp_path):
    files = {
        "app/views.py": """
            import redis
            from .models import db, Login, Post

            r = redis.Redis()

            def login(user):
                db.session.add(Login(user_id=user.id))
                db.session.commit()
                r.incr(f"rate:login:{user.id}")
                r.delete(f"session:{user.id}")

            def publish(post):
                db.session.add(post)
                db.session.commit()
                r.zadd("posts:recent", {post.id: post.created_at})
        """,
    }
    assert hits(scan(tmp_path, files), "RS601") == [("app/views.py", 14)]


def test_scripts_and_migrations_are_not_reported(tmp_path):
    files = {
        "scripts/seed.js": """
            const { pool } = require('../src/db');
            const redis = require('../src/redis');
            async function seed() {
              await pool.query("INSERT INTO users (name) VALUES ('admin')");
              await redis.set('users:count', '1');
            }
            seed();
        """,
    }
    assert hits(scan(tmp_path, files), "RS601") == []


def test_celery_worker_in_compose_command(tmp_path):
    files = {
        "app/tasks.py": "from celery import shared_task\n\n@shared_task(autoretry_for=(Exception,))\ndef send(x):\n    pass\n",
        "app/views.py": "from .tasks import send\n\ndef view(req):\n    send.delay(1)\n",
        "docker-compose.yml": """
            services:
              api:
                build: .
                command: gunicorn app.wsgi
              worker:
                build: .
                command: ["celery", "-A", "app", "worker", "--loglevel", "info"]
        """,
    }
    assert hits(scan(tmp_path, files), "RS301") == []


def test_celery_always_eager_needs_no_worker(tmp_path):
    files = {
        "app/tasks.py": "from celery import shared_task\n\n@shared_task(autoretry_for=(Exception,))\ndef send(x):\n    pass\n",
        "app/views.py": "from .tasks import send\n\ndef view(req):\n    send.delay(1)\n",
        "app/settings.py": "CELERY_TASK_ALWAYS_EAGER = True\n",
    }
    assert hits(scan(tmp_path, files), "RS301") == []


def test_enqueue_after_commit_is_not_a_dual_write(tmp_path):
    files = {
        "shop/views.py": """
            from django.db import transaction
            from .models import Order
            from .tasks import send_email

            def create(request):
                with transaction.atomic():
                    order = Order.objects.create(user=request.user)
                    transaction.on_commit(lambda: send_email.delay(order.id))

            def create_bad(request):
                order = Order.objects.create(user=request.user)
                send_email.delay(order.id)
        """,
        "shop/tasks.py": "from celery import shared_task\n\n@shared_task(autoretry_for=(Exception,))\ndef send_email(i):\n    pass\n",
    }
    assert hits(scan(tmp_path, files), "RS601") == [("shop/views.py", 12)]


def test_transaction_aware_task_class_defers_like_on_commit(tmp_path):
    """A task declared with a base class whose apply_async hands the send to
    transaction.on_commit (pretix's TransactionAwareTask) is deferred at every
    call site; a cache-invalidation task is not a job write; any other task is."""
    files = {
        "shop/celery.py": """
            from celery import Celery, Task
            from django.db import transaction

            app = Celery("shop")

            class TransactionAwareTask(Task):
                def apply_async(self, *args, **kwargs):
                    transaction.on_commit(lambda: super(TransactionAwareTask, self).apply_async(*args, **kwargs))

            class EventTask(Task):
                def apply_async(self, *args, **kwargs):
                    return super().apply_async(*args, **kwargs)
        """,
        "shop/tasks.py": """
            from .celery import app, EventTask, TransactionAwareTask

            @app.task(base=TransactionAwareTask, acks_late=True)
            def mail_send_task(order_id):
                pass

            @app.task(base=EventTask, acks_late=True)
            def invalidate_cache(order_id):
                pass

            @app.task(base=EventTask, acks_late=True)
            def transmit_invoice(order_id):
                pass
        """,
        "shop/views.py": """
            from .models import Order
            from . import tasks

            def paid(order_id):
                order = Order.objects.create(id=order_id)
                tasks.mail_send_task.apply_async(args=(order.pk,))
                tasks.invalidate_cache.apply_async(kwargs={"order": order.pk})

            def invoiced(order_id):
                order = Order.objects.create(id=order_id)
                tasks.transmit_invoice.apply_async(args=(order.pk,))
        """,
    }
    assert hits(scan(tmp_path, files), "RS601") == [("shop/views.py", 11)]


def test_retry_counter_is_not_a_second_write(tmp_path):
    """An expiring retry/attempt counter in Redis guards the work, it is not
    state mirrored from the database (pretix's mail retry counter)."""
    files = {
        "shop/mail.py": """
            import hashlib
            import redis
            from .models import OutgoingMail

            rc = redis.Redis()

            def send(host, body):
                OutgoingMail.objects.create(body=body)
                key = "mail_retry_" + hashlib.sha1(host.encode()).hexdigest()
                cnt = rc.incr(key)
                rc.expire(key, 300)
                return cnt

            def remember(host, body):
                OutgoingMail.objects.create(body=body)
                rc.incr("mail_sent_" + host)
        """,
    }
    assert hits(scan(tmp_path, files), "RS601") == [("shop/mail.py", 16)]


def test_rs304_skips_data_migrations(tmp_path):
    files = {
        "migrations/20240101_backfill.js": "exports.up = (knex) => knex('members').where({ comped: true }).update({ status: 'comped' });\n",
        "src/members.js": "const knex = require('knex')({ client: 'pg' });\nexports.comp = (id) => knex('members').where({ id }).update({ status: 'comped' });\n",
    }
    assert hits(scan(tmp_path, files), "RS304") == [("src/members.js", 2)]


def test_rs304_names_the_django_model_not_the_module_it_comes_from(tmp_path):
    # sentry's tagstore: `models.TagKey.objects.filter(...).update(status=...)`
    files = {
        "requirements.txt": "django\n",
        "app/tagstore.py": (
            "from app import models\n\n"
            "def mark_deletion_in_progress(keys):\n"
            "    models.TagKey.objects.filter(id__in=keys).update(status=1)\n"
        ),
        "app/models.py": "from django.db import models\n\nclass TagKey(models.Model):\n    status = models.IntegerField()\n",
    }
    got = [f for f in scan(tmp_path, files).findings if f.rule_id == "RS304"]
    assert len(got) == 1
    assert got[0].message.startswith("Django `TagKey.objects…update(status=…)`")


def test_worker_named_after_an_imported_queue_object(tmp_path):
    files = {
        "queues.js": "const { Queue } = require('bullmq');\nexports.emailQueue = new Queue('email');\nexports.smsQueue = new Queue('sms');\n",
        "worker.js": "const { Worker } = require('bullmq');\nconst { emailQueue } = require('./queues');\nnew Worker(emailQueue.name, async () => {});\n",
        "api.js": "const { emailQueue, smsQueue } = require('./queues');\nexports.a = () => emailQueue.add('x', {}, { attempts: 2 });\nexports.b = () => smsQueue.add('x', {}, { attempts: 2 });\n",
    }
    assert hits(scan(tmp_path, files), "RS301") == [("api.js", 3)]


def test_nest_injected_repository_and_queue(tmp_path):
    files = {
        "src/orders.service.ts": """
            import { Injectable } from '@nestjs/common';
            import { InjectRepository } from '@nestjs/typeorm';
            import { InjectQueue } from '@nestjs/bullmq';
            import { Repository } from 'typeorm';
            import { Queue } from 'bullmq';
            import { Order } from './order.entity';

            @Injectable()
            export class OrdersService {
              constructor(
                @InjectRepository(Order) private readonly orders: Repository<Order>,
                @InjectQueue('mail') private readonly mailQueue: Queue,
              ) {}
              async place(dto: any) {
                const order = await this.orders.save(this.orders.create(dto));
                await this.mailQueue.add('receipt', { id: order.id }, { attempts: 3 });
                return order;
              }
              async ship(id: string) {
                await this.orders.update(id, { status: 'shipped' });
              }
              async deliver(id: string) {
                await this.orders.update({ id, status: 'shipped' }, { status: 'delivered' });
              }
            }
        """,
        "src/mail.processor.ts": "import { Processor, WorkerHost } from '@nestjs/bullmq';\n@Processor('mail')\nexport class MailProcessor extends WorkerHost {\n  async process() {}\n}\n",
    }
    result = scan(tmp_path, files)
    assert hits(result, "RS601") == [("src/orders.service.ts", 16)]
    assert hits(result, "RS304") == [("src/orders.service.ts", 21)]
    assert hits(result, "RS301") == [] and hits(result, "RS302") == []


AMQP_CHANNEL = {
    "src/orders.js": """
const amqp = require('amqplib');
const { pool } = require('./db');

let channel;
async function init() {
  const connection = await amqp.connect(process.env.AMQP_URL);
  channel = await connection.createChannel();
}

async function createOrder(id) {
  await pool.query('INSERT INTO orders (id) VALUES ($1)', [id]);
  channel.publish('orders', 'created', Buffer.from(String(id)));
}
module.exports = { init, createOrder };
""",
}


def test_rs601_publish_on_a_channel_of_a_broker_connection(tmp_path):
    """A channel made by a method of a broker connection (`connection.channel()`
    in pika, `connection.createChannel()` in amqplib) publishes to the broker."""
    got = hits(scan(tmp_path, AMQP_CHANNEL), "RS601")
    assert got == [("src/orders.js", 12)]


def test_rs301_names_the_first_task_of_a_celery_canvas_variable(tmp_path):
    """timesketch: `pipeline = tasks.run_sketch_init.s(ids) | group(...)`, then
    `pipeline.apply_async()`: the message names the task, not the variable."""
    files = {
        "app/tasks.py": """
            from celery import Celery, group
            app = Celery('x', broker='redis://redis:6379/0')

            @app.task(autoretry_for=(IOError,))
            def run_sketch_init(ids):
                return ids

            @app.task(autoretry_for=(IOError,))
            def run_analyzer(name):
                return name
        """,
        "app/views.py": """
            from app import tasks
            from celery import group

            def analyze(ids, names):
                pipeline = tasks.run_sketch_init.s(ids) | group(tasks.run_analyzer.s(n) for n in names)
                pipeline.apply_async()
        """,
        "Procfile": "web: gunicorn app.wsgi\n",
    }
    result = scan(tmp_path, files)
    found = [f for f in result.findings if f.rule_id == "RS301"]
    assert [(f.path, f.line) for f in found] == [("app/views.py", 7)]
    assert "Task `run_sketch_init` is sent" in found[0].message and "`pipeline`" not in found[0].message.split("sent")[0]


# fittrackee 1.3.6 (workouts_from_file_creation_service.py:447-476): the archive
# is saved, its task row committed, then the task sent to Dramatiq
THREE_STORES = {
    "pyproject.toml": '[tool.poetry]\nname = "fittrackee"\n',
    "app/__init__.py": """
        from flask_sqlalchemy import SQLAlchemy
        db = SQLAlchemy()
    """,
    "app/tasks.py": """
        import dramatiq

        @dramatiq.actor(queue_name="workouts", max_retries=0)
        def upload_workouts_archive(task_id):
            return task_id
    """,
    "app/service.py": """
        import json
        import os

        from app import db
        from app.models import UserTask
        from app.tasks import upload_workouts_archive


        class UploadService:
            def add_upload_task(self, file, path):
                file.save(path)
                task = UserTask(file_path=path)
                db.session.add(task)
                db.session.commit()
                upload_workouts_archive.send(task_id=task.id)
                return task.id

            def dump(self, data, path):
                with open(path, "w") as f:
                    f.write(json.dumps(data))
                return path

            def export(self, task, data, path):
                self.dump(data, path)
                task.progress = 100
                db.session.add(task)
                db.session.commit()
                upload_workouts_archive.send(task_id=task.id)

            def either(self, file, path, task, keep):
                upload_workouts_archive.send(task_id=task.id)
                if keep:
                    db.session.add(task)
                    db.session.commit()
                else:
                    file.save(path)
    """,
}


def test_rs601_names_a_third_store_the_function_writes_itself(tmp_path):
    """A function writing the filesystem, the database and the job queue is
    reported once, for its first pair (file, row); the row/job pair is named
    in the same message and in `related`.  A helper's write (the scratch file
    `dump` writes) and a write in the other arm of an if/else from its
    partner are not named."""
    result = scan(tmp_path, THREE_STORES)
    found = {f.line: f for f in result.findings if f.rule_id == "RS601" and f.path == "app/service.py"}
    assert sorted(found) == [12, 27, 32]
    upload = found[12]
    assert "to the filesystem (`file.save`, line 12) and to the database (`db.session.add`, line 14)" in upload.message
    assert upload.message.endswith(
        "; it also writes to the job queue (`upload_workouts_archive.send`, line 16), and nothing spans that and the database "
        "either: if the enqueue fails or the process dies after the commit, the row exists but its job never runs (or the job "
        "runs for a row that was rolled back)"
    )
    assert ("app/service.py", 16) in {(r.path, r.line) for r in upload.related}
    assert "it also writes" not in found[27].message  # the filesystem write is dump()'s
    assert "it also writes" not in found[32].message  # file.save runs only when the row is not written


def test_dual_write_names_a_compiled_typescript_call_by_its_function(tmp_path):
    """n8n 2.41.3's community-packages.service.js: tsc compiles an imported
    call to ``await (0, promises_1.writeFile)(...)``; the message named that
    file write `await`, the first word of the statement."""
    files = {
        "package.json": '{"name": "svc", "dependencies": {"typeorm": "0.3.20"}}',
        "lib/plugins.service.js": """
            "use strict";
            Object.defineProperty(exports, "__esModule", { value: true });
            const promises_1 = require("node:fs/promises");
            class PluginsService {
                constructor(pluginRepository) {
                    this.pluginRepository = pluginRepository;
                }
                async uninstall(name, plugin) {
                    await this.dropFromManifest(name);
                    await this.pluginRepository.remove(plugin);
                }
                async dropFromManifest(name) {
                    const manifest = { plugins: {} };
                    await (0, promises_1.writeFile)('/srv/plugins/manifest.json', JSON.stringify(manifest), 'utf-8');
                }
            }
            exports.PluginsService = PluginsService;
        """,
    }
    result = scan(tmp_path, files)
    assert hits(result, "RS601") == [("lib/plugins.service.js", 10)]
    [f] = [f for f in result.findings if f.rule_id == "RS601"]
    assert "to the filesystem (`promises_1.writeFile`, line 15)" in f.message
    assert "`await`" not in f.message


def test_celery_task_sent_by_a_helper_a_periodic_task_shares_with_a_view(tmp_path):
    # celery-director 0.10.0: beat runs `execute`, whose WorkflowBuilder.run() signs `start.si(...)`;
    # POST /workflows runs the same WorkflowBuilder.run(), so nothing sends a lost `start` again
    files = {
        "app/celery.py": """
            from celery import Celery
            from celery.schedules import crontab
            app = Celery('x')
            app.conf.beat_schedule = {'execute': {'task': 'app.periodic.execute', 'schedule': crontab(minute=0)}}
        """,
        "app/tasks.py": "from .celery import app\n\n@app.task\ndef start(wid):\n    mark(wid)\n",
        "app/builder.py": """
            from celery import chain
            from .tasks import start

            class Builder:
                def __init__(self, wid):
                    self.wid = wid

                def run(self):
                    return chain(start.si(self.wid)).apply_async()
        """,
        "app/periodic.py": "from .celery import app\nfrom .builder import Builder\n\n@app.task\ndef execute(wid):\n    workflow = Builder(wid)\n    workflow.run()\n",
        "app/views.py": """
            from flask import Blueprint, request
            from .builder import Builder
            bp = Blueprint('api', __name__)

            @bp.route('/workflows', methods=['POST'])
            def create():
                workflow = Builder(request.json['id'])
                workflow.run()
                return {}
        """,
        "Procfile": "worker: celery -A app worker\n",
    }
    assert hits(scan(tmp_path, files), "RS302") == [("app/tasks.py", 3)]
    # a helper only the periodic task runs: beat sends the task again next period
    del files["app/views.py"]
    assert hits(scan(tmp_path / "only", files), "RS302") == []
