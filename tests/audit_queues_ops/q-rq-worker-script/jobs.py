import logging

log = logging.getLogger(__name__)


def send_digest(user_id):
    log.info("digest for %s", user_id)


def reindex(collection):
    log.info("reindexing %s", collection)
