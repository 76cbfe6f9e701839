from prometheus_client import Counter, make_asgi_app, start_http_server

JOBS_SWEPT = Counter("jobs_swept_total", "Jobs touched by the sweeper", ["action"])
metrics_app = make_asgi_app()


def start_metrics_server(port: int) -> None:
    start_http_server(port)
