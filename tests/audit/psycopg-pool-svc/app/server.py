import json
import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .store import get_price

log = logging.getLogger("prices")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        row = get_price(self.path.strip("/"))
        body = json.dumps({"price": row[0] if row else None}).encode()
        self.send_response(200 if row else 404)
        self.end_headers()
        self.wfile.write(body)


def main():
    logging.basicConfig(level=logging.INFO)
    ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()


if __name__ == "__main__":
    main()
