import signal
import threading

from observability import configure_logging, get_logger, start_metrics_server
from sweeper import connect, expire_old, requeue_stalled

configure_logging()
log = get_logger("scheduler")
stop = threading.Event()

signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())


def main() -> None:
    start_metrics_server(9102)
    with connect() as conn:
        while not stop.is_set():
            n = requeue_stalled(conn) + expire_old(conn)
            log.info("sweep done, %d jobs touched", n)
            stop.wait(30)


if __name__ == "__main__":
    main()
