from .logs import configure_logging, get_logger
from .metrics import JOBS_SWEPT, metrics_app, start_metrics_server

__all__ = ["configure_logging", "get_logger", "JOBS_SWEPT", "metrics_app", "start_metrics_server"]
