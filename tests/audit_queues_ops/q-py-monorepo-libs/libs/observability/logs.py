import logging
import sys


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(stream=sys.stdout, level=level, format='{"ts":"%(asctime)s","level":"%(levelname)s","msg":"%(message)s"}')


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(name)
