"""Container images: parsing references and recognising datastores.

``parse_image("docker.io/library/postgres:16@sha256:...")`` splits a reference
into repository, last path segment, tag and digest (a registry port such as
``registry:5000/app`` is not a tag).  :data:`FAMILIES` maps the last segment of
well-known datastore images (official, bitnami, vendor registries) to a family
with its data directories and the settings that move them.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from ..lazyre import lazy_re
from ._compose_interp import UNKNOWN


@dataclass(frozen=True)
class ImageRef:
    repo: str  # lower-cased repository path without tag/digest ("docker.io/library/redis")
    name: str  # last path segment ("redis")
    tag: str  # "" when none
    digest: str  # "" when none


def parse_image(image: str) -> ImageRef | None:
    """None when the reference is empty or its repository part is unknown."""
    image = image.strip()
    if not image:
        return None
    ref, _, digest = image.partition("@")
    slash = ref.rfind("/")
    last = ref[slash + 1 :]
    name, sep, tag = last.partition(":")
    repo = (ref[: slash + 1] + name).lower()
    if UNKNOWN in name or not name:
        return None
    return ImageRef(repo=repo, name=name.lower(), tag=tag if sep else "", digest=digest)


@dataclass(frozen=True)
class Family:
    name: str  # "postgres", "redis", ...
    dirs: tuple[str, ...]  # data directories (any of them)
    env: tuple[str, ...] = ()  # variables that move the data directory
    flags: tuple[str, ...] = ()  # command flags whose value is the data directory
    stateful: bool = True


_PG = Family("postgres", ("/var/lib/postgresql/data", "/bitnami/postgresql", "/home/postgres/pgdata/data"), ("PGDATA", "POSTGRESQL_DATA_DIR"), ("-D",))
_MYSQL = Family("mysql", ("/var/lib/mysql", "/bitnami/mysql", "/bitnami/mariadb", "/bitnami/percona-mysql"), ("MYSQL_DATA_DIR", "MARIADB_DATA_DIR"), ("--datadir",))
_MARIA = Family("mariadb", _MYSQL.dirs, _MYSQL.env, _MYSQL.flags)
_MONGO = Family("mongo", ("/data/db", "/bitnami/mongodb"), ("MONGODB_DATA_DIR",), ("--dbpath",))
_REDIS = Family("redis", ("/data", "/bitnami/redis/data", "/bitnami/valkey/data", "/bitnami/redis", "/bitnami/valkey", "/bitnami/keydb"), ("REDIS_DATA_DIR", "VALKEY_DATA_DIR"), ("--dir",))
_RABBIT = Family("rabbitmq", ("/var/lib/rabbitmq", "/var/lib/rabbitmq/mnesia", "/bitnami/rabbitmq/mnesia", "/bitnami/rabbitmq"), ("RABBITMQ_MNESIA_BASE", "RABBITMQ_MNESIA_DIR", "RABBITMQ_DATA_DIR"))
_ES = Family("elasticsearch", ("/usr/share/elasticsearch/data", "/bitnami/elasticsearch/data", "/bitnami/elasticsearch"), ("path.data", "ELASTICSEARCH_DATA_DIR"))
_OS = Family("opensearch", ("/usr/share/opensearch/data", "/bitnami/opensearch/data", "/bitnami/opensearch"), ("path.data", "OPENSEARCH_DATA_DIR"))
_CASS = Family("cassandra", ("/var/lib/cassandra", "/bitnami/cassandra"), ("CASSANDRA_DATA_DIR",))
_SCYLLA = Family("scylla", ("/var/lib/scylla",))
_COUCH = Family("couchdb", ("/opt/couchdb/data", "/bitnami/couchdb"))
_COUCHBASE = Family("couchbase", ("/opt/couchbase/var",))
_NEO4J = Family("neo4j", ("/data", "/bitnami/neo4j"))
_INFLUX = Family("influxdb", ("/var/lib/influxdb", "/var/lib/influxdb2", "/bitnami/influxdb"), ("INFLUXDB_DATA_DIR", "INFLUXD_BOLT_PATH", "INFLUXD_ENGINE_PATH"))
_CLICK = Family("clickhouse", ("/var/lib/clickhouse", "/bitnami/clickhouse"))
_MINIO = Family("minio", ("/data", "/bitnami/minio/data", "/export"), ("MINIO_VOLUMES",))
_KAFKA = Family("kafka", ("/var/lib/kafka", "/bitnami/kafka", "/kafka", "/tmp/kafka-logs", "/var/lib/kafka/data", "/opt/kafka/data", "/tmp/kraft-combined-logs"), ("KAFKA_LOG_DIRS", "KAFKA_CFG_LOG_DIRS", "KAFKA_LOG_DIR"))
_ZK = Family("zookeeper", ("/data", "/datalog", "/var/lib/zookeeper", "/bitnami/zookeeper"), ("ZOO_DATA_DIR", "ZOO_DATA_LOG_DIR"))
_ETCD = Family("etcd", ("/etcd-data", "/etcd", "/var/lib/etcd", "/bitnami/etcd", "/default.etcd"), ("ETCD_DATA_DIR",), ("--data-dir",))
_NATS = Family("nats", ("/data", "/tmp/nats"), (), ("-sd", "--store_dir"))
_MSSQL = Family("mssql", ("/var/opt/mssql",), ("MSSQL_DATA_DIR",))
_COCKROACH = Family("cockroachdb", ("/cockroach/cockroach-data",), (), ("--store",))
_ARANGO = Family("arangodb", ("/var/lib/arangodb3",))
_MEILI = Family("meilisearch", ("/meili_data",), ("MEILI_DB_PATH",), ("--db-path",))
_QDRANT = Family("qdrant", ("/qdrant/storage",))
_CRATE = Family("cratedb", ("/data",), (), ("-Cpath.data",))
_VERTICA = Family("vertica", ("/data", "/home/dbadmin/docker"))
_HANA = Family("hana", ("/hana/mounts",))
_ORACLE = Family("oracle", ("/opt/oracle/oradata", "/u01/app/oracle/oradata"))
_DB2 = Family("db2", ("/database",))
_QUESTDB = Family("questdb", ("/var/lib/questdb", "/root/.questdb"))
MEMCACHED = Family("memcached", (), stateful=False)

FAMILIES: dict[str, Family] = {
    **dict.fromkeys(("postgres", "postgresql", "postgis", "timescaledb", "timescaledb-ha", "timescaledb-postgis", "pgvector", "postgresql-repmgr", "postgres-alpine"), _PG),
    **dict.fromkeys(("mysql", "mysql-server", "percona", "percona-server", "percona-mysql"), _MYSQL),
    **dict.fromkeys(("mariadb", "mariadb-galera"), _MARIA),
    **dict.fromkeys(("mongo", "mongodb", "mongodb-community-server", "mongodb-enterprise-server", "percona-server-mongodb"), _MONGO),
    **dict.fromkeys(("redis", "redis-stack", "redis-stack-server", "valkey", "keydb", "redis-cluster", "valkey-cluster", "dragonfly"), _REDIS),
    "rabbitmq": _RABBIT,
    "elasticsearch": _ES,
    "opensearch": _OS,
    "cassandra": _CASS,
    "scylla": _SCYLLA,
    "couchdb": _COUCH,
    **dict.fromkeys(("couchbase", "couchbase-server"), _COUCHBASE),
    **dict.fromkeys(("neo4j",), _NEO4J),
    **dict.fromkeys(("influxdb",), _INFLUX),
    **dict.fromkeys(("clickhouse", "clickhouse-server"), _CLICK),
    "minio": _MINIO,
    **dict.fromkeys(("kafka", "cp-kafka", "cp-server"), _KAFKA),
    **dict.fromkeys(("zookeeper", "cp-zookeeper"), _ZK),
    "etcd": _ETCD,
    "nats": _NATS,
    "cockroach": _COCKROACH,
    "arangodb": _ARANGO,
    "meilisearch": _MEILI,
    "qdrant": _QDRANT,
    **dict.fromkeys(("crate", "cratedb"), _CRATE),
    **dict.fromkeys(("vertica-ce", "vertica"), _VERTICA),
    "hanaexpress": _HANA,
    **dict.fromkeys(("oracle-xe", "oracle-free", "oracle-database"), _ORACLE),
    "db2": _DB2,
    "questdb": _QUESTDB,
    "memcached": MEMCACHED,
}
_SENTINEL_NAMES = ("redis-sentinel", "valkey-sentinel", "keydb-sentinel")
REDIS_NAMES = frozenset(k for k, v in FAMILIES.items() if v is _REDIS)


# a distribution or packaging word around an image's name (`mvertes/alpine-mongo`,
# `someone/docker-redis`, `redis-alpine`): the same datastore
_FLAVOUR = lazy_re(r"^(?:alpine|docker|debian|ubuntu)-|-(?:alpine|docker|debian|ubuntu|slim)$")


def family_of(ref: ImageRef | None) -> Family | None:
    if ref is None:
        return None
    if ref.repo.endswith("mssql/server") or ref.name in ("mssql-server-linux", "mssql-server", "azure-sql-edge"):
        return _MSSQL
    fam = FAMILIES.get(ref.name) or FAMILIES.get(_FLAVOUR.sub("", ref.name))
    if fam is not None and fam.stateful and "linuxserver/" in ref.repo:
        # linuxserver.io images keep all their state under /config
        return _linuxserver(fam)
    return fam


@functools.lru_cache(maxsize=None)
def _linuxserver(fam: Family) -> Family:
    return dataclasses.replace(fam, dirs=("/config",), env=(), flags=())


def is_sentinel_image(ref: ImageRef | None) -> bool:
    return ref is not None and (ref.name in _SENTINEL_NAMES or ref.name.endswith("-sentinel"))


__all__ = ["ImageRef", "Family", "FAMILIES", "MEMCACHED", "REDIS_NAMES", "parse_image", "family_of", "is_sentinel_image"]
