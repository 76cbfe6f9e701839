#!/bin/sh
set -e
case "$1" in
  web)
    exec gunicorn crawler.web:app --bind 0.0.0.0:8000 --workers 2
    ;;
  worker)
    exec celery --app crawler.celery_app worker --loglevel INFO --concurrency "${CONCURRENCY:-4}"
    ;;
  *)
    exec "$@"
    ;;
esac
