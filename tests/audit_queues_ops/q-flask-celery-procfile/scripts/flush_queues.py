"""Drop every pending message (used when resetting a staging environment)."""
from celery_app import celery

if __name__ == "__main__":
    n = celery.control.purge()
    print(f"purged {n} messages")
