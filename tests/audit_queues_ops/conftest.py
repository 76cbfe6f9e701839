# The audit projects are scanned by tests/test_audit_queues_ops.py, never collected:
# their own test files (which the scanner must ignore) import packages that
# are not installed here.
collect_ignore_glob = ["*"]
